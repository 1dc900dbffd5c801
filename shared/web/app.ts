import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { DomainError } from '../domain/errors';
import type { OrganiserContact } from '../domain/vocabulary';
import { log } from '../log';
import { domainErrorResponse, maxBodyBytes, payloadTooLarge } from './http-errors';
import { maskEmailAddresses } from './mask-addresses';
import { notFoundPage, payloadTooLargePage, serverErrorPage } from './pages/error-pages';
import { setSiteContact } from './pages/site-contact';

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
 * What both HTTP functions share: security headers, the body limit, no caching of personal
 * data, and the answers to an unknown path and to an unexpected error. The site
 * (site-app.ts) and the organiser side (organiser-app.ts) add their routes to it. On Lambda each
 * runs behind API Gateway; locally behind Node's HTTP server. Same code.
 */
export function createBaseApp(contact: OrganiserContact | undefined): Hono {
  setSiteContact(contact);
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
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json(
          { errors: [{ field: 'path', code: 'not_found', message: 'Tato adresa neexistuje.' }] },
          404,
        )
      : c.html(notFoundPage(), 404),
  );
  app.onError((error, c) => {
    // A refusal the domain explains (not found, full, closed…) gets its own status and message.
    const refused = domainErrorResponse(c, error);
    if (refused) return refused;
    log.error('http.failed', loggableError(error));
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
          500,
        )
      : c.html(serverErrorPage(), 500);
  });
  return app;
}
