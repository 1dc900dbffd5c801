import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { DomainError } from '../domain/errors';
import type { AppDeps } from './deps';
import { maxBodyBytes, payloadTooLarge } from './http-errors';
import { notFoundPage, payloadTooLargePage, serverErrorPage } from './pages/error-pages';
import { setSiteContact } from './pages/site-contact';
import { adminApiRoutes } from './routes/admin-api';
import { adminPageRoutes } from './routes/admin-pages';
import { attendanceApiRoutes } from './routes/attendance-api';
import { attendancePageRoutes } from './routes/attendance-pages';
import { dashboardPageRoutes } from './routes/dashboard-pages';
import { adminIndicatorRoutes, publicIndicatorRoutes } from './routes/indicator-api';
import { openDataRoutes } from './routes/open-data';
import { peopleApiRoutes } from './routes/people-api';
import { peoplePagePath, peoplePageRoutes } from './routes/people-pages';
import { publicApiRoutes } from './routes/public-api';
import { publicPageRoutes } from './routes/public-pages';
import { surveyAdminPageRoutes, surveyPageRoutes } from './routes/survey-pages';

export type { AppDeps } from './deps';

/** An email address inside free text, e.g. an AWS error message quoting a recipient. */
const emailAddress = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+\.[^\s@<>"'(),;:[\]]+/g;

/**
 * What the log may say about an unexpected error. Request bodies hold names and addresses, and a
 * message can quote the input that caused it (JSON.parse does): only messages this code or an
 * AWS service wrote are kept, and addresses in them are blanked.
 */
function loggableError(error: Error): { error: string; message?: string } {
  const fromAws = typeof (error as { $metadata?: unknown }).$metadata === 'object';
  if (!fromAws && !(error instanceof DomainError)) return { error: error.name };
  return { error: error.name, message: error.message.replace(emailAddress, '[address]') };
}

/**
 * The whole HTTP surface: public pages and form endpoint, the JSON API and the organiser pages.
 * On Lambda it runs behind API Gateway; locally behind Node's HTTP server. Same code.
 */
export function createApp(deps: AppDeps): Hono {
  setSiteContact(deps.contact);
  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.req.path.startsWith('/api/')
          ? c.json(payloadTooLarge, 413)
          : c.html(payloadTooLargePage(), 413),
    }),
  );
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/api/admin/indicators', adminIndicatorRoutes(deps));
  app.route('/api/admin/people', peopleApiRoutes(deps));
  app.route('/api/admin', attendanceApiRoutes(deps));
  app.route('/api/admin', adminApiRoutes(deps));
  app.route('/api/indicators', publicIndicatorRoutes(deps));
  app.route('/api', publicApiRoutes(deps));
  app.route('/admin/prehled', dashboardPageRoutes(deps));
  app.route(peoplePagePath, peoplePageRoutes(deps));
  app.route('/admin', attendancePageRoutes(deps));
  app.route('/admin', surveyAdminPageRoutes(deps));
  app.route('/admin', adminPageRoutes(deps));
  app.route('/', openDataRoutes(deps));
  app.route('/', surveyPageRoutes(deps));
  app.route('/', publicPageRoutes(deps));

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json(
          { errors: [{ field: 'path', code: 'not_found', message: 'Tato adresa neexistuje.' }] },
          404,
        )
      : c.html(notFoundPage(), 404),
  );
  app.onError((error, c) => {
    console.error(JSON.stringify({ level: 'error', ...loggableError(error) }));
    const status = error instanceof DomainError ? 400 : 500;
    return c.req.path.startsWith('/api/')
      ? c.json(
          {
            errors: [
              {
                field: 'body',
                code: 'internal_error',
                message: 'Něco se pokazilo. Zkuste to prosím za chvíli znovu.',
              },
            ],
          },
          status,
        )
      : c.html(serverErrorPage(), status);
  });
  return app;
}
