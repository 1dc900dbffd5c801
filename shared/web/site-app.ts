import type { Hono } from 'hono';
import { createBaseApp } from './app';
import type { SiteDeps } from './deps';
import { publicApiRoutes } from './routes/public-api';
import { publicPageRoutes } from './routes/public-pages';
import { surveyPageRoutes } from './routes/survey-pages';

/**
 * The public site, served by the `site` function: event pages, the registration form and the
 * JSON API, the pages opened from signed links (cancel, survey) and the static files. What the
 * region publishes (open data, calendars, certificates) is the publications function's, and
 * the organiser side the organiser function's (shared/routes.ts).
 */
export function createSiteApp(deps: SiteDeps): Hono {
  const app = createBaseApp(deps.contact);
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/api', publicApiRoutes(deps));
  app.route('/', surveyPageRoutes(deps));
  app.route('/', publicPageRoutes(deps));
  return app;
}
