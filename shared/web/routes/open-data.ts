import { Hono } from 'hono';
import {
  buildCalendarFeed,
  type FeedSettings,
  inCalendarFeed,
  matchesFilter,
} from '../../domain/calendar-feed';
import type { TrainingEvent } from '../../domain/event';
import { idPattern } from '../../domain/ids';
import {
  eventsDataset,
  indicatorsDataset,
  isPublished,
  ofnEvents,
  openDataCatalogue,
  openDataPaths,
  type PublicationSettings,
} from '../../domain/open-data';
import type { PublicationsDeps } from '../deps';
import { indicatorsJsonSchema } from '../indicator-schema';

const jsonLd = 'application/ld+json; charset=utf-8';
const calendar = 'text/calendar; charset=utf-8';

/** The Czech name subscribed calendars show. */
export const calendarName = 'Chytrá školení – vzdělávací akce Libereckého kraje';

/** A small square with a check mark in the site's blue: no request for it ever ends in a 404. */
export const faviconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cab"/><path d="M8 17l5 5 11-12" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/** Public pages worth indexing besides the events themselves. */
const staticPages = ['/', '/ochrana-osobnich-udaju', '/prohlaseni-o-pristupnosti'];

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Open data (OFN Události, the DCAT-AP-CZ catalogue), the calendar feed and what search engines
 * read: robots.txt, sitemap.xml. Public, cacheable for a few minutes, never personal data.
 */
export function openDataRoutes(deps: PublicationsDeps): Hono {
  const routes = new Hono();
  const publication = (): PublicationSettings => ({
    publicBaseUrl: deps.publicBaseUrl.replace(/\/+$/, ''),
    organiser: deps.organiser,
  });
  const feedSettings = (): FeedSettings => ({
    publicBaseUrl: deps.publicBaseUrl.replace(/\/+$/, ''),
    calendarName,
    organiser: deps.organiser,
  });
  const publicHeaders = {
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'public, max-age=300',
  };

  routes.get(openDataPaths.events, async (c) => {
    const events = await deps.events.listEventsByStart({});
    return c.body(JSON.stringify(ofnEvents(events, publication()), null, 2), 200, {
      ...publicHeaders,
      'Content-Type': jsonLd,
    });
  });

  routes.get(openDataPaths.catalogue, (c) =>
    c.body(JSON.stringify(openDataCatalogue(publication()), null, 2), 200, {
      ...publicHeaders,
      'Content-Type': jsonLd,
    }),
  );
  routes.get(openDataPaths.eventsDataset, (c) =>
    c.body(JSON.stringify(eventsDataset(publication()), null, 2), 200, {
      ...publicHeaders,
      'Content-Type': jsonLd,
    }),
  );
  routes.get(openDataPaths.indicatorsDataset, (c) =>
    c.body(JSON.stringify(indicatorsDataset(publication()), null, 2), 200, {
      ...publicHeaders,
      'Content-Type': jsonLd,
    }),
  );
  routes.get(openDataPaths.indicatorsSchema, (c) =>
    c.body(JSON.stringify(indicatorsJsonSchema, null, 2), 200, {
      ...publicHeaders,
      'Content-Type': 'application/schema+json; charset=utf-8',
    }),
  );

  /** `?pro=starostove&tema=umela-inteligence`; an unknown value gives an empty calendar. */
  routes.get('/kalendar.ics', async (c) => {
    const nowMs = deps.now().getTime();
    const filter = { pro: c.req.query('pro'), tema: c.req.query('tema') };
    const events = (await deps.events.listEventsByStart({})).filter(
      (event) => inCalendarFeed(event, nowMs) && matchesFilter(event, filter),
    );
    return c.body(buildCalendarFeed(events, feedSettings()), 200, {
      ...publicHeaders,
      'Content-Type': calendar,
      'Content-Disposition': 'inline; filename="kalendar.ics"',
    });
  });

  routes.get('/akce/:id/kalendar.ics', async (c) => {
    const id = c.req.param('id');
    const event: TrainingEvent | undefined = idPattern.test(id)
      ? await deps.events.getEvent(id)
      : undefined;
    if (!event || event.status === 'draft') {
      return c.text('Tato akce neexistuje nebo nebyla zveřejněna.', 404);
    }
    return c.body(buildCalendarFeed([event], feedSettings()), 200, {
      'Cache-Control': 'public, max-age=300',
      'Content-Type': calendar,
      'Content-Disposition': 'attachment; filename="akce.ics"',
    });
  });

  routes.get('/robots.txt', (c) =>
    c.text(
      [
        'User-agent: *',
        // Organiser pages and personal links (cancel, survey) are no business of search engines.
        'Disallow: /admin',
        'Disallow: /api/admin',
        'Disallow: /zruseni/',
        'Disallow: /dotaznik/',
        `Sitemap: ${publication().publicBaseUrl}/sitemap.xml`,
        '',
      ].join('\n'),
      200,
      { 'Cache-Control': 'public, max-age=3600' },
    ),
  );

  routes.get('/sitemap.xml', async (c) => {
    const root = publication().publicBaseUrl;
    const events = (await deps.events.listEventsByStart({})).filter(isPublished);
    const urls = [
      ...staticPages.map((path) => `  <url><loc>${escapeXml(`${root}${path}`)}</loc></url>`),
      ...events.map(
        (event) =>
          `  <url><loc>${escapeXml(`${root}/akce/${event.id}`)}</loc><lastmod>${event.updatedAt.slice(0, 10)}</lastmod></url>`,
      ),
    ];
    return c.body(
      `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`,
      200,
      { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
    );
  });

  for (const path of ['/favicon.svg', '/favicon.ico']) {
    routes.get(path, (c) =>
      c.body(faviconSvg, 200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'public, max-age=604800',
      }),
    );
  }

  return routes;
}
