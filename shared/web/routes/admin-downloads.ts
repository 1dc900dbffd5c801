import { Hono } from 'hono';
import { idPattern } from '../../domain/ids';
import { registrationsCsv } from '../../use-cases/registrations-export';
import { requireOrganiserPage } from '../auth';
import type { AppDeps } from '../deps';
import { eventNotFoundPage, notFoundPage } from '../pages/error-pages';
import { downloadResponse, indicatorDownload } from './indicator-api';

/** The registrations of an event as CSV for Excel; undefined when there is no such event. */
export async function registrationsCsvDownload(deps: AppDeps, eventId: string) {
  const event = await deps.events.getEvent(eventId);
  if (!event) return undefined;
  return {
    body: registrationsCsv(event, await deps.events.listRegistrations(eventId)),
    contentType: 'text/csv; charset=utf-8',
    filename: `registrace-${eventId}.csv`,
  };
}

/** The download routes, relative to /admin where they are mounted: files, not pages. */
export const adminDownloadPaths = {
  registrations: '/akce/:id/registrace.csv',
  indicators: '/ukazatele/:file',
} as const;

/**
 * The files the organiser pages link to, mounted at /admin: `akce/:id/registrace.csv` and
 * `ukazatele/:file` (`2025.csv`, `latest.json`, …). A browser following a link sends the
 * session cookie, never an Authorization header, so in AWS these cannot sit under /api/admin,
 * where the HTTP API's JWT authorizer answers 401 before the function runs (shared/routes.ts).
 * Scripts keep the /api/admin forms with a bearer token.
 */
export function adminDownloadRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  const organiser = requireOrganiserPage(deps.auth);

  pages.get(adminDownloadPaths.registrations, organiser, async (c) => {
    const id = c.req.param('id');
    const csv = idPattern.test(id) ? await registrationsCsvDownload(deps, id) : undefined;
    if (!csv) return c.html(eventNotFoundPage(), 404);
    return downloadResponse(c, csv);
  });

  pages.get(adminDownloadPaths.indicators, organiser, async (c) => {
    const download = await indicatorDownload(deps, c.req.param('file'));
    if (!download.ok) return c.html(notFoundPage(), 404);
    return downloadResponse(c, download);
  });

  return pages;
}
