import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../shared/domain/registration';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import type { AppDeps } from '../../shared/web/deps';
import { checkinUrl } from '../../shared/web/links';
import { adminHeaders, appUnderTest } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

const HOUR = 3_600_000;

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let clock = new Date();

const bearer = { authorization: adminHeaders.authorization };

async function eventWith(people: string[], capacity = 10) {
  const now = Date.now();
  clock = new Date(now);
  const event = await createEvent(deps, {
    title: 'Sdílení dat mezi úřady',
    startsAt: new Date(now + 2 * HOUR).toISOString(),
    endsAt: new Date(now + 5 * HOUR).toISOString(),
    venue: 'Obecní úřad Chrastava',
    capacity,
    modernTechFocus: true,
  });
  const tag = randomBytes(3).toString('hex');
  for (const name of people) {
    await register(deps, event.id, {
      name,
      email: `${name.split(' ')[0]?.toLowerCase()}-${tag}@example.cz`,
      role: 'clerk',
      organisation: { name: 'Město Chrastava' },
      consent: true,
    });
  }
  const registrations = await deps.events.listRegistrations(event.id);
  const byName = (name: string) => registrations.find((r) => r.name === name) as Registration;
  // The day of the event: the clock does not restrict attendance, but this is the usual case.
  clock = new Date(now + 2.5 * HOUR);
  return { event, byName };
}

const attendance = (eventId: string, body: unknown) =>
  app.request(`/api/admin/events/${eventId}/attendance`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env, () => clock));
});

describe('attendance API', () => {
  it('marks people present, idempotently, and can undo it', async () => {
    const { event, byName } = await eventWith(['Jana Nováková', 'Petr Svoboda', 'Eva Dvořáková']);
    const ids = [byName('Jana Nováková').id, byName('Petr Svoboda').id];

    const first = await attendance(event.id, { registrationIds: ids });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ marked: 2, changed: 2, admittedFromWaitlist: 0 });
    const markedAt = (await deps.events.getRegistration(event.id, ids[0] as string))?.attendedAt;
    expect(markedAt).toBe(clock.toISOString());

    clock = new Date(clock.getTime() + 60_000);
    const again = await attendance(event.id, { registrationIds: ids });
    expect(await again.json()).toEqual({ marked: 2, changed: 0, admittedFromWaitlist: 0 });
    // The first check-in time stays.
    expect((await deps.events.getRegistration(event.id, ids[0] as string))?.attendedAt).toBe(
      markedAt,
    );
    expect(
      (await deps.events.getRegistration(event.id, byName('Eva Dvořáková').id))?.attendedAt,
    ).toBeUndefined();

    const undo = await attendance(event.id, { registrationIds: [ids[1]], present: false });
    expect(await undo.json()).toEqual({ marked: 1, changed: 1, admittedFromWaitlist: 0 });
    expect(
      (await deps.events.getRegistration(event.id, ids[1] as string))?.attendedAt,
    ).toBeUndefined();
  });

  it('refuses cancelled and unknown registrations per id and writes nothing', async () => {
    const { event, byName } = await eventWith(['Jana Nováková', 'Petr Svoboda']);
    const petr = byName('Petr Svoboda');
    await deps.events.cancelRegistration(petr, clock.toISOString());
    const response = await attendance(event.id, {
      registrationIds: [byName('Jana Nováková').id, petr.id, '01JBCDEF8KQ3M4N5P6R7S8T9VW'],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          field: 'registrationIds.1',
          code: 'registration_cancelled',
          message: 'Registrace byla zrušena, přítomnost u ní nelze zaznamenat.',
        },
        {
          field: 'registrationIds.2',
          code: 'not_found',
          message: 'Tato registrace k akci nepatří.',
        },
      ],
    });
    expect(
      (await deps.events.getRegistration(event.id, byName('Jana Nováková').id))?.attendedAt,
    ).toBeUndefined();
  });

  it('answers bad input with Czech per-field errors, and strangers with 401', async () => {
    const { event } = await eventWith([]);
    const empty = await attendance(event.id, { registrationIds: [] });
    expect(empty.status).toBe(400);
    expect(
      ((await empty.json()) as { errors: { field: string; message: string }[] }).errors,
    ).toEqual([
      { field: 'registrationIds', code: 'too_small', message: 'Pošlete alespoň jednu registraci.' },
    ]);
    const wrongType = await attendance(event.id, { registrationIds: 'všechny', present: 'ano' });
    expect(wrongType.status).toBe(400);
    const codes = ((await wrongType.json()) as { errors: { field: string; code: string }[] })
      .errors;
    expect(codes.map((e) => [e.field, e.code])).toEqual([
      ['registrationIds', 'invalid_type'],
      ['present', 'invalid_type'],
    ]);
    const anonymous = await app.request(`/api/admin/events/${event.id}/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrationIds: [] }),
    });
    expect(anonymous.status).toBe(401);
    const missing = await attendance('01JBCDEF8KQ3M4N5P6R7S8T9VW', {
      registrationIds: ['01JBCDEF8KQ3M4N5P6R7S8T9VW'],
    });
    expect(missing.status).toBe(404);
  });

  it('lets someone from the waiting list in: confirmed, present, counters follow', async () => {
    const { event, byName } = await eventWith(['Jana Nováková', 'Petr Svoboda'], 1);
    const petr = byName('Petr Svoboda');
    expect(petr.status).toBe('waitlisted');
    const response = await attendance(event.id, { registrationIds: [petr.id] });
    expect(await response.json()).toEqual({ marked: 1, changed: 1, admittedFromWaitlist: 1 });
    const stored = await deps.events.getRegistration(event.id, petr.id);
    expect(stored).toMatchObject({ status: 'confirmed', attendedAt: clock.toISOString() });
    const counters = await deps.events.getEvent(event.id);
    expect([counters?.confirmedCount, counters?.waitlistedCount]).toEqual([2, 0]);
  });
});

describe('walk-ins', () => {
  const walkIn = (eventId: string, body: unknown) =>
    app.request(`/api/admin/events/${eventId}/walk-ins`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify(body),
    });

  it('records someone at the door even when the event is full, and counts them', async () => {
    const { event } = await eventWith(['Jana Nováková'], 1);
    const response = await walkIn(event.id, {
      name: 'Karel Novotný',
      role: 'mayor',
      organisation: { name: 'Obec Bílý Kostel nad Nisou', ico: '00262871' },
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const stored = await deps.events.getRegistration(event.id, id);
    expect(stored).toMatchObject({
      name: 'Karel Novotný',
      status: 'confirmed',
      source: 'walk-in',
      attendedAt: clock.toISOString(),
      confirmedAt: clock.toISOString(),
      organisationName: 'Obec Bílý Kostel nad Nisou',
      ico: '00262871',
    });
    expect(stored?.email).toBeUndefined();
    expect((await deps.events.getEvent(event.id))?.confirmedCount).toBe(2);
  });

  it('refuses an address that is already registered, and validates in Czech', async () => {
    const { event, byName } = await eventWith(['Jana Nováková']);
    const jana = byName('Jana Nováková');
    const duplicate = await walkIn(event.id, {
      name: 'Jana N.',
      email: jana.email,
      role: 'citizen',
    });
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe(
      'walk_in_already_registered',
    );
    const invalid = await walkIn(event.id, { name: ' ', email: 'není-email', role: 'clerk' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: unknown[] }).errors).toEqual([
      { field: 'name', code: 'required', message: 'Vyplňte jméno a příjmení.' },
      {
        field: 'email',
        code: 'invalid_email',
        message: 'Zadejte platnou e-mailovou adresu, nebo pole nechte prázdné.',
      },
      {
        field: 'organisation.name',
        code: 'required',
        message: 'Vyplňte úřad nebo organizaci, za kterou účastník přišel.',
      },
    ]);
    expect((await deps.events.getEvent(event.id))?.confirmedCount).toBe(1);
  });
});

describe('organiser check-in pages', () => {
  it('sends a stranger to sign in, with the way back', async () => {
    const { event } = await eventWith([]);
    const response = await app.request(`/admin/akce/${event.id}/prezence?q=nov`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/admin/prihlaseni?next=${encodeURIComponent(`/admin/akce/${event.id}/prezence?q=nov`)}`,
    );
  });

  it('lists, searches without diacritics and toggles presence with a plain form', async () => {
    const { event, byName } = await eventWith(['Jana Nováková', 'Petr Svoboda']);
    const page = await app.request(`/admin/akce/${event.id}/prezence`, { headers: bearer });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Jana Nováková');
    expect(html).toContain('Petr Svoboda');
    expect(html).toContain('<strong>0</strong> přítomných osob');
    expect(html).toContain('<strong>2</strong> potvrzené registrace');
    // The live filter is a script of this site (CSP script-src 'self'), cached by its hash.
    const script = /<script src="(\/static\/prezence-hledani\.[0-9a-f]{12}\.js)" defer/.exec(
      html,
    )?.[1];
    expect(script).toBeDefined();
    const served = await app.request(script ?? '');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('text/javascript');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await served.text()).toContain("getElementById('hledat')");
    expect((await app.request('/static/prezence-hledani.000000000000.js')).status).toBe(404);

    const search = await (
      await app.request(`/admin/akce/${event.id}/prezence?q=novakova`, { headers: bearer })
    ).text();
    expect(search).toContain('Jana Nováková');
    expect(search).not.toContain('Petr Svoboda');
    expect(search).toContain('Nalezeno: 1 osoba');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf).toBeTruthy();
    const jana = byName('Jana Nováková');
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const forged = await app.request(
      `/admin/akce/${event.id}/prezence`,
      form({ registrationId: jana.id, present: 'true', _csrf: 'x' }),
    );
    expect(forged.status).toBe(403);
    expect((await deps.events.getRegistration(event.id, jana.id))?.attendedAt).toBeUndefined();

    const toggled = await app.request(
      `/admin/akce/${event.id}/prezence`,
      form({ registrationId: jana.id, present: 'true', q: 'nov', _csrf: csrf as string }),
    );
    expect(toggled.status).toBe(303);
    expect(toggled.headers.get('location')).toBe(
      `/admin/akce/${event.id}/prezence?q=nov&zmena=${jana.id}#r-${jana.id}`,
    );
    expect((await deps.events.getRegistration(event.id, jana.id))?.attendedAt).toBe(
      clock.toISOString(),
    );
    const after = await (
      await app.request(`/admin/akce/${event.id}/prezence?zmena=${jana.id}`, { headers: bearer })
    ).text();
    expect(after).toContain('Jana Nováková: přítomnost zaznamenána.');
    expect(after).toContain('<strong>1</strong> přítomná osoba');

    const walkIn = await app.request(
      `/admin/akce/${event.id}/prezence/na-miste`,
      form({ name: '', role: '', _csrf: csrf as string }),
    );
    expect(walkIn.status).toBe(400);
    // Czech typography: one-letter words are bound to the next one with a no-break space.
    const errorPage = (await walkIn.text()).replace(/\u00a0/g, ' ');
    expect(errorPage).toContain('<title>Chyba: ');
    expect(errorPage).toContain('href="#walkin-name"');
    expect(errorPage).toContain('Vyplňte jméno a příjmení.');
  });

  it('checks in from the QR link for a signed-in organiser only', async () => {
    const { event, byName } = await eventWith(['Jana Nováková']);
    const jana = byName('Jana Nováková');
    const url = new URL(
      checkinUrl(
        { publicBaseUrl: 'https://example.cz', linkSecret: deps.linkSecret },
        event,
        jana.id,
      ),
    );
    const stranger = await app.request(url.pathname);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe(
      `/admin/prihlaseni?next=${encodeURIComponent(url.pathname)}`,
    );
    expect((await deps.events.getRegistration(event.id, jana.id))?.attendedAt).toBeUndefined();

    // Opening the link shows who it is and a button; it records nothing.
    const scanned = await app.request(url.pathname, { headers: bearer });
    expect(scanned.status).toBe(200);
    expect(scanned.headers.get('cache-control')).toBe('no-store');
    const html = await scanned.text();
    expect(html).toContain('Zaznamenat přítomnost');
    expect(html).toContain('Jana Nováková');
    expect(html).toContain('Sdílení dat mezi úřady');
    expect((await deps.events.getRegistration(event.id, jana.id))?.attendedAt).toBeUndefined();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csrf).not.toBe('');

    const post = (fields: Record<string, string>) =>
      app.request(url.pathname, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ _csrf: 'x' })).status).toBe(403);
    expect((await deps.events.getRegistration(event.id, jana.id))?.attendedAt).toBeUndefined();

    const recorded = await post({ _csrf: csrf });
    expect(recorded.status).toBe(200);
    expect(await recorded.text()).toContain('Přítomnost zaznamenána');
    expect((await deps.events.getRegistration(event.id, jana.id))?.attendedAt).toBe(
      clock.toISOString(),
    );

    const rescanned = await (await app.request(url.pathname, { headers: bearer })).text();
    expect(rescanned).toContain('Přítomnost už byla zaznamenána');
    expect((await post({ _csrf: csrf })).status).toBe(200);

    const tampered = await app.request(`${url.pathname.slice(0, -2)}xx`, { headers: bearer });
    expect(tampered.status).toBe(404);
  });

  it('admits someone from the waiting list over capacity only after an explicit confirmation', async () => {
    const { event, byName } = await eventWith(['Jana Nováková', 'Petr Svoboda'], 1);
    const petr = byName('Petr Svoboda');
    expect(petr.status).toBe('waitlisted');
    const path = new URL(
      checkinUrl(
        { publicBaseUrl: 'https://example.cz', linkSecret: deps.linkSecret },
        event,
        petr.id,
      ),
    ).pathname;
    const page = await app.request(path, { headers: bearer });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/akce je plná \(obsazeno 1\s+z\s+1\)/);
    expect(html).toContain('Přesto pustit nad kapacitu');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const post = (fields: Record<string, string>) =>
      app.request(path, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    // Without the confirmation: the question again, nothing recorded.
    const unconfirmed = await post({ _csrf: csrf });
    expect(unconfirmed.status).toBe(409);
    expect(await unconfirmed.text()).toContain('Přesto pustit nad kapacitu');
    expect((await deps.events.getRegistration(event.id, petr.id))?.attendedAt).toBeUndefined();

    const confirmed = await post({ _csrf: csrf, nadKapacitu: 'ano' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Přítomnost zaznamenána');
    const admitted = await deps.events.getRegistration(event.id, petr.id);
    expect(admitted?.attendedAt).toBe(clock.toISOString());
    expect(admitted?.status).toBe('confirmed');
  });

  it('prints a sign-in sheet with the registered people', async () => {
    const { event } = await eventWith(['Petr Svoboda', 'Jana Nováková']);
    const response = await app.request(`/admin/akce/${event.id}/prezencni-listina`, {
      headers: bearer,
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Prezenční listina</h1>');
    expect(html).toContain('Obecní úřad Chrastava');
    expect(html).toMatch(/<th scope="col"[^>]*>Podpis<\/th>/);
    // The print layout is its own stylesheet, linked by a content-hashed path.
    const sheetCss = html.match(
      /<link rel="stylesheet" href="(\/static\/prezencni-listina\.[0-9a-f]{12}\.css)"/,
    )?.[1];
    expect(sheetCss).toBeDefined();
    const css = await app.request(sheetCss ?? '');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toContain('immutable');
    const cssText = await css.text();
    expect(cssText).toContain('display: table-header-group');
    expect(cssText).toContain('size: A4');
    // Alphabetical: Jana before Petr.
    expect(html.indexOf('Jana Nováková')).toBeLessThan(html.indexOf('Petr Svoboda'));
    expect(html).toContain(
      '<td class="order">1.</td><td>Jana Nováková</td><td>Město Chrastava</td>',
    );
  });
});
