import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { eventInputSchema, newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { organiserSessionValue } from '../../shared/web/auth';
import { appUnderTest, drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment, testAdminToken } from '../support/test-stack';

/*
 * Undoing a wave: a bot registers a dozen invented people from one address; the organiser
 * sees the wave on the event page and cancels it at once. Nobody of the wave gets an email,
 * and the people who waited get the freed seats in the order they came.
 */

let env: TestEnvironment;
let app: Hono;
let events: ReturnType<typeof createEventRepository>;
let clock = new Date('2030-04-02T08:05:00.000Z');
const adminCookie = `organiser_session=${organiserSessionValue(testAdminToken, Date.now())}`;

beforeAll(async () => {
  env = await createTestEnvironment();
  events = createEventRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  app = appUnderTest(env, () => clock).app;
});

async function storedEvent(capacity: number): Promise<TrainingEvent> {
  const input = eventInputSchema.parse({
    title: 'Umělá inteligence pro úředníky',
    startsAt: '2030-04-20T08:00:00.000Z',
    endsAt: '2030-04-20T12:00:00.000Z',
    venue: 'Liberec',
    capacity,
    modernTechFocus: true,
  });
  const event = newEvent(newId(), input, '2030-03-01T08:00:00.000Z');
  await events.createEvent(event);
  return event;
}

async function register(eventId: string, email: string, client: string) {
  const response = await app.request(
    `/api/events/${eventId}/registrations`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Někdo Neznámý', email, role: 'citizen', consent: true }),
    },
    { incoming: { socket: { remoteAddress: client } } },
  );
  expect(response.status).toBe(201);
}

const page = (path: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { cookie: adminCookie, ...init.headers } });

describe('a wave of registrations from one client', () => {
  it('is listed on the event page and cancelled at once, without email, promoting fairly', async () => {
    const event = await storedEvent(10);
    for (let n = 0; n < 3; n++)
      await register(event.id, `clovek.${n}@example.cz`, `192.0.2.${n + 1}`);
    clock = new Date('2030-04-02T08:20:00.000Z');
    const bot = Array.from({ length: 12 }, (_, n) => `vymysleny.${n}@example.cz`);
    for (const email of bot) await register(event.id, email, '203.0.113.66');
    clock = new Date('2030-04-02T08:40:00.000Z');
    await register(event.id, 'ceka.prvni@example.cz', '192.0.2.20');
    await register(event.id, 'ceka.druha@example.cz', '192.0.2.21');
    // Four people from an office: below the threshold, not listed.
    for (let n = 0; n < 4; n++) await register(event.id, `urad.${n}@example.cz`, '192.0.2.50');
    await drainMailQueue(env);

    const html = (await (await page(`/admin/akce/${event.id}`)).text()).replace(/\u00a0/g, ' ');
    expect(html).toContain('Vlny registrací z jednoho připojení');
    const links = [...html.matchAll(/href="(\/admin\/akce\/[^"]+\/vlny\/[^"]+\/zrusit)"/g)];
    expect(links).toHaveLength(1);
    expect(html).not.toContain('203.0.113.66');
    const confirmPath = links[0]?.[1] ?? '';

    const confirm = await (await page(confirmPath)).text();
    expect(confirm.replace(/\u00a0/g, ' ')).toContain('Zrušit vlnu registrací?');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm)?.[1] ?? '';
    const done = await page(confirmPath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/akce/${event.id}?stav=vlna-zrusena`);

    const after = await events.listRegistrations(event.id);
    const byEmail = new Map(after.map((r) => [r.email, r.status]));
    for (const email of bot) expect(byEmail.get(email), email).toBe('cancelled');
    // The seven seats the wave held go to the waiting list in the order it came.
    expect(byEmail.get('ceka.prvni@example.cz')).toBe('confirmed');
    expect(byEmail.get('ceka.druha@example.cz')).toBe('confirmed');
    for (let n = 0; n < 4; n++) expect(byEmail.get(`urad.${n}@example.cz`)).toBe('confirmed');
    const stored = await events.getEvent(event.id);
    expect(stored).toMatchObject({ confirmedCount: 9, waitlistedCount: 0 });

    const mail = await drainMailQueue(env);
    const wave = new Set(after.filter((r) => bot.includes(r.email ?? '')).map((r) => r.id));
    expect(mail.filter((m) => 'registrationId' in m && wave.has(m.registrationId))).toEqual([]);
    expect(mail.filter((m) => m.kind === 'promoted')).toHaveLength(6);

    // Nothing left to cancel: the wave stays listed for the record, without the action.
    const again = await (await page(`/admin/akce/${event.id}`)).text();
    expect(again).not.toMatch(/\/vlny\/[^"]+\/zrusit/);
  });

  it('is listed and cancelled through the admin API as well', async () => {
    clock = new Date('2030-04-03T10:15:00.000Z');
    const event = await storedEvent(3);
    for (let n = 0; n < 6; n++) await register(event.id, `robot.${n}@example.cz`, '203.0.113.77');
    await register(event.id, 'ceka@example.cz', '192.0.2.99');
    const api = (path: string, method = 'GET') =>
      app.request(`/api/admin/events/${event.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${testAdminToken}` },
      });
    const listed = (await (await api('/bursts')).json()) as { id: string; active: number }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]?.active).toBe(6);
    const result = await api(`/bursts/${listed[0]?.id}/cancel`, 'POST');
    expect(await result.json()).toEqual({ cancelled: 6, promoted: 1 });
    const again = await api(`/bursts/${listed[0]?.id}/cancel`, 'POST');
    expect(await again.json()).toEqual({ cancelled: 0, promoted: 0 });
    expect((await api('/bursts/neexistuje.abc/cancel', 'POST')).status).toBe(404);
    const stored = await events.getEvent(event.id);
    expect(stored).toMatchObject({ confirmedCount: 1, waitlistedCount: 0 });
  });

  it('refuses a made-up wave and a form without the session token', async () => {
    const event = await storedEvent(5);
    expect((await page(`/admin/akce/${event.id}/vlny/neexistuje.abc/zrusit`)).status).toBe(404);
    const post = await page(`/admin/akce/${event.id}/vlny/neexistuje.abc/zrusit`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(post.status).toBe(403);
  });
});
