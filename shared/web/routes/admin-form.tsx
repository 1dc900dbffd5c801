import type { Context } from 'hono';
import { isValidOrganiserCsrf, organiserCsrfToken } from '../auth';
import type { AppDeps } from '../deps';
import { MessagePage } from '../pages/error-pages';
import { type FormBody, readForm } from '../pages/form-body';
import { csrfFieldName } from '../pages/layout';

/**
 * A state-changing organiser form: urlencoded, with the CSRF token of this session; anything
 * else gets a page that says to reload and try again.
 */
export async function readAdminForm(
  c: Context,
  deps: Pick<AppDeps, 'auth' | 'linkSecret'>,
): Promise<FormBody> {
  const body = await readForm(c);
  if (!body.ok) return body;
  if (!isValidOrganiserCsrf(c, deps.auth, deps.linkSecret, body.form[csrfFieldName])) {
    return {
      ok: false,
      response: await c.html(
        <MessagePage
          title="Formulář nelze přijmout"
          message="Formulář nebyl odeslán z této stránky nebo mezitím skončilo přihlášení. Načtěte prosím stránku znovu a akci zopakujte."
          organiser={true}
          csrfToken={organiserCsrfToken(c, deps.auth, deps.linkSecret)}
        />,
        403,
      ),
    };
  }
  return body;
}
