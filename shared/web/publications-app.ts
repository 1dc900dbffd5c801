import type { Hono } from 'hono';
import { createBaseApp } from './app';
import type { PublicationsDeps } from './deps';
import { publicCertificateRoutes } from './routes/certificate-pages';
import { publicIndicatorRoutes } from './routes/indicator-api';
import { legalPageRoutes } from './routes/legal-pages';
import { openDataRoutes } from './routes/open-data';

/**
 * What the region publishes, served by the read-only `publications` function: open data and its
 * catalogue, the calendars, robots and sitemap, the indicators API, certificate verification
 * and the legal pages (routes in shared/routes.ts).
 */
export function createPublicationsApp(deps: PublicationsDeps): Hono {
  const app = createBaseApp(deps.contact);
  app.route('/api/indicators', publicIndicatorRoutes(deps));
  app.route('/', openDataRoutes(deps));
  app.route('/', publicCertificateRoutes(deps));
  app.route('/', legalPageRoutes(deps));
  return app;
}
