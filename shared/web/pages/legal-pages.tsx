import { actionPlan, type OrganiserContact, organiserOffice } from '../../domain/vocabulary';
import { Layout } from './layout';
import { nbsp } from './typography';

/**
 * Texts required by law. Items in square brackets are for the operator to fill in before going
 * live; they are marked so that nobody mistakes them for real contacts.
 */

/** Information under GDPR art. 13, linked from the consent check box of the registration form. */
export function PrivacyNoticePage(props: { retentionDays: number }) {
  return (
    <Layout title="Ochrana osobních údajů" narrow={true}>
      <h1>Informace o&nbsp;zpracování osobních údajů</h1>
      <p class="lead">
        Při registraci na školení a&nbsp;další akce zpracováváme několik vašich osobních údajů. Tady
        najdete, proč to děláme, jak dlouho údaje uchováváme a&nbsp;jaká máte práva (podle
        čl.&nbsp;13 obecného nařízení o&nbsp;ochraně osobních údajů, GDPR).
      </p>

      <h2>Kdo údaje zpracovává</h2>
      <p>
        Správcem osobních údajů je <strong>Liberecký kraj</strong>, IČO 70891508, se sídlem
        U&nbsp;Jezu 642/2a, 461&nbsp;80 Liberec&nbsp;2.
      </p>
      <p>
        Pověřenec pro ochranu osobních údajů:{' '}
        <strong>[doplňte jméno pověřence, e-mail a&nbsp;telefon]</strong>.
      </p>

      <h2>Jaké údaje a&nbsp;proč</h2>
      <ul>
        <li>
          <strong>Jméno a&nbsp;příjmení, e-mail</strong> – abychom vám mohli potvrdit registraci,
          poslat připomenutí, informovat vás o&nbsp;změně nebo zrušení akce, uvolnit místo
          z&nbsp;čekací listiny, vést prezenci a&nbsp;po akci vás požádat o&nbsp;zpětnou vazbu.
        </li>
        <li>
          <strong>Role, název organizace a&nbsp;IČO</strong> – abychom věděli, pro koho akce
          pořádáme, a&nbsp;mohli vyhodnotit akční plán „{actionPlan.name}“, oblast „
          {nbsp(actionPlan.area)}“ (například kolik úřadů se vzdělávání účastní).
        </li>
        <li>
          <strong>Účast na akci</strong> – zaznamenáváme, zda jste se akce zúčastnili, pro prezenční
          listinu a&nbsp;vyhodnocení akčního plánu.
        </li>
      </ul>
      <p>
        Dotazník zpětné vazby je anonymní: odpovědi neukládáme s&nbsp;vaším jménem ani e-mailem.
      </p>

      <h2>Právní základ</h2>
      <p>
        Kontaktní údaje zpracováváme na základě vašeho souhlasu (čl.&nbsp;6 odst.&nbsp;1
        písm.&nbsp;a) GDPR), který dáváte zaškrtnutím políčka v&nbsp;registračním formuláři.
        Vyhodnocení akčního plánu je úkolem ve veřejném zájmu (čl.&nbsp;6 odst.&nbsp;1 písm.&nbsp;e)
        GDPR).
      </p>

      <h2>Jak dlouho údaje uchováváme</h2>
      <p>
        <strong>
          {props.retentionDays}&nbsp;dní po akci, pak mažeme kontaktní údaje; organizace
          a&nbsp;účast zůstávají pro vyhodnocení akčního plánu.
        </strong>{' '}
        Po smazání už nelze zjistit, kdo konkrétně se akce zúčastnil.
      </p>

      <h2>Kdo má k&nbsp;údajům přístup</h2>
      <p>
        Organizátoři akcí z&nbsp;Krajského úřadu Libereckého kraje. Systém běží v&nbsp;cloudu Amazon
        Web Services (zpracovatel) v&nbsp;datovém centru v&nbsp;Evropské unii (Frankfurt nad
        Mohanem); e-maily odesíláme službou Amazon SES. Údaje nikomu neprodáváme ani nepředáváme
        mimo Evropskou unii.
      </p>

      <h2>Vaše práva</h2>
      <ul>
        <li>
          Souhlas můžete kdykoli odvolat – nejsnáze zrušením registrace odkazem z&nbsp;potvrzovacího
          e-mailu. Odvolání se netýká zpracování, které proběhlo předtím.
        </li>
        <li>Máte právo na přístup ke svým údajům, jejich opravu nebo výmaz.</li>
        <li>Můžete žádat omezení zpracování, přenesení údajů nebo vznést námitku.</li>
        <li>
          Můžete podat stížnost u&nbsp;Úřadu pro ochranu osobních údajů, Pplk.&nbsp;Sochora 27,
          170&nbsp;00 Praha&nbsp;7, <a href="https://uoou.gov.cz">uoou.gov.cz</a>.
        </li>
      </ul>
      <p>Se žádostí nebo dotazem se obraťte na pověřence pro ochranu osobních údajů (viz výše).</p>
      <p>Údaje nepoužíváme k&nbsp;automatizovanému rozhodování ani profilování.</p>
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
