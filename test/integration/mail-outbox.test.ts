import { randomBytes } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createMailQueue } from '../../shared/adapters/mail-queue';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { Registration } from '../../shared/domain/registration';
import type { MailOutboxSweepSummary } from '../../shared/mail/outbox';
import { organiserDeps } from '../../shared/wiring';
import { adminHeaders, createApp } from '../support/app-under-test';
import {
  createTestEnvironment,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let env: TestEnvironment;
let runtime: Runtime;
/** The http function whose mail queue cannot be reached: every queue send after a commit fails. */
let cutOffApp: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await createTestEnvironment();
  runtime = await startTestRuntime(env);
  const unreachableSqs = new SQSClient({
    region: env.config.AWS_REGION,
    endpoint: 'http://127.0.0.1:9',
    maxAttempts: 1,
  });
  cutOffApp = createApp({
    ...organiserDeps(env.config),
    mail: createMailQueue(unreachableSqs, env.config.MAIL_QUEUE_URL),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

async function createEvent(capacity: number) {
  const title = `Datová schránka v praxi ${randomBytes(3).toString('hex')}`;
  const input = {
    title,
    startsAt: new Date(Date.now() + 10 * 24 * HOUR).toISOString(),
    endsAt: new Date(Date.now() + 10 * 24 * HOUR + 3 * HOUR).toISOString(),
    venue: 'Krajský úřad Libereckého kraje',
    capacity,
    modernTechFocus: true,
  };
  const response = await fetch(`${runtime.url}/api/admin/events`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(201);
  const event = (await response.json()) as { id: string };
  return { id: event.id, title, input };
}

const person = (label: string) => ({
  name: `Účastník ${label}`,
  email: `outbox-${label}-${randomBytes(4).toString('hex')}@example.cz`,
  role: 'citizen',
  consent: true,
});

async function registerThrough(
  fetcher: (request: Request) => Response | Promise<Response>,
  eventId: string,
  body: ReturnType<typeof person>,
): Promise<{ status: number; json: { status?: string; id?: string } }> {
  const response = await fetcher(
    new Request(`${runtime.url}/api/events/${eventId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, json: (await response.json()) as { status?: string } };
}

const sweep = async (at: number) =>
  (await runtime.runJob('mailOutbox', new Date(at))) as MailOutboxSweepSummary;

const subjects = async (address: string) =>
  (await sentEmails(env, address)).map((email) => email.subject);

/** Long enough for the running mailer to have sent anything queued. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('the mail outbox', () => {
  it('delivers the confirmation of a registration whose queue send failed, once, after the grace period', async () => {
    const event = await createEvent(5);
    const jana = person('jana');
    const registeredAt = Date.now();
    // The registration is stored; its answer says so although the queue could not be reached.
    const answer = await registerThrough((r) => cutOffApp.fetch(r), event.id, jana);
    expect(answer).toMatchObject({ status: 201, json: { status: 'confirmed' } });
    const listed = await fetch(`${runtime.url}/api/admin/events/${event.id}/registrations`, {
      headers: adminHeaders,
    });
    expect(((await listed.json()) as { status: string }[]).map((r) => r.status)).toEqual([
      'confirmed',
    ]);
    await settle();
    expect(await subjects(jana.email)).toEqual([]);

    // Within the grace period the sweep leaves it alone: a slow queue is not a lost one.
    expect(await sweep(registeredAt + 10 * MINUTE)).toMatchObject({ entriesDue: 0, requeued: 0 });
    await settle();
    expect(await subjects(jana.email)).toEqual([]);

    expect(await sweep(registeredAt + 16 * MINUTE)).toMatchObject({
      entriesDue: 1,
      alreadySent: 0,
      requeued: 1,
      unreadable: 0,
      more: false,
    });
    await waitFor(async () => (await subjects(jana.email)).length > 0, {
      what: 'the confirmation from the outbox',
    });
    // Re-runs (a retried schedule, an operator) find nothing more to do.
    expect(await sweep(registeredAt + 16 * MINUTE)).toMatchObject({ entriesDue: 0 });
    expect(await sweep(registeredAt + 30 * MINUTE)).toMatchObject({ entriesDue: 0 });
    await settle();
    expect(await subjects(jana.email)).toEqual([`Registrace potvrzena: ${event.title}`]);
  });

  it('only clears the entries of emails that went out the usual way', async () => {
    const event = await createEvent(1);
    const [petr, eva] = [person('petr'), person('eva')];
    const registeredAt = Date.now();
    for (const someone of [petr, eva]) {
      expect((await registerThrough((r) => fetch(r), event.id, someone)).status).toBe(201);
    }
    for (const someone of [petr, eva]) {
      await waitFor(async () => (await subjects(someone.email)).length > 0, {
        what: `the email to ${someone.name}`,
      });
    }
    expect(await sweep(registeredAt + 16 * MINUTE)).toMatchObject({
      entriesDue: 2,
      alreadySent: 2,
      requeued: 0,
    });
    await settle();
    expect(await subjects(petr.email)).toEqual([`Registrace potvrzena: ${event.title}`]);
    expect(await subjects(eva.email)).toEqual([`Jste na čekací listině: ${event.title}`]);
  });

  it('delivers a cancellation and the promotion it caused when both queue sends failed', async () => {
    const event = await createEvent(1);
    const [karel, lucie] = [person('karel'), person('lucie')];
    for (const someone of [karel, lucie]) {
      expect((await registerThrough((r) => fetch(r), event.id, someone)).status).toBe(201);
      await waitFor(async () => (await subjects(someone.email)).length > 0, {
        what: `the email to ${someone.name}`,
      });
    }
    const listed = await fetch(`${runtime.url}/api/admin/events/${event.id}/registrations`, {
      headers: adminHeaders,
    });
    const registrations = (await listed.json()) as { id: string; name: string }[];
    const karelsId = registrations.find((r) => r.name === karel.name)?.id;

    const cancelledAt = Date.now();
    const cancelled = await cutOffApp.fetch(
      new Request(`${runtime.url}/api/admin/events/${event.id}/registrations/${karelsId}/cancel`, {
        method: 'POST',
        headers: adminHeaders,
      }),
    );
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ outcome: 'cancelled', status: 'cancelled' });
    await settle();
    expect(await subjects(karel.email)).toHaveLength(1);
    expect(await subjects(lucie.email)).toHaveLength(1);

    // The two registrations' first emails were sent; only the cancellation and promotion return.
    expect(await sweep(cancelledAt + 16 * MINUTE)).toMatchObject({
      entriesDue: 4,
      alreadySent: 2,
      requeued: 2,
    });
    await waitFor(async () => (await subjects(lucie.email)).length === 2, {
      what: 'the promotion email',
    });
    await waitFor(async () => (await subjects(karel.email)).length === 2, {
      what: 'the cancellation email',
    });
    await settle();
    expect(await subjects(karel.email)).toEqual([
      `Registrace potvrzena: ${event.title}`,
      `Registrace zrušena: ${event.title}`,
    ]);
    expect(await subjects(lucie.email)).toEqual([
      `Jste na čekací listině: ${event.title}`,
      `Uvolnilo se místo, máte potvrzenou účast: ${event.title}`,
    ]);
  });

  it('tells everyone registered that the event is cancelled when the queue send failed', async () => {
    const event = await createEvent(2);
    const people = ['ota', 'rut', 'ivo'].map(person);
    for (const someone of people) {
      expect((await registerThrough((r) => fetch(r), event.id, someone)).status).toBe(201);
      await waitFor(async () => (await subjects(someone.email)).length > 0, {
        what: `the email to ${someone.name}`,
      });
    }
    const cancelledAt = Date.now();
    const cancelled = await cutOffApp.fetch(
      new Request(`${runtime.url}/api/admin/events/${event.id}/cancel`, {
        method: 'POST',
        headers: adminHeaders,
      }),
    );
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', notified: 3 });
    await settle();
    for (const someone of people) expect(await subjects(someone.email)).toHaveLength(1);

    // The three registrations' entries (their emails went out) and the one notice.
    expect(await sweep(cancelledAt + 16 * MINUTE)).toMatchObject({
      entriesDue: 4,
      notices: 1,
      alreadySent: 3,
      requeued: 3,
    });
    for (const someone of people) {
      await waitFor(async () => (await subjects(someone.email)).length === 2, {
        what: `the cancellation to ${someone.name}`,
      });
    }
    expect(await sweep(cancelledAt + 30 * MINUTE)).toMatchObject({ entriesDue: 0 });
    await settle();
    for (const someone of people) {
      expect((await subjects(someone.email))[1]).toBe(`Akce zrušena: ${event.title}`);
      expect(await subjects(someone.email)).toHaveLength(2);
    }
  });

  it('announces a moved event once, and nothing for a change that was never stored', async () => {
    const event = await createEvent(5);
    const vera = person('vera');
    expect((await registerThrough((r) => fetch(r), event.id, vera)).status).toBe(201);
    await waitFor(async () => (await subjects(vera.email)).length > 0, {
      what: 'the confirmation',
    });
    const movedAt = Date.now();
    const moved = await cutOffApp.fetch(
      new Request(`${runtime.url}/api/admin/events/${event.id}`, {
        method: 'PUT',
        headers: adminHeaders,
        body: JSON.stringify({ ...event.input, venue: 'Městský úřad Jablonec nad Nisou' }),
      }),
    );
    expect(moved.status).toBe(200);
    const { revision } = (await moved.json()) as { revision: number };

    // A notice stored before a change that then never happened (a refused edit, a crash).
    const events = createEventRepository(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      createAddressHasher(env.config.hashingSecret),
    );
    await events.recordNotice(
      { kind: 'event-changed', eventId: event.id, revision: revision + 1 },
      movedAt,
    );

    expect(await sweep(movedAt + 16 * MINUTE)).toMatchObject({
      entriesDue: 3,
      notices: 2,
      alreadySent: 1,
      requeued: 1,
    });
    await waitFor(async () => (await subjects(vera.email)).length === 2, { what: 'the notice' });
    await settle();
    expect(await subjects(vera.email)).toEqual([
      `Registrace potvrzena: ${event.title}`,
      // The notice in the outbox carries the place before the change, so the email names it.
      `Změna místa: ${event.title}`,
    ]);
  });

  it('promotes the first waiting person when the request died between a cancellation and its promotion', async () => {
    const event = await createEvent(1);
    const [ema, jan] = [person('ema'), person('jan')];
    for (const someone of [ema, jan]) {
      expect((await registerThrough((r) => fetch(r), event.id, someone)).status).toBe(201);
      await waitFor(async () => (await subjects(someone.email)).length > 0, {
        what: `the email to ${someone.name}`,
      });
    }
    // What a kill right after the cancellation's transaction leaves: the seat is free, nobody
    // promoted, nothing queued; only the cancellation's outbox entry tells of it.
    const events = createEventRepository(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      createAddressHasher(env.config.hashingSecret),
    );
    const [emas, jans] = await events.listRegistrations(event.id);
    const cancelledAt = Date.now();
    await events.cancelRegistration(emas as Registration, new Date(cancelledAt).toISOString(), {
      mailOutbox: true,
    });

    expect(await sweep(cancelledAt + 16 * MINUTE)).toMatchObject({
      entriesDue: 3,
      alreadySent: 2,
      requeued: 1,
      promoted: 1,
    });
    await waitFor(async () => (await subjects(jan.email)).length === 2, {
      what: 'the promotion email',
    });
    await waitFor(async () => (await subjects(ema.email)).length === 2, {
      what: 'the cancellation email',
    });
    expect((await events.getRegistration(event.id, jans?.id ?? ''))?.status).toBe('confirmed');
    // The promotion's own entry, and the next sweeps, move nobody else.
    expect(await sweep(cancelledAt + 40 * MINUTE)).toMatchObject({ alreadySent: 1, promoted: 0 });
    await settle();
    expect(await subjects(jan.email)).toEqual([
      `Jste na čekací listině: ${event.title}`,
      `Uvolnilo se místo, máte potvrzenou účast: ${event.title}`,
    ]);
  });
});
