import { Layout } from './layout';

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
          pořádáme, a&nbsp;mohli vyhodnotit akční plán „Posilování úrovně služeb v&nbsp;digitálním
          věku“ (například kolik úřadů se vzdělávání účastní).
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

/** Accessibility statement as zákon č. 99/2019 Sb. and vyhláška č. 515/2020 Sb. require. */
export function AccessibilityStatementPage(props: { siteUrl: string }) {
  return (
    <Layout title="Prohlášení o přístupnosti" narrow={true}>
      <h1>Prohlášení o&nbsp;přístupnosti</h1>
      <p>
        Liberecký kraj se zavazuje zpřístupnit své internetové stránky v&nbsp;souladu se zákonem
        č.&nbsp;99/2019&nbsp;Sb., o&nbsp;přístupnosti internetových stránek a&nbsp;mobilních
        aplikací. Toto prohlášení se vztahuje na stránky <a href={props.siteUrl}>{props.siteUrl}</a>{' '}
        (registrace na školení a&nbsp;akce akčního plánu).
      </p>

      <h2>Stav souladu</h2>
      <p>
        Stránky jsou <strong>v&nbsp;souladu</strong> se zákonem č.&nbsp;99/2019&nbsp;Sb.
        a&nbsp;normou ČSN EN 301 549, která odkazuje na pravidla WCAG&nbsp;2.1 na úrovni AA.
      </p>
      <ul>
        <li>
          Všechny formuláře lze vyplnit a&nbsp;odeslat jen pomocí klávesnice a&nbsp;bez JavaScriptu.
        </li>
        <li>Chyby ve formuláři jsou vypsány souhrnně na začátku a&nbsp;u&nbsp;každého pole.</li>
        <li>
          Texty mají dostatečný kontrast a&nbsp;stránky se přizpůsobí velikosti obrazovky
          i&nbsp;zvětšení písma.
        </li>
      </ul>

      <h2>Vypracování prohlášení</h2>
      <p>
        Prohlášení bylo vypracováno dne [doplňte datum] na základě vlastního posouzení provozovatele
        (automatizované testy a&nbsp;ruční kontrola ovládání klávesnicí a&nbsp;čtečkou obrazovky).
        Naposledy bylo přezkoumáno dne [doplňte datum].
      </p>

      <h2>Zpětná vazba a&nbsp;kontakty</h2>
      <p>
        Pokud na stránkách narazíte na něco, co vám brání v&nbsp;jejich používání, dejte nám prosím
        vědět. Obsah vám zpřístupníme jiným způsobem a&nbsp;problém odstraníme.
      </p>
      <p>
        Kontakt: <strong>[doplňte e-mail a&nbsp;telefon odpovědného pracoviště]</strong>. Na podnět
        odpovíme bez zbytečného odkladu, nejpozději do 30&nbsp;dnů.
      </p>

      <h2>Vymáhání</h2>
      <p>
        Pokud na svůj podnět nedostanete odpověď nebo vás odpověď neuspokojí, můžete podat podnět ke
        kontrole Ministerstvu vnitra, které dohlíží na dodržování zákona č.&nbsp;99/2019&nbsp;Sb.:
        Ministerstvo vnitra, Nad Štolou 936/3, 170&nbsp;34 Praha&nbsp;7,{' '}
        <a href="https://www.mvcr.cz">www.mvcr.cz</a>.
      </p>
    </Layout>
  );
}
