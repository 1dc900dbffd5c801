import type { Hono } from 'hono';
import { createBaseApp } from './app';
import type { OrganiserDeps } from './deps';
import { adminApiRoutes } from './routes/admin-api';
import { adminDownloadRoutes } from './routes/admin-downloads';
import { adminPageRoutes } from './routes/admin-pages';
import { attendanceApiRoutes } from './routes/attendance-api';
import { attendancePageRoutes } from './routes/attendance-pages';
import { adminCertificateRoutes } from './routes/certificate-pages';
import { dashboardPageRoutes } from './routes/dashboard-pages';
import { adminIndicatorRoutes } from './routes/indicator-api';
import { peopleApiRoutes } from './routes/people-api';
import { peoplePagePath, peoplePageRoutes } from './routes/people-pages';
import { surveyAdminPageRoutes } from './routes/survey-pages';

/**
 * The organiser side, served by the `organiser` function: the pages and downloads under /admin
 * (guarded by the sign-in session) and the admin API under /api/admin (behind API Gateway's JWT
 * authorizer in AWS, and the bearer token check here). Any other path is not found.
 */
export function createOrganiserApp(deps: OrganiserDeps): Hono {
  const app = createBaseApp(deps.contact);
  app.route('/api/admin/indicators', adminIndicatorRoutes(deps));
  app.route('/api/admin/people', peopleApiRoutes(deps));
  app.route('/api/admin', attendanceApiRoutes(deps));
  app.route('/api/admin', adminApiRoutes(deps));
  app.route('/admin', adminDownloadRoutes(deps));
  app.route('/admin/prehled', dashboardPageRoutes(deps));
  app.route('/admin', adminCertificateRoutes(deps));
  app.route(peoplePagePath, peoplePageRoutes(deps));
  app.route('/admin', attendancePageRoutes(deps));
  app.route('/admin', surveyAdminPageRoutes(deps));
  app.route('/admin', adminPageRoutes(deps));
  return app;
}
