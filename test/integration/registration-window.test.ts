import { beforeAll, describe, expect, it } from 'vitest';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { eventInputSchema, newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { adminHeaders, appUnderTest, drainMailQueue, json } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * Registration reads no event before its transaction: the transaction's conditions on the event
 * item alone decide whether it is published, its registration window open and a seat left. So
 * the window is tested here against the transaction itself, and organisers' changes must take
 * effect on the very next registration.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let clock = new Date('2030-03-01T08:00:00.000Z');
let app: ReturnType<typeof appUnderTest>['app'];

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  env = await createTestEnvironment();
  events = createEventRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  app = appUnderTest(env, () => clock).app;
});

const windowed = {
  title: 'Elektronická spisová služba v praxi',
  startsAt: '2030-03-20T08:00:00.000Z',
  endsAt: '2030-03-20T12:00:00.000Z',
  venue: 'Liberec',
  capacity: 3,
  modernTechFocus: true,
  registrationOpensAt: '2030-03-02T07:00:00.000Z',
  registrationClosesAt: '2030-03-18T16:00:00.000Z',
};

async function storedEvent(overrides: Partial<TrainingEvent> = {}): Promise<TrainingEvent> {
  const input = eventInputSchema.parse(windowed);
  const event = { ...newEvent(newId(), input, '2030-02-01T08:00:00.000Z'), ...overrides };
  await events.createEvent(event);
  return event;
}

function attempt(event: TrainingEvent, email: string, openAt: string) {
  return events.register(
    {
      id: newId(),
      eventId: event.id,
      name: 'Jana Nováková',
      email,
      role: 'citizen',
      status: 'confirmed',
      source: 'registration',
      createdAt: openAt,
    },
    { openAt },
  );
}

async function createViaApi(overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const response = await app.request('/api/admin/events', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ ...windowed, ...overrides }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

async function registerViaApi(eventId: string, n: string) {
  const response = await app.request(
    `/api/events/${eventId}/registrations`,
    json({ name: `Účastník ${n}`, email: `okno.${n}@example.cz`, role: 'citizen', consent: true }),
  );
  const body = (await response.json()) as {
    status?: string;
    errors?: { code: string; message: string }[];
  };
  return { code: response.status, status: body.status, error: body.errors?.[0] };
}

describe('the registration transaction enforces the window on its own', () => {
  it('takes nobody before the window opens, at or after it closes, or once the event started', async () => {
    const event = await storedEvent();
    expect((await attempt(event, 'brzy@example.cz', '2030-03-02T06:59:59.999Z')).outcome).toBe(
      'closed',
    );
    expect((await attempt(event, 'presne@example.cz', '2030-03-18T16:00:00.000Z')).outcome).toBe(
      'closed',
    );
    const open = await storedEvent({ registrationClosesAt: undefined });
    expect((await attempt(open, 'zacatek@example.cz', '2030-03-20T08:00:00.000Z')).outcome).toBe(
      'closed',
    );
    expect((await attempt(event, 'vcas@example.cz', '2030-03-02T07:00:00.000Z')).outcome).toBe(
      'confirmed',
    );

    const stored = await events.getEvent(event.id);
    expect(stored?.confirmedCount).toBe(1);
    expect((await events.listRegistrations(event.id)).map((r) => r.email)).toEqual([
      'vcas@example.cz',
    ]);
  });

  it('takes nobody for a draft, a cancelled or a missing event, and writes nothing', async () => {
    const draft = await storedEvent({ status: 'draft' });
    const cancelled = await storedEvent({ status: 'cancelled' });
    const openAt = '2030-03-05T10:00:00.000Z';
    expect((await attempt(draft, 'a@example.cz', openAt)).outcome).toBe('closed');
    expect((await attempt(cancelled, 'a@example.cz', openAt)).outcome).toBe('closed');
    const missing = { ...draft, id: newId() };
    expect((await attempt(missing, 'a@example.cz', openAt)).outcome).toBe('closed');
    expect(await events.getEvent(missing.id)).toBeUndefined();
    expect(await events.listRegistrations(draft.id)).toEqual([]);
    expect(await events.listRegistrations(cancelled.id)).toEqual([]);
  });
});

describe('registration endpoint and organisers’ changes', () => {
  it('explains each refusal with its own code and message', async () => {
    const event = await createViaApi();
    clock = at('2030-03-01T08:00:00.000Z');
    const early = await registerViaApi(event.id, 'early');
    expect([early.code, early.error?.code]).toEqual([409, 'registration_not-yet-open']);
    expect(early.error?.message).toMatch(/ještě nebyla otevřena/);

    clock = at('2030-03-19T08:00:00.000Z');
    const late = await registerViaApi(event.id, 'late');
    expect([late.code, late.error?.code]).toEqual([409, 'registration_closed']);

    const draft = await createViaApi({ status: 'draft' });
    clock = at('2030-03-05T08:00:00.000Z');
    expect((await registerViaApi(draft.id, 'draft')).code).toBe(404);
    expect(await drainMailQueue(env)).toEqual([]);
  });

  it('honours a lowered capacity, an earlier close and a cancellation on the next registration', async () => {
    clock = at('2030-03-05T08:00:00.000Z');
    const event = await createViaApi();
    expect((await registerViaApi(event.id, 'first')).status).toBe('confirmed');

    const put = (changes: Record<string, unknown>) =>
      app.request(`/api/admin/events/${event.id}`, {
        method: 'PUT',
        headers: adminHeaders,
        body: JSON.stringify({ ...windowed, ...changes }),
      });
    expect((await put({ capacity: 1 })).status).toBe(200);
    expect((await registerViaApi(event.id, 'second')).status).toBe('waitlisted');

    expect(
      (await put({ capacity: 1, registrationClosesAt: '2030-03-05T07:00:00.000Z' })).status,
    ).toBe(200);
    const closed = await registerViaApi(event.id, 'third');
    expect([closed.code, closed.error?.code]).toEqual([409, 'registration_closed']);

    expect((await put({ capacity: 1 })).status).toBe(200);
    const cancel = await app.request(`/api/admin/events/${event.id}/cancel`, {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(cancel.status).toBe(200);
    const refused = await registerViaApi(event.id, 'fourth');
    expect([refused.code, refused.error?.code]).toEqual([409, 'registration_cancelled']);
  });

  it('refuses a repeated address once registration closed, without the duplicate notice', async () => {
    clock = at('2030-03-05T08:00:00.000Z');
    const event = await createViaApi();
    expect((await registerViaApi(event.id, 'repeat')).status).toBe('confirmed');
    await drainMailQueue(env);
    clock = at('2030-03-19T08:00:00.000Z');
    const again = await registerViaApi(event.id, 'repeat');
    expect([again.code, again.error?.code]).toEqual([409, 'registration_closed']);
    expect(await drainMailQueue(env)).toEqual([]);
  });
});
