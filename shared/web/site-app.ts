import type { Hono } from 'hono';
import { createBaseApp } from './app';
import type { SiteDeps } from './deps';
import { publicCertificateRoutes } from './routes/certificate-pages';
import { publicIndicatorRoutes } from './routes/indicator-api';
import { openDataRoutes } from './routes/open-data';
import { publicApiRoutes } from './routes/public-api';
import { publicPageRoutes } from './routes/public-pages';
import { surveyPageRoutes } from './routes/survey-pages';

/**
 * The public site, served by the `site` function: event pages, the registration form and the
 * JSON API, the pages opened from signed links (cancel, survey), open data, calendars and
 * certificate verification. Nothing of the organiser side is in it (shared/routes.ts sends
 * /admin and /api/admin to the organiser function).
 */
export function createSiteApp(deps: SiteDeps): Hono {
  const app = createBaseApp(deps.contact);
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/api/indicators', publicIndicatorRoutes(deps));
  app.route('/api', publicApiRoutes(deps));
  app.route('/', openDataRoutes(deps));
  app.route('/', publicCertificateRoutes(deps));
  app.route('/', surveyPageRoutes(deps));
  app.route('/', publicPageRoutes(deps));
  return app;
}
