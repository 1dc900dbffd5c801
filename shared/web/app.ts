import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { DomainError } from '../domain/errors';
import type { AppDeps } from './deps';
import { maxBodyBytes, payloadTooLarge } from './http-errors';
import { maskEmailAddresses } from './mask-addresses';
import { notFoundPage, payloadTooLargePage, serverErrorPage } from './pages/error-pages';
import { setSiteContact } from './pages/site-contact';
import { adminApiRoutes } from './routes/admin-api';
import { adminDownloadRoutes } from './routes/admin-downloads';
import { adminPageRoutes } from './routes/admin-pages';
import { attendanceApiRoutes } from './routes/attendance-api';
import { attendancePageRoutes } from './routes/attendance-pages';
import { adminCertificateRoutes, publicCertificateRoutes } from './routes/certificate-pages';
import { dashboardPageRoutes } from './routes/dashboard-pages';
import { adminIndicatorRoutes, publicIndicatorRoutes } from './routes/indicator-api';
import { openDataRoutes } from './routes/open-data';
import { peopleApiRoutes } from './routes/people-api';
import { peoplePagePath, peoplePageRoutes } from './routes/people-pages';
import { publicApiRoutes } from './routes/public-api';
import { publicPageRoutes } from './routes/public-pages';
import { surveyAdminPageRoutes, surveyPageRoutes } from './routes/survey-pages';

export type { AppDeps } from './deps';

/**
 * What the log may say about an unexpected error. Request bodies hold names and addresses, and a
 * message can quote the input that caused it (JSON.parse does): only messages this code or an
 * AWS service wrote are kept, and addresses in them are blanked.
 */
function loggableError(error: Error): { error: string; message?: string } {
  const fromAws = typeof (error as { $metadata?: unknown }).$metadata === 'object';
  if (!fromAws && !(error instanceof DomainError)) return { error: error.name };
  return { error: error.name, message: maskEmailAddresses(error.message) };
}

const personalDataPaths = /^\/(?:admin|api\/admin|zruseni|dotaznik)(?:\/|$)/;

function carriesPersonalData(method: string, path: string): boolean {
  return (method !== 'GET' && method !== 'HEAD') || personalDataPaths.test(path);
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
  // Names and addresses must not stay in a shared or back/forward cache: organiser pages and
  // downloads, the admin API, the pages opened from personal links, and any answer to a form
  // post (it repeats what was typed). A handler that chose a policy itself keeps it.
  app.use(async (c, next) => {
    await next();
    if (carriesPersonalData(c.req.method, c.req.path) && !c.res.headers.has('Cache-Control')) {
      c.res.headers.set('Cache-Control', 'no-store');
    }
  });
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/api/admin/indicators', adminIndicatorRoutes(deps));
  app.route('/api/admin/people', peopleApiRoutes(deps));
  app.route('/api/admin', attendanceApiRoutes(deps));
  app.route('/api/admin', adminApiRoutes(deps));
  app.route('/api/indicators', publicIndicatorRoutes(deps));
  app.route('/api', publicApiRoutes(deps));
  app.route('/admin', adminDownloadRoutes(deps));
  app.route('/admin/prehled', dashboardPageRoutes(deps));
  app.route('/admin', adminCertificateRoutes(deps));
  app.route(peoplePagePath, peoplePageRoutes(deps));
  app.route('/admin', attendancePageRoutes(deps));
  app.route('/admin', surveyAdminPageRoutes(deps));
  app.route('/admin', adminPageRoutes(deps));
  app.route('/', openDataRoutes(deps));
  app.route('/', publicCertificateRoutes(deps));
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
