import { type Context, Hono } from 'hono';
import { countCs, REGISTRATIONS } from '../../domain/czech-plural';
import { ValidationError } from '../../domain/errors';
import {
  erasePersonData,
  exportPersonData,
  parseDataSubjectRequest,
} from '../../use-cases/data-subject';
import {
  isValidOrganiserCsrf,
  organiserCsrfToken,
  organiserIdentity,
  requireOrganiserPage,
} from '../auth';
import type { AppDeps } from '../deps';
import { PeoplePage } from '../pages/admin/people-page';
import { readForm } from '../pages/form-body';
import { csrfFieldName } from '../pages/layout';
import { paths } from '../paths';

export const peoplePagePath = paths.people.pattern;

/**
 * The organiser page for data-subject requests (GDPR Art. 15 and 17): look up everything held
 * about one email address, or erase it. Both are POSTs with the session's CSRF token, so the
 * address never lands in a URL, a log or the browser history.
 */
export function peoplePageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  const csrf = (c: Context) => organiserCsrfToken(c, deps.auth, deps.linkSecret);
  pages.use('*', requireOrganiserPage(deps.auth));

  const page = (c: Context, body: { message?: string; email?: string; result?: unknown }) => (
    <PeoplePage csrfToken={csrf(c)} {...body} />
  );

  pages.get('/', (c) => c.html(page(c, {})));

  pages.post('/', async (c) => {
    const body = await readForm(c);
    if (!body.ok) return body.response;
    if (!isValidOrganiserCsrf(c, deps.auth, deps.linkSecret, body.form[csrfFieldName])) {
      return c.html(
        page(c, {
          message:
            'Formulář nebyl odeslán z této stránky nebo mezitím skončilo přihlášení. Zkuste to prosím znovu.',
        }),
        403,
      );
    }
    if (!deps.people) throw new Error('Data-subject requests are not configured');
    const people = { ...deps.people, now: deps.now };
    const actor = organiserIdentity(c, deps.auth);
    let email: string;
    try {
      email = parseDataSubjectRequest({ email: body.form.email });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(
        page(c, { message: error.errors[0]?.message ?? '', email: body.form.email }),
        400,
      );
    }
    if (body.form.action === 'erase') {
      if (body.form.confirmErase !== '1') {
        return c.html(
          page(c, { message: 'Výmaz je nevratný: potvrďte ho prosím zaškrtnutím.', email }),
          400,
        );
      }
      const erased = await erasePersonData(people, email, actor);
      return c.html(
        page(c, {
          message: `Údaje jsme vymazali. Anonymizováno: ${countCs(erased.registrationsAnonymised, REGISTRATIONS)}.`,
        }),
      );
    }
    const held = await exportPersonData(people, email, actor);
    return c.html(
      page(c, {
        message: `Uložené údaje: ${countCs(held.registrations.length, REGISTRATIONS)}.`,
        email,
        result: held,
      }),
    );
  });

  return pages;
}
