import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context as LambdaContext } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLocalConfig } from '../../infra/local/config';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { eventInputSchema, newEvent, type TrainingEvent } from '../../shared/domain/event';
import { issueFormToken } from '../../shared/domain/form-token';
import { newId } from '../../shared/domain/ids';
import {
  createAddressHasher,
  createSubjectHasher,
  registrationCounters,
} from '../../shared/domain/rate-limit';
import { tableItemCount } from '../hostile/support/app';
import { appUnderTest, drainMailQueue } from '../support/app-under-test';
import {
  createTestEnvironment,
  startTestRuntime,
  type TestEnvironment,
  testAdminToken,
} from '../support/test-stack';

/*
 * The registration limits against DynamoDB Local: per client address 30 an hour, per email
 * address 5 a day, counted in the registration's own transaction. The clock is injected, so a
 * window passes without waiting. The client address reaches the app as the platform reports
 * it: the node server's socket (bindings.incoming) or API Gateway's requestContext.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let app: Hono;
let clock = new Date('2030-03-05T09:10:00.000Z');
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  const base = await createTestEnvironment();
  const environment = { ...base.environment, RATE_LIMITS: 'on' };
  env = { ...base, environment, config: parseLocalConfig(environment) };
  events = createEventRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  app = appUnderTest(env, () => clock).app;
});

let eventNumber = 0;
async function storedEvent(overrides: Partial<TrainingEvent> = {}): Promise<TrainingEvent> {
  eventNumber++;
  const input = eventInputSchema.parse({
    title: `Digitální úřad ${eventNumber}`,
    startsAt: '2030-03-20T08:00:00.000Z',
    endsAt: '2030-03-20T12:00:00.000Z',
    venue: 'Liberec',
    capacity: 100,
    modernTechFocus: true,
  });
  const event = { ...newEvent(newId(), input, '2030-02-01T08:00:00.000Z'), ...overrides };
  await events.createEvent(event);
  return event;
}

/** Pages bind short words to the next with no-break spaces; compare words, not spacing. */
const text = async (response: Response) => (await response.text()).replace(/\u00a0/g, ' ');

let personNumber = 0;
const newAddress = () => `ucastnik.${++personNumber}@obec-example.cz`;

/** The node server's bindings: what @hono/node-server hands the app for a real socket. */
const fromSocket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

function registerFrom(
  client: string | undefined,
  eventId: string,
  email: string,
  headers: Record<string, string> = {},
) {
  return app.request(
    `/api/events/${eventId}/registrations`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'Jana Nováková', email, role: 'citizen', consent: true }),
    },
    client ? fromSocket(client) : undefined,
  );
}

async function storedRegistrations(eventIds: string[]): Promise<number> {
  const lists = await Promise.all(eventIds.map((id) => events.listRegistrations(id)));
  return lists.flat().length;
}

interface ErrorBody {
  errors: { field: string; code: string; message: string }[];
}

describe('per client address', () => {
  it('a loop from one client stops at 30 an hour with 429 and stores nothing more', async () => {
    clock = at('2030-03-05T09:35:00.000Z');
    const targets = [await storedEvent(), await storedEvent(), await storedEvent()];
    const ids = targets.map((e) => e.id);
    await drainMailQueue(env);
    const statuses: number[] = [];
    for (let n = 0; n < 30; n++) {
      const response = await registerFrom('198.51.100.10', ids[n % 3] ?? '', newAddress());
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(30).fill(201));
    const itemsBefore = await tableItemCount(env);

    for (let n = 0; n < 5; n++) {
      const refused = await registerFrom('198.51.100.10', ids[n % 3] ?? '', newAddress());
      expect(refused.status).toBe(429);
      // 09:35 → the window ends at 10:00.
      expect(refused.headers.get('retry-after')).toBe(String(25 * 60));
      const body = (await refused.json()) as ErrorBody;
      expect(body.errors).toEqual([
        { field: 'body', code: 'rate_limited', message: expect.stringContaining('za 25 minut') },
      ]);
      expect(body.errors[0]?.message).toContain('pořadateli akce');
    }
    expect(await tableItemCount(env)).toBe(itemsBefore);
    expect(await storedRegistrations(ids)).toBe(30);
    const mail = await drainMailQueue(env);
    expect(mail.filter((m) => m.kind === 'registration-confirmed')).toHaveLength(30);

    // Another client is not affected; a spoofed forwarding header changes nothing.
    expect((await registerFrom('198.51.100.11', ids[0] ?? '', newAddress())).status).toBe(201);
    const spoofed = await registerFrom('198.51.100.10', ids[0] ?? '', newAddress(), {
      'x-forwarded-for': '203.0.113.99',
      'x-real-ip': '203.0.113.99',
    });
    expect(spoofed.status).toBe(429);

    // The next hour the client may register again: the window is fixed, nobody waits for TTL.
    clock = at('2030-03-05T10:00:00.000Z');
    expect((await registerFrom('198.51.100.10', ids[0] ?? '', newAddress())).status).toBe(201);
  });

  it('thirty colleagues behind one office address register for the same training', async () => {
    clock = at('2030-03-05T13:05:00.000Z');
    const training = await storedEvent({ capacity: 40 });
    for (let n = 0; n < 30; n++) {
      const response = await registerFrom('192.0.2.30', training.id, newAddress());
      expect(response.status).toBe(201);
    }
    const registrations = await events.listRegistrations(training.id);
    expect(registrations.filter((r) => r.status === 'confirmed')).toHaveLength(30);
    expect((await registerFrom('192.0.2.30', training.id, newAddress())).status).toBe(429);
  });

  it("an event's raised allowance lets more through for that event only, up to the allowance", async () => {
    clock = at('2030-03-05T14:05:00.000Z');
    // The organiser sets the allowance like any other field of the event.
    const created = await app.request('/api/admin/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Krajská konference o digitalizaci',
        startsAt: '2030-03-20T08:00:00.000Z',
        endsAt: '2030-03-20T12:00:00.000Z',
        venue: 'Liberec',
        capacity: 100,
        modernTechFocus: true,
        clientAllowancePerHour: 45,
      }),
    });
    expect(created.status).toBe(201);
    const conference = (await created.json()) as { id: string; clientAllowancePerHour: number };
    expect(conference.clientAllowancePerHour).toBe(45);
    const other = await storedEvent();
    const results: number[] = [];
    for (let n = 0; n < 46; n++) {
      results.push((await registerFrom('192.0.2.45', conference.id, newAddress())).status);
    }
    expect(results.slice(0, 45)).toEqual(Array(45).fill(201));
    expect(results[45]).toBe(429);
    expect(await events.listRegistrations(conference.id)).toHaveLength(45);
    // The client's default allowance for the other events is spent.
    expect((await registerFrom('192.0.2.45', other.id, newAddress())).status).toBe(429);
    expect(await events.listRegistrations(other.id)).toHaveLength(0);
  });

  it('a registration refused for another reason costs no count', async () => {
    clock = at('2030-03-05T15:05:00.000Z');
    const open = await storedEvent();
    const draft = await storedEvent({ status: 'draft' });
    const client = '192.0.2.77';
    for (let n = 0; n < 29; n++) {
      expect((await registerFrom(client, open.id, newAddress())).status).toBe(201);
    }
    // Refused by the event's condition (a draft, a cancelled event) and by validation: none of
    // them may use up the last registration of the hour.
    expect((await registerFrom(client, draft.id, newAddress())).status).toBe(404);
    const cancelled = await storedEvent({ status: 'cancelled' });
    expect((await registerFrom(client, cancelled.id, newAddress())).status).toBe(409);
    expect((await registerFrom(client, open.id, 'not-an-address')).status).toBe(400);
    const hasher = createSubjectHasher(env.config.hashingSecret);
    const [counter] = registrationCounters(
      { enabled: true, perClientPerHour: 30, perEmailPerDay: 5 },
      { clientHash: hasher.client(client), emailHash: '' },
      clock.getTime(),
    );
    const stored = await env.clients.dynamo.send(
      new GetCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.rateCounter(counter?.key ?? ''),
      }),
    );
    expect(stored.Item?.n).toBe(29);
    expect((await registerFrom(client, open.id, newAddress())).status).toBe(201);
    expect((await registerFrom(client, open.id, newAddress())).status).toBe(429);
    expect(await events.listRegistrations(open.id)).toHaveLength(30);
  });

  it("takes the socket's address in the local runtime, not a header", async () => {
    const event = await storedEvent();
    const runtime = await startTestRuntime(env);
    try {
      const response = await fetch(`${runtime.url}/api/events/${event.id}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.1' },
        body: JSON.stringify({
          name: 'Eva Malá',
          email: newAddress(),
          role: 'citizen',
          consent: true,
        }),
      });
      expect(response.status).toBe(201);
    } finally {
      await runtime.stop();
    }
    const [stored] = await events.listRegistrations(event.id);
    const hasher = createSubjectHasher(env.config.hashingSecret);
    expect(stored?.clientHash).toBe(hasher.client('127.0.0.1'));
  });

  it("takes API Gateway's sourceIp in AWS, not a header", async () => {
    clock = at('2030-03-05T16:05:00.000Z');
    const event = await storedEvent();
    const handler = handle(app);
    const invoke = async (sourceIp: string, forwardedFor: string) => {
      const body = JSON.stringify({
        name: 'Petr Dvořák',
        email: newAddress(),
        role: 'citizen',
        consent: true,
      });
      const request = {
        version: '2.0',
        routeKey: '$default',
        rawPath: `/api/events/${event.id}/registrations`,
        rawQueryString: '',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': forwardedFor,
          host: 'skoleni.example.cz',
        },
        requestContext: {
          accountId: '123456789012',
          apiId: 'api',
          domainName: 'skoleni.example.cz',
          domainPrefix: 'skoleni',
          http: {
            method: 'POST',
            path: `/api/events/${event.id}/registrations`,
            protocol: 'HTTP/1.1',
            sourceIp,
            userAgent: 'test',
          },
          requestId: newId(),
          routeKey: '$default',
          stage: '$default',
          time: '',
          timeEpoch: 0,
        },
        body,
        isBase64Encoded: false,
      } as unknown as Parameters<typeof handler>[0];
      const result = (await handler(request, {} as LambdaContext)) as { statusCode: number };
      return result.statusCode;
    };
    for (let n = 0; n < 30; n++) {
      expect(await invoke('203.0.113.5', `10.0.0.${n}`)).toBe(201);
    }
    expect(await invoke('203.0.113.5', '10.0.0.200')).toBe(429);
    expect(await invoke('203.0.113.6', '203.0.113.5')).toBe(201);
    const stored = await events.listRegistrations(event.id);
    const hasher = createSubjectHasher(env.config.hashingSecret);
    expect(stored.filter((r) => r.clientHash === hasher.client('203.0.113.5'))).toHaveLength(30);
    expect(JSON.stringify(stored)).not.toContain('203.0.113.5');
  });
});

describe('per email address', () => {
  it('one victim address on many events gets at most 5 registrations and their emails a day', async () => {
    clock = at('2030-03-06T07:00:00.000Z');
    const targets: TrainingEvent[] = [];
    for (let n = 0; n < 8; n++) targets.push(await storedEvent());
    await drainMailQueue(env);
    const victim = 'obet@obec-example.cz';
    const statuses: number[] = [];
    // A new client address for every request: the per-email limit holds on its own.
    for (const [n, target] of targets.entries()) {
      statuses.push((await registerFrom(`198.51.100.${100 + n}`, target.id, victim)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = await registerFrom('198.51.100.99', targets[7]?.id ?? '', victim);
    expect(refused.headers.get('retry-after')).toBe(String(17 * 3600));
    const body = (await refused.json()) as ErrorBody;
    expect(body.errors).toEqual([
      { field: 'email', code: 'rate_limited', message: expect.stringContaining('za 17 hodin') },
    ]);
    const stored = await storedRegistrations(targets.map((t) => t.id));
    expect(stored).toBe(5);
    const mail = await drainMailQueue(env);
    expect(mail.filter((m) => m.kind === 'registration-confirmed')).toHaveLength(5);

    // The next UTC day the address may be registered again.
    clock = at('2030-03-07T00:00:00.000Z');
    expect((await registerFrom('198.51.100.120', targets[5]?.id ?? '', victim)).status).toBe(201);
  });
});

describe('a repeated address', () => {
  it('counts too, so repeating it cannot flood the mailbox with notes', async () => {
    clock = at('2030-03-07T08:00:00.000Z');
    const event = await storedEvent();
    const victim = 'opakovana@obec-example.cz';
    expect((await registerFrom('198.51.100.200', event.id, victim)).status).toBe(201);
    await drainMailQueue(env);
    const statuses: number[] = [];
    for (let n = 0; n < 8; n++) {
      statuses.push((await registerFrom(`198.51.100.${201 + n}`, event.id, victim)).status);
    }
    // The same answer as to a new address while under the limit, then 429.
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429]);
    const notes = (await drainMailQueue(env)).filter((m) => m.kind === 'duplicate-registration');
    expect(notes).toHaveLength(4);
    expect(await events.listRegistrations(event.id)).toHaveLength(1);
  });
});

describe('the registration form', () => {
  const fields = (values: Record<string, string>) =>
    new URLSearchParams({ name: 'Jana Nováková', role: 'citizen', consent: 'on', ...values });

  function post(eventId: string, body: URLSearchParams, client = '192.0.2.200') {
    return app.request(
      `/akce/${eventId}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      },
      fromSocket(client),
    );
  }

  it('carries a signed timestamp, and refuses a form sent too fast, stale or without it', async () => {
    clock = at('2030-03-08T10:00:00.000Z');
    const event = await storedEvent();
    const page = await (await app.request(`/akce/${event.id}`)).text();
    const token = /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(token).not.toBe('');
    const secret = env.config.LINK_SIGNING_SECRET;

    clock = at('2030-03-08T10:00:01.000Z');
    const tooFast = await post(event.id, fields({ email: newAddress(), formToken: token }));
    expect(tooFast.status).toBe(400);
    const tooFastPage = await text(tooFast);
    expect(tooFastPage).toContain('class="error-summary"');
    expect(tooFastPage).toContain('rychleji, než ho člověk stihne vyplnit');
    // The person's values come back, with a fresh token to send them again.
    expect(tooFastPage).toContain('Jana Nováková');
    expect(tooFastPage).toMatch(/name="formToken" value="[^"]+"/);

    const missing = await post(event.id, fields({ email: newAddress() }));
    expect(missing.status).toBe(400);
    expect(await text(missing)).toContain('Formulář se nepodařilo ověřit');

    const foreign = issueFormToken(secret, (await storedEvent()).id, clock.getTime() - 60_000);
    const wrongEvent = await post(event.id, fields({ email: newAddress(), formToken: foreign }));
    expect(wrongEvent.status).toBe(400);

    clock = at('2030-03-08T22:00:01.000Z');
    const stale = await post(event.id, fields({ email: newAddress(), formToken: token }));
    expect(stale.status).toBe(400);
    expect(await text(stale)).toContain('déle než 12 hodin');
    expect(await events.listRegistrations(event.id)).toHaveLength(0);

    clock = at('2030-03-08T10:01:00.000Z');
    const accepted = await post(event.id, fields({ email: newAddress(), formToken: token }));
    expect(accepted.status).toBe(303);
    expect(await events.listRegistrations(event.id)).toHaveLength(1);
  });

  it('shows the limit in its error summary with Retry-After', async () => {
    clock = at('2030-03-08T11:10:00.000Z');
    const event = await storedEvent();
    const token = issueFormToken(
      env.config.LINK_SIGNING_SECRET,
      event.id,
      clock.getTime() - 60_000,
    );
    for (let n = 0; n < 30; n++) {
      expect(
        (await post(event.id, fields({ email: newAddress(), formToken: token }), '192.0.2.201'))
          .status,
      ).toBe(303);
    }
    const refused = await post(
      event.id,
      fields({ email: newAddress(), formToken: token }),
      '192.0.2.201',
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(50 * 60));
    const html = await text(refused);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('příliš mnoho registrací');
    expect(html).toContain('za 50 minut');
  });
});
