import { ErrorSummary, errorFor, type FormError, TextField } from '../form-components';
import { Layout } from '../layout';

export const loginErrorMessage = 'Přístupový kód není správný. Zkontrolujte ho a zkuste to znovu.';

/**
 * `GET /admin/prihlaseni`: the organiser signs in with the access token (ADMIN_AUTH=token), or
 * (ADMIN_AUTH=cognito) follows the button to the hosted UI.
 */
export function LoginPage(props: {
  next?: string;
  errors?: readonly FormError[];
  signedOut?: boolean;
  /** Cognito mode: sign-in happens at the identity provider, there is no token to type. */
  external?: boolean;
}) {
  const errors = props.errors ?? [];
  return (
    <Layout title="Přihlášení pro organizátory" narrow={true} hasErrors={errors.length > 0}>
      <h1>Přihlášení pro organizátory</h1>
      {props.signedOut ? (
        <p class="notice notice-success" role="status">
          Odhlásili jsme vás.
        </p>
      ) : null}
      {props.external ? (
        <>
          <p>
            Organizátoři se přihlašují svým organizátorským účtem na přihlašovací stránce systému.
            Pokud účet nemáte, obraťte se prosím na správce systému.
          </p>
          <p>
            <a
              class="button"
              href={`/admin/prihlaseni?next=${encodeURIComponent(props.next ?? '/admin')}`}
            >
              Přihlásit se
            </a>
          </p>
        </>
      ) : (
        <>
          <p>Zadejte přístupový kód, který vám předal správce systému.</p>
          <ErrorSummary errors={errors} />
          <form class="stacked" method="post" action="/admin/prihlaseni" novalidate>
            {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
            <TextField
              id="token"
              type="password"
              label="Přístupový kód"
              autocomplete="current-password"
              spellcheck={false}
              error={errorFor(errors, 'token')}
            />
            <button type="submit">Přihlásit se</button>
          </form>
        </>
      )}
    </Layout>
  );
}
