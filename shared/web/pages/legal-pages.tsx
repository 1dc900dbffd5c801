import { countCs, YEARS_GENITIVE } from '../../domain/czech-plural';
import {
  actionPlan,
  actionPlanGenitive,
  type OrganiserContact,
  organiserOffice,
  terms,
} from '../../domain/vocabulary';
import { Layout } from './layout';
import { nbsp } from './typography';

/** Where the data is stored, as a person reads it; other regions by their AWS code. */
const regionNames: Record<string, string> = {
  'eu-central-1': 'Frankfurt nad Mohanem, Německo',
  'eu-central-2': 'Curych, Švýcarsko',
  'eu-west-1': 'Irsko',
  'eu-north-1': 'Stockholm, Švédsko',
};

export interface PrivacyNoticeProps {
  retentionDays: number;
  /** The controller: the organising public body. */
  controller: { name: string; ico: string; address?: string };
  /** DPO_CONTACT: how to reach the data protection officer. */
  dpoContact?: string;
  /** The organisers' mailbox, where requests may go too. */
  contactEmail?: string;
  /** The AWS region the stack runs in. */
  region: string;
  /** Years the register of issued certificates keeps an entry; without it, none are issued. */
  certificateRetentionYears?: number;
}

/**
 * Information under GDPR art. 13, linked from the acknowledgement check box of the registration
 * form. Registration rests on the public task (and, for clerks, on the legal duty to train), not
 * on consent; consent is the basis of the optional survey only. Every value comes from the
 * settings, so the page never shows a placeholder.
 */
export function PrivacyNoticePage(props: PrivacyNoticeProps) {
  const { controller } = props;
  const where = regionNames[props.region] ?? `region AWS ${props.region}`;
  return (
    <Layout title="Ochrana osobních údajů" narrow={true}>
      <h1>Informace o&nbsp;zpracování osobních údajů</h1>
      <p class="lead">
        {nbsp(
          `Při registraci na ${terms.event} zpracováváme několik vašich osobních údajů. Tady najdete, kdo je zpracovává, proč a na jakém právním základě, jak dlouho je uchováváme a jaká máte práva (podle čl. 13 obecného nařízení o ochraně osobních údajů, GDPR).`,
        )}
      </p>

      <h2>Správce a&nbsp;pověřenec</h2>
      <p>
        Správcem osobních údajů je <strong>{controller.name}</strong>, IČO&nbsp;{controller.ico}
        {controller.address ? `, ${nbsp(controller.address)}` : ''}.
      </p>
      {props.dpoContact ? (
        <p>
          Pověřenec pro ochranu osobních údajů: <strong>{props.dpoContact}</strong>.
        </p>
      ) : (
        <p>
          {nbsp(
            `Pověřence pro ochranu osobních údajů zastihnete prostřednictvím organizátorů${props.contactEmail ? ` na adrese ${props.contactEmail}` : ''}.`,
          )}
        </p>
      )}

      <h2>Jaké údaje, proč a&nbsp;na jakém právním základě</h2>
      <ul>
        <li>
          <strong>Jméno a&nbsp;příjmení, e-mail</strong>{' '}
          {nbsp(
            `– abychom vám mohli potvrdit registraci, poslat připomenutí, informovat vás o změně nebo zrušení akce, uvolnit vám místo z čekací listiny a vést prezenci.`,
          )}
        </li>
        <li>
          <strong>Role, název organizace a&nbsp;IČO, {terms.presence} na akci</strong>{' '}
          {nbsp(
            `– abychom věděli, pro koho akce pořádáme, a mohli vyhodnotit plnění ${actionPlanGenitive} (například kolik úřadů se vzdělávání účastní).`,
          )}
        </li>
      </ul>
      <p>
        {nbsp(
          'Registraci a organizaci akcí zajišťujeme jako úkol ve veřejném zájmu (čl. 6 odst. 1 písm. e) GDPR): vzdělávání pro veřejnou správu podle akčního plánu. U úřednic a úředníků územních samosprávných celků jde zároveň o plnění právní povinnosti (čl. 6 odst. 1 písm. c) GDPR) podle zákona č. 312/2002 Sb., o úřednících územních samosprávných celků, který ukládá prohlubovat kvalifikaci.',
        )}
      </p>
      <p>
        {nbsp(
          'Zaškrtnutím políčka ve formuláři potvrzujete, že jste se s těmito informacemi seznámili; nejde o souhlas. Poskytnutí údajů je dobrovolné, bez jména a e-mailu se ale zaregistrovat nelze.',
        )}
      </p>
      <p>
        {nbsp(
          'Dotazník spokojenosti po akci je nepovinný a vyplňujete ho na základě svého souhlasu (čl. 6 odst. 1 písm. a) GDPR), který dáváte jeho odesláním. Odpovědi ukládáme anonymně, bez jména a e-mailu, takže je po odeslání už nelze s vámi spojit.',
        )}
      </p>

      <h2>Kdo má k&nbsp;údajům přístup</h2>
      <p>
        {nbsp(
          `Organizátoři akcí z úřadu správce. Systém běží v cloudu společnosti Amazon Web Services EMEA SARL, která je zpracovatelem, v datovém centru v Evropské unii (${where}); e-maily odesíláme službou Amazon SES. Údaje nikomu neprodáváme a nikomu dalšímu je nepředáváme.`,
        )}
      </p>

      <h2>Jak dlouho údaje uchováváme</h2>
      <ul>
        <li>
          <strong>{nbsp(`Jméno a e-mail: ${props.retentionDays} dní po skončení akce`)}</strong>
          {nbsp(
            ', pak je mažeme spolu se záznamy o odeslaných e-mailech, pozvánkách do dotazníku a prezenci. Po smazání už nelze zjistit, kdo konkrétně se akce zúčastnil.',
          )}
        </li>
        <li>
          {nbsp(
            `Anonymní údaje pro ${terms.indicators} (role, organizace a její IČO, účast bez jména) uchováváme pro vyhodnocení akčního plánu trvale.`,
          )}
        </li>
        <li>
          {nbsp(
            'Odpovědi v dotazníku jsou anonymní; slovní komentáře mažeme spolu s kontaktními údaji, protože mohou někoho jmenovat.',
          )}
        </li>
        {props.certificateRetentionYears ? (
          <li>
            {nbsp(
              `Osvědčení o absolvování: v evidenci vydaných osvědčení vedeme jméno, jak je na osvědčení uvedeno, akci a číslo osvědčení (bez e-mailu) po dobu ${countCs(props.certificateRetentionYears, YEARS_GENITIVE)}, jak to vyžaduje vedení evidence podle zákona č. 312/2002 Sb.`,
            )}
          </li>
        ) : null}
        <li>
          {nbsp(
            'Záznam o vyřízení vaší žádosti o přístup k údajům nebo o jejich výmaz uchováváme 5 let.',
          )}
        </li>
        <li>
          {nbsp(
            'Zálohy: databáze umožňuje obnovu k libovolnému okamžiku za posledních 35 dní, smazané údaje proto ze záloh zmizí nejpozději 35 dní po smazání.',
          )}
        </li>
      </ul>

      <h2>Vaše práva</h2>
      <ul>
        <li>
          {nbsp(
            'Máte právo na přístup ke svým údajům (čl. 15 GDPR), jejich opravu (čl. 16) a výmaz (čl. 17) a na omezení zpracování (čl. 18).',
          )}
        </li>
        <li>
          {nbsp(
            'Proti zpracování pro úkol ve veřejném zájmu můžete vznést námitku (čl. 21 GDPR). Registraci můžete kdykoli zrušit odkazem z potvrzovacího e-mailu.',
          )}
        </li>
        <li>
          {nbsp(
            'Máte právo podat stížnost u Úřadu pro ochranu osobních údajů (ÚOOÚ), Pplk. Sochora 27, 170 00 Praha 7,',
          )}{' '}
          <a href="https://uoou.gov.cz">uoou.gov.cz</a>.
        </li>
      </ul>
      <p>
        {nbsp(
          'Se žádostí nebo dotazem se obraťte na pověřence pro ochranu osobních údajů (viz výše).',
        )}
      </p>
      <p>
        {nbsp(
          'Údaje nepoužíváme k automatizovanému rozhodování ani k profilování; o registraci, místě na akci i čekací listině rozhoduje jen pořadí přihlášek.',
        )}
      </p>
    </Layout>
  );
}

/** The day the accessibility statement was prepared, and the day it was last reviewed. */
export const accessibilityStatementDates = {
  prepared: '22.\u00a0listopadu 2026',
  reviewed: '22.\u00a0listopadu 2026',
};

/** Who answers accessibility feedback: the organisers. */
export type SiteContact = OrganiserContact;

/**
 * Accessibility statement in the structure vyhláška č. 515/2020 Sb. prescribes for zákon
 * č. 99/2019 Sb.: scope, compliance status, inaccessible content, how and when it was prepared,
 * feedback and contacts, enforcement. The section headings follow the statutory template so
 * that the supervising ministry's reviewers find each part where they expect it.
 */
export function AccessibilityStatementPage(props: { siteUrl: string; contact?: SiteContact }) {
  const { contact } = props;
  return (
    <Layout title="Prohlášení o přístupnosti" narrow={true}>
      <h1>Prohlášení o&nbsp;přístupnosti</h1>
      <p>
        Liberecký kraj se zavazuje zpřístupnit své internetové stránky v&nbsp;souladu se zákonem
        č.&nbsp;99/2019&nbsp;Sb., o&nbsp;přístupnosti internetových stránek a&nbsp;mobilních
        aplikací a&nbsp;o&nbsp;změně zákona č.&nbsp;365/2000&nbsp;Sb., o&nbsp;informačních systémech
        veřejné správy a&nbsp;o&nbsp;změně některých dalších zákonů, ve znění pozdějších předpisů.
      </p>
      <p>
        Toto prohlášení o&nbsp;přístupnosti se vztahuje na internetové stránky{' '}
        <a href={props.siteUrl}>{props.siteUrl}</a> – nabídku školení a&nbsp;dalších akcí akčního
        plánu „{actionPlan.name}“ (oblast „{nbsp(actionPlan.area)}“), registraci na ně, rušení
        registrace, dotazníky spokojenosti a&nbsp;stránky pro organizátory akcí.
      </p>

      <h2>Stav souladu</h2>
      <p>
        Tyto internetové stránky jsou <strong>v&nbsp;souladu</strong> se zákonem
        č.&nbsp;99/2019&nbsp;Sb., tedy s&nbsp;normou ČSN EN 301 549 a&nbsp;s&nbsp;pravidly WCAG 2.1
        na úrovni AA, s&nbsp;výjimkou obsahu mimo rozsah působnosti zákona uvedeného níže.
      </p>
      <ul>
        <li>
          Všechny formuláře lze vyplnit a&nbsp;odeslat jen pomocí klávesnice a&nbsp;fungují
          i&nbsp;bez JavaScriptu.
        </li>
        <li>
          Chyby ve formuláři jsou vypsány souhrnně na začátku formuláře, odkazy v&nbsp;souhrnu
          přesunou kurzor do chybného pole a&nbsp;chyba je uvedena i&nbsp;u&nbsp;pole samotného.
        </li>
        <li>
          Texty mají dostatečný kontrast, stránky se přizpůsobí velikosti obrazovky i&nbsp;zvětšení
          písma a&nbsp;grafy mají textový popis i&nbsp;tabulku s&nbsp;hodnotami.
        </li>
      </ul>

      <h2>Nepřístupný obsah</h2>
      <p>Nepřístupný obsah, který by byl v&nbsp;nesouladu se zákonem, nám není znám.</p>
      <h3>Obsah mimo rozsah působnosti zákona</h3>
      <p>
        Organizátoři se v&nbsp;ostrém provozu přihlašují na přihlašovací stránce služby Amazon
        Cognito. Jde o&nbsp;obsah třetí strany, který Liberecký kraj nevyvíjí ani nemá pod
        kontrolou, a&nbsp;jeho přístupnost jsme neověřovali. Pokud vám přihlášení působí potíže,
        ozvěte se nám (viz kontakty níže) a&nbsp;pomůžeme vám jinak.
      </p>

      <h2>Vypracování tohoto prohlášení o&nbsp;přístupnosti</h2>
      <p>Toto prohlášení bylo vypracováno dne {accessibilityStatementDates.prepared}.</p>
      <p>
        Prohlášení bylo vypracováno na základě <strong>vlastního posouzení</strong> provedeného
        provozovatelem stránek. Posouzení zahrnovalo:
      </p>
      <ul>
        <li>
          automatizované testy nástrojem axe-core v&nbsp;prohlížeči Chromium na všech veřejných
          stránkách i&nbsp;stránkách pro organizátory, a&nbsp;to ve všech jejich stavech (například
          formulář s&nbsp;chybami, zaplněná akce s&nbsp;čekací listinou, zrušená akce, chybové
          stránky), podle pravidel WCAG 2.1 úrovně A&nbsp;a&nbsp;AA, včetně kontroly, že se stránky
          při šířce 320&nbsp;px (zvětšení na 400&nbsp;%) obejdou bez vodorovného posouvání; testy se
          spouštějí automaticky při každé změně stránek;
        </li>
        <li>
          automatizované průchody stránkami v&nbsp;prohlížeči se zapnutým i&nbsp;vypnutým
          JavaScriptem: registrace přes formulář, přesun kurzoru z&nbsp;přehledu chyb do polí,
          zrušení registrace odkazem z&nbsp;e-mailu, vyplnění dotazníku;
        </li>
        <li>kontrolu kódu stránek podle jednotlivých kritérií WCAG 2.1.</li>
      </ul>
      <p>Prohlášení bylo naposledy přezkoumáno dne {accessibilityStatementDates.reviewed}.</p>

      <h2>Zpětná vazba a&nbsp;kontaktní údaje</h2>
      <p>
        Pokud na stránkách narazíte na cokoli, co vám brání v&nbsp;jejich používání, nebo
        potřebujete informace z&nbsp;nich v&nbsp;jiné podobě, dejte nám prosím vědět. Obsah vám
        zpřístupníme jiným způsobem a&nbsp;problém odstraníme.
      </p>
      {contact ? (
        <p>
          Napište nám na e-mail <a href={`mailto:${contact.email}`}>{contact.email}</a> nebo
          zavolejte na telefon {nbsp(contact.phone)} ({organiserOffice}, {nbsp(contact.address)}).
          Do zprávy prosím uveďte adresu stránky a&nbsp;popis potíže.
        </p>
      ) : (
        <p>
          Kontakt: <strong>[doplňte e-mail a&nbsp;telefon odpovědného pracoviště]</strong>.
        </p>
      )}
      <p>Na podnět odpovíme bez zbytečného odkladu, nejpozději do 30&nbsp;dnů.</p>

      <h2>Postup pro vymáhání</h2>
      <p>
        Pokud na svůj podnět nedostanete odpověď nebo vás odpověď neuspokojí, můžete se obrátit na
        Ministerstvo vnitra, které dohlíží na dodržování zákona č.&nbsp;99/2019&nbsp;Sb.,
        a&nbsp;podat mu podnět ke kontrole:
      </p>
      <p>
        Ministerstvo vnitra
        <br />
        Nad Štolou 936/3
        <br />
        170&nbsp;34 Praha&nbsp;7
        <br />
        <a href="https://www.mvcr.cz">www.mvcr.cz</a>
      </p>
    </Layout>
  );
}
