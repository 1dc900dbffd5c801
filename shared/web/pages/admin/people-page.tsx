import { paths } from '../../paths';
import { MessagePage } from '../error-pages';
import { csrfFieldName } from '../layout';

/** The data-subject request form, with what the last request found or did. */
export function PeoplePage(props: {
  csrfToken: string;
  message?: string;
  email?: string;
  result?: unknown;
}) {
  return (
    <MessagePage
      title="Osobní údaje jedné osoby"
      organiser={true}
      csrfToken={props.csrfToken}
      {...(props.message ? { message: props.message } : {})}
    >
      <p>
        Když někdo požádá o přehled svých údajů nebo o jejich výmaz (čl. 15 a 17 GDPR), zadejte jeho
        e-mailovou adresu. Každé vyhledání i výmaz zapíšeme do auditního záznamu.
      </p>
      <form class="stacked" method="post" action={paths.people.pattern} novalidate>
        <input type="hidden" name={csrfFieldName} value={props.csrfToken} />
        <label for="email">E-mailová adresa</label>
        <input id="email" name="email" type="email" value={props.email ?? ''} autocomplete="off" />
        <label>
          <input type="checkbox" name="confirmErase" value="1" /> Výmaz potvrzuji: přihlášky
          zůstanou jen jako anonymní záznamy pro ukazatele.
        </label>
        <button type="submit" name="action" value="export">
          Zobrazit uložené údaje
        </button>{' '}
        <button type="submit" name="action" value="erase">
          Vymazat údaje
        </button>
      </form>
      {props.result ? <pre class="data-export">{JSON.stringify(props.result, null, 2)}</pre> : null}
    </MessagePage>
  );
}
