import { beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, appUnderTest, drainMailQueue, json } from '../support/app-under-test';
import { inDays } from '../support/fixtures';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

let env: TestEnvironment;
let app: ReturnType<typeof appUnderTest>['app'];

async function createEvent(overrides: Record<string, unknown> = {}) {
  const response = await app.request('/api/admin/events', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({
      title: 'Jak může AI usnadnit práci úředníka?',
      startsAt: inDays(10),
      endsAt: inDays(10, 3),
      venue: 'Jablonec nad Nisou',
      capacity: 5,
      modernTechFocus: true,
      ...overrides,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; seatsLeft: number };
}

const person = (n: number | string, extra: Record<string, unknown> = {}) => ({
  name: `Účastník ${n}`,
  email: `ucastnik.${n}@example.cz`,
  role: 'clerk',
  organisation: { name: 'Město Česká Lípa', ico: '00260428' },
  consent: true,
  ...extra,
});

beforeAll(async () => {
  env = await createTestEnvironment();
  app = appUnderTest(env).app;
});

describe('registration endpoint', () => {
  it('never oversells: 40 concurrent registrations for 5 seats confirm exactly 5', async () => {
    const event = await createEvent({ capacity: 5, waitlistCapacity: 35 });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.request(`/api/events/${event.id}/registrations`, json(person(`race-${i}`))),
      ),
    );
    const statuses = await Promise.all(
      responses.map(async (r) => [r.status, ((await r.json()) as { status: string }).status]),
    );
    expect(statuses.filter(([code]) => code === 201)).toHaveLength(40);
    expect(statuses.filter(([, s]) => s === 'confirmed')).toHaveLength(5);
    expect(statuses.filter(([, s]) => s === 'waitlisted')).toHaveLength(35);

    const list = await app.request(`/api/admin/events/${event.id}/registrations`, {
      headers: adminHeaders,
    });
    const registrations = (await list.json()) as { status: string }[];
    expect(registrations.filter((r) => r.status === 'confirmed')).toHaveLength(5);
    const publicView = (await (await app.request(`/api/events/${event.id}`)).json()) as {
      seatsLeft: number;
      waitingCount: number;
    };
    expect(publicView.seatsLeft).toBe(0);
    expect(publicView.waitingCount).toBe(35);
    const listed = (await (await app.request('/api/events')).json()) as {
      id: string;
      waitingCount: number;
    }[];
    expect(listed.find((e) => e.id === event.id)?.waitingCount).toBe(35);
    const page = await (await app.request(`/akce/${event.id}`)).text();
    expect(page).toContain('teď na ní čeká 35');
    const messages = await drainMailQueue(env);
    expect(messages.filter((m) => m.kind === 'registration-confirmed')).toHaveLength(5);
    expect(messages.filter((m) => m.kind === 'registration-waitlisted')).toHaveLength(35);
  });

  it('caps the waiting list at twice the capacity by default and refuses beyond it with 409', async () => {
    const event = await createEvent({ capacity: 3 });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.request(`/api/events/${event.id}/registrations`, json(person(`cap-${i}`))),
      ),
    );
    const bodies = await Promise.all(
      responses.map(async (r) => ({
        code: r.status,
        body: (await r.json()) as Record<string, unknown>,
      })),
    );
    expect(bodies.filter((b) => b.body.status === 'confirmed')).toHaveLength(3);
    expect(bodies.filter((b) => b.body.status === 'waitlisted')).toHaveLength(6);
    const refused = bodies.filter((b) => b.code === 409);
    expect(refused).toHaveLength(3);
    expect(JSON.stringify(refused[0]?.body)).toContain('waitlist_full');
    expect(JSON.stringify(refused[0]?.body)).toContain('čekací listina je také plná');
    const stored = (await (
      await app.request(`/api/admin/events/${event.id}`, { headers: adminHeaders })
    ).json()) as { confirmedCount: number; waitlistedCount: number };
    expect([stored.confirmedCount, stored.waitlistedCount]).toEqual([3, 6]);
    await drainMailQueue(env);
  });

  it('keeps one registration per normalised email and answers a repeat the same way', async () => {
    const event = await createEvent({ capacity: 10 });
    const first = await app.request(`/api/events/${event.id}/registrations`, json(person('dup')));
    const again = await app.request(
      `/api/events/${event.id}/registrations`,
      json(person('dup', { email: '  UCASTNIK.dup@Example.CZ ' })),
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const [a, b] = [(await first.json()) as object, (await again.json()) as object];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(b).toEqual(a);
    const list = await app.request(`/api/admin/events/${event.id}/registrations`, {
      headers: adminHeaders,
    });
    expect(await list.json()).toHaveLength(1);
    const kinds = (await drainMailQueue(env)).map((m) => m.kind);
    expect(kinds).toEqual(['registration-confirmed', 'duplicate-registration']);
  });

  it('refuses invalid input with Czech messages and machine codes per field, storing nothing', async () => {
    const event = await createEvent();
    const response = await app.request(
      `/api/events/${event.id}/registrations`,
      json({
        name: '',
        email: 'not-an-email',
        role: 'king',
        organisation: { name: 'X', ico: '12345678' },
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      errors: { field: string; code: string; message: string }[];
    };
    const byField = Object.fromEntries(body.errors.map((e) => [e.field, e]));
    expect(byField.name?.code).toBe('required');
    expect(byField.email?.code).toBe('invalid_email');
    expect(byField.role?.code).toBe('invalid_option');
    expect(byField['organisation.ico']?.code).toBe('invalid_ico_checksum');
    expect(byField.consent?.code).toBe('invalid_option');
    expect(byField.email?.message).toMatch(/e-mail/);
    const list = await app.request(`/api/admin/events/${event.id}/registrations`, {
      headers: adminHeaders,
    });
    expect(await list.json()).toHaveLength(0);
  });

  it('accepts the urlencoded form body', async () => {
    const event = await createEvent();
    const response = await app.request(`/api/events/${event.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: 'Jana Nováková',
        email: 'jana.form@example.cz',
        role: 'citizen',
        consent: 'on',
      }).toString(),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { status: string }).status).toBe('confirmed');
  });

  it('answers 413, 415, 404 and 409 where they belong', async () => {
    const event = await createEvent();
    const big = await app.request(
      `/api/events/${event.id}/registrations`,
      json(person('big', { name: 'x'.repeat(70_000) })),
    );
    expect(big.status).toBe(413);
    const wrongType = await app.request(`/api/events/${event.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(wrongType.status).toBe(415);
    const unknown = await app.request(
      '/api/events/01ARZ3NDEKTSV4RRFFQ69G5FAV/registrations',
      json(person('x')),
    );
    expect(unknown.status).toBe(404);

    const cancelled = await createEvent();
    const cancel = await app.request(`/api/admin/events/${cancelled.id}/cancel`, {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(cancel.status).toBe(200);
    const refused = await app.request(
      `/api/events/${cancelled.id}/registrations`,
      json(person('late')),
    );
    expect(refused.status).toBe(409);
    const refusal = (await refused.json()) as { errors: { message: string }[] };
    expect(refusal.errors[0]?.message).toMatch(/zrušena/);
  });

  it('promotes the first waiting person when a seat frees up', async () => {
    const event = await createEvent({ capacity: 1 });
    await app.request(`/api/events/${event.id}/registrations`, json(person('seat')));
    await app.request(`/api/events/${event.id}/registrations`, json(person('wait-1')));
    await app.request(`/api/events/${event.id}/registrations`, json(person('wait-2')));
    const list = async () =>
      (await (
        await app.request(`/api/admin/events/${event.id}/registrations`, { headers: adminHeaders })
      ).json()) as {
        id: string;
        email: string;
        status: string;
      }[];
    const before = await list();
    const holder = before.find((r) => r.email === 'ucastnik.seat@example.cz');
    await drainMailQueue(env);
    const cancel = await app.request(
      `/api/admin/events/${event.id}/registrations/${holder?.id}/cancel`,
      {
        method: 'POST',
        headers: adminHeaders,
      },
    );
    expect(cancel.status).toBe(200);
    const after = Object.fromEntries((await list()).map((r) => [r.email, r.status]));
    expect(after).toEqual({
      'ucastnik.seat@example.cz': 'cancelled',
      'ucastnik.wait-1@example.cz': 'confirmed',
      'ucastnik.wait-2@example.cz': 'waitlisted',
    });
    const kinds = (await drainMailQueue(env)).map((m) => m.kind).sort();
    expect(kinds).toEqual(['promoted', 'registration-cancelled']);
  });

  it('refuses admin routes without a valid token', async () => {
    expect((await app.request('/api/admin/events')).status).toBe(401);
    const wrong = await app.request('/api/admin/events', {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
  });
});
