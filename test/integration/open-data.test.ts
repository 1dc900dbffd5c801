import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventCalendarUid } from '../../shared/domain/mail-content';
import { indicatorsJsonSchema } from '../../shared/web/indicator-schema';
import { adminHeaders, appUnderTest, createApp, json } from '../support/app-under-test';
import { inDays } from '../support/fixtures';
import {
  compile2020,
  errorsOf,
  validateCatalogue,
  validateDataset,
  validateOfnEvents,
} from '../support/open-data-schemas';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * The public open data, feeds and search-engine files over HTTP, against the real table: what
 * /opendata/*, /kalendar.ics, the event page's JSON-LD, robots.txt and sitemap.xml answer.
 */

let env: TestEnvironment;
let app: ReturnType<typeof createApp>;
const base = 'https://skoleni.kraj-lbc.cz';
const registrant = { name: 'Jana Tajná', email: 'jana.tajna@example.cz' };
let published: { id: string };
let online: { id: string };
let draft: { id: string };
let cancelled: { id: string };

async function createEvent(overrides: Record<string, unknown>) {
  const response = await app.request('/api/admin/events', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({
      title: 'Kybernetická bezpečnost na obecním úřadě',
      description: 'Jak poznat podvodný e-mail.',
      startsAt: inDays(10),
      endsAt: inDays(10, 3),
      venue: 'Krajský úřad, U Jezu 642/2a, Liberec',
      capacity: 1,
      modernTechFocus: true,
      topics: ['Kybernetická bezpečnost'],
      targetGroups: ['mayors'],
      ...overrides,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  env = await createTestEnvironment();
  // An https address, as in AWS: DCAT-AP-CZ requires https download URLs.
  app = createApp({ ...appUnderTest(env).deps, publicBaseUrl: base });
  published = await createEvent({});
  online = await createEvent({
    title: 'AI ve školství',
    venue: 'Online (odkaz přijde e-mailem)',
    onlineUrl: 'https://meet.example.cz/ai',
    topics: ['Umělá inteligence'],
    targetGroups: ['citizens'],
    capacity: 30,
  });
  draft = await createEvent({ title: 'Koncept', status: 'draft' });
  cancelled = await createEvent({ title: 'Zrušená akce' });
  const registration = await app.request(
    `/api/events/${published.id}/registrations`,
    json({ ...registrant, role: 'mayor', organisation: { name: 'Obec Rádlo' }, consent: true }),
  );
  expect(registration.status).toBe(201);
  const cancel = await app.request(`/api/admin/events/${cancelled.id}/cancel`, {
    method: 'POST',
    headers: adminHeaders,
  });
  expect(cancel.status).toBe(200);
});

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

describe('GET /opendata/udalosti.jsonld', () => {
  it('is application/ld+json valid against OFN Události, without drafts, cancellations or people', async () => {
    const response = await app.request('/opendata/udalosti.jsonld');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const text = await response.text();
    const body = JSON.parse(text) as { iri: string }[];
    expect(validateOfnEvents?.(body), errorsOf(validateOfnEvents)).toBe(true);
    const iris = body.map((e) => e.iri);
    expect(iris).toContain(`${base}/akce/${published.id}`);
    expect(iris).toContain(`${base}/akce/${online.id}`);
    expect(iris).not.toContain(`${base}/akce/${draft.id}`);
    expect(iris).not.toContain(`${base}/akce/${cancelled.id}`);
    expect(text).not.toMatch(/Tajná|jana\.tajna|Rádlo/);
  });
});

describe('GET /opendata/katalog.jsonld', () => {
  it('is a valid DCAT-AP-CZ catalogue whose dataset records are valid and answer', async () => {
    const response = await app.request('/opendata/katalog.jsonld');
    expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const catalogue = (await response.json()) as { datová_sada: string[] };
    expect(validateCatalogue?.(catalogue), errorsOf(validateCatalogue)).toBe(true);
    expect(catalogue.datová_sada).toHaveLength(2);
    for (const iri of catalogue.datová_sada) {
      const dataset = await app.request(iri.replace(base, ''));
      expect(dataset.status).toBe(200);
      const record = (await dataset.json()) as {
        distribuce: { soubor_ke_stažení: string; schéma: string }[];
      };
      expect(validateDataset?.(record), errorsOf(validateDataset)).toBe(true);
      for (const distribution of record.distribuce) {
        const download = await app.request(distribution.soubor_ke_stažení.replace(base, ''));
        expect(download.status).toBe(200);
      }
    }
  });

  it('the indicators answer in the shape their published schema describes, coverage included', async () => {
    const schema = await app.request('/opendata/schemata/ukazatele.json');
    expect(await schema.json()).toEqual(indicatorsJsonSchema);
    const validate = compile2020(indicatorsJsonSchema);
    const indicators = await (await app.request('/api/indicators?year=2025')).json();
    expect(validate(indicators), errorsOf(validate)).toBe(true);
    expect(indicators).toMatchObject({ coverage: { municipalities: 215, population: 449_494 } });
  });
});

describe('GET /kalendar.ics', () => {
  it('lists upcoming events and a cancelled one as CANCELLED, never a draft', async () => {
    const response = await app.request('/kalendar.ics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const { calendar, events } = parseCalendar(await response.text());
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
      'Europe/Prague',
    );
    const byUid = new Map(events.map((e) => [e.getFirstPropertyValue('uid'), e]));
    expect(byUid.get(eventCalendarUid(published.id))?.getFirstPropertyValue('url')).toBe(
      `${base}/akce/${published.id}`,
    );
    const gone = byUid.get(eventCalendarUid(cancelled.id));
    expect(gone?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(Number(gone?.getFirstPropertyValue('sequence'))).toBeGreaterThan(0);
    expect(byUid.has(eventCalendarUid(draft.id))).toBe(false);
  });

  it('raises SEQUENCE when the event changes, keeping its UID', async () => {
    const sequenceOf = async () => {
      const { events } = parseCalendar(await (await app.request('/kalendar.ics')).text());
      const entry = events.find(
        (e) => e.getFirstPropertyValue('uid') === eventCalendarUid(online.id),
      );
      return Number(entry?.getFirstPropertyValue('sequence'));
    };
    const before = await sequenceOf();
    const moved = await app.request(`/api/admin/events/${online.id}`, {
      method: 'PUT',
      headers: adminHeaders,
      body: JSON.stringify({
        title: 'AI ve školství',
        startsAt: inDays(11),
        endsAt: inDays(11, 3),
        venue: 'Online (odkaz přijde e-mailem)',
        onlineUrl: 'https://meet.example.cz/ai',
        topics: ['Umělá inteligence'],
        targetGroups: ['citizens'],
        capacity: 30,
        modernTechFocus: true,
      }),
    });
    expect(moved.status).toBe(200);
    expect(await sequenceOf()).toBe(before + 1);
  });

  it('filters by target group and topic', async () => {
    const { events } = parseCalendar(
      await (await app.request('/kalendar.ics?pro=obcane&tema=umela-inteligence')).text(),
    );
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual([
      eventCalendarUid(online.id),
    ]);
  });

  it('an unknown or hostile filter value gives a valid empty calendar, never an error', async () => {
    for (const query of [
      '?pro=kosmonauti',
      '?tema=neexistuje',
      '?pro=%00%ff',
      `?tema=${'x'.repeat(5000)}`,
      '?pro=&tema=',
    ]) {
      const response = await app.request(`/kalendar.ics${query}`);
      expect(response.status, query).toBe(200);
      const { calendar, events } = parseCalendar(await response.text());
      expect(calendar.name).toBe('vcalendar');
      if (query !== '?pro=&tema=') expect(events, query).toEqual([]);
    }
  });

  it('each event page offers its own .ics; a draft has none', async () => {
    const response = await app.request(`/akce/${published.id}/kalendar.ics`);
    expect(response.status).toBe(200);
    const { events } = parseCalendar(await response.text());
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual([
      eventCalendarUid(published.id),
    ]);
    expect((await app.request(`/akce/${draft.id}/kalendar.ics`)).status).toBe(404);
    expect((await app.request('/akce/nonsense/kalendar.ics')).status).toBe(404);
  });
});

describe('pages for search engines', () => {
  it('the event page embeds schema.org Event JSON-LD and a Czech meta description', async () => {
    const html = await (await app.request(`/akce/${published.id}`)).text();
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
    const data = JSON.parse(script?.[1] ?? 'null');
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Kybernetická bezpečnost na obecním úřadě',
      startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/),
      endDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/),
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: { '@type': 'Place' },
      organizer: { name: 'Liberecký kraj' },
      // One seat, taken by the registration above.
      offers: { price: 0, availability: 'https://schema.org/SoldOut' },
    });
    expect(html).toMatch(
      /<meta name="description" content="Workshop|<meta name="description" content="Školení/,
    );
    expect(html).toContain(`href="/akce/${published.id}/kalendar.ics"`);
  });

  it('the home page offers the calendar by webcal:// and a plain link, filters without script', async () => {
    const html = await (await app.request('/?pro=obcane')).text();
    expect(html).toContain('href="webcal://skoleni.kraj-lbc.cz/kalendar.ics?pro=obcane"');
    expect(html).toContain('href="/kalendar.ics?pro=obcane"');
    expect(html).toContain('AI ve školství');
    expect(html).not.toContain(`href="/akce/${published.id}"`);
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
  });

  it('robots.txt, sitemap.xml and the favicon answer', async () => {
    const robots = await (await app.request('/robots.txt')).text();
    expect(robots).toContain(`Sitemap: ${base}/sitemap.xml`);
    expect(robots).toContain('Disallow: /admin');
    const sitemap = await (await app.request('/sitemap.xml')).text();
    expect(sitemap).toContain(`<loc>${base}/akce/${published.id}</loc>`);
    expect(sitemap).not.toContain(draft.id);
    const favicon = await app.request('/favicon.ico');
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toBe('image/svg+xml');
  });
});
