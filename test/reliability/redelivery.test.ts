import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { loadFunction } from '../../infra/local/runtime';
import { keys } from '../../shared/adapters/dynamo/keys';
import { type MailMessage, mailDedupeKey } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { Registration } from '../../shared/domain/registration';
import { surveySchedule } from '../../shared/domain/survey';
import type { ScheduledJobEvent } from '../../shared/resources';
import { cancelRegistration } from '../../shared/use-cases/cancel-registration';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { surveyUrl } from '../../shared/web/links';
import { adminHeaders, appUnderTest, drainMailQueue, useCaseDeps } from '../support/app-under-test';
import { queueDepth, sqsRecord } from '../support/fixtures';
import {
  createTestEnvironment,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';
import { registerOverHttp, uniqueAddress } from './support/environment';
import { byRecipient, emailsTo, kindOfSubject } from './support/mail-store';
import { chunks, repeatedShuffled, seededRandom } from './support/shuffle';

/*
 * At-least-once delivery, taken literally: every message the system produced is delivered three
 * times, in a shuffled order, and each must have exactly one effect. The messages are the real
 * ones: registrations, a cancellation and the promotion it causes, reminders, attendance-driven
 * survey invitations and their reminder, and SES bounce and complaint notifications.
 */

const HOUR = 3_600_000;
const copies = 3;
const visibilityTimeoutSeconds = 2;

type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;
type Job = (event: ScheduledJobEvent) => Promise<unknown>;

let env: TestEnvironment;
let deps: ReturnType<typeof useCaseDeps>;
let app: Hono;
let mailer: Handler;
let mailEvents: Handler;
let reminderJob: Job;
let surveyJob: Job;
let runtime: Runtime | undefined;

beforeAll(async () => {
  env = await createTestEnvironment({ visibilityTimeoutSeconds });
  deps = useCaseDeps(env);
  ({ app } = appUnderTest(env));
  // The functions read their configuration when loaded, as in Lambda: after the environment.
  mailer = (await loadFunction<typeof import('../../functions/mailer')>('mailer')).handler;
  mailEvents = (await loadFunction<typeof import('../../functions/mail-events')>('mailEvents'))
    .handler;
  reminderJob = (await loadFunction<typeof import('../../functions/reminders')>('reminders'))
    .handler;
  surveyJob = (await loadFunction<typeof import('../../functions/surveys')>('surveys')).handler;
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

afterAll(async () => {
  await runtime?.stop();
  vi.restoreAllMocks();
});

interface Scenario {
  messages: MailMessage[];
  /** The kinds of email each address must receive, once each. */
  expected: Map<string, string[]>;
  titles: string[];
  registrationOf(email: string): Registration;
  surveyEventId: string;
  startedAt: number;
}

/**
 * Drives the system through the use cases and the jobs with nothing consuming the mail queue,
 * then takes every message it queued.
 */
async function produceMessages(label: string): Promise<Scenario> {
  await drainMailQueue(env);
  const startedAt = Date.now();
  const now = Date.now();
  const person = (name: string) => ({ name, email: uniqueAddress(name), role: 'citizen' as const });

  // Ten days ahead, two seats: its 7-day reminder falls due in three days.
  const held = await createEvent(deps, {
    title: `Datová schránka v praxi ${label}`,
    startsAt: new Date(now + 240 * HOUR).toISOString(),
    endsAt: new Date(now + 243 * HOUR).toISOString(),
    venue: 'Městský úřad Semily',
    capacity: 2,
    modernTechFocus: false,
  });
  const [p1, p2, p3] = [person('prvni'), person('druhy'), person('treti')];
  for (const p of [p1, p2, p3]) await register(deps, held.id, { ...p, consent: true });
  // The first person registers again; the second cancels, which promotes the third.
  await register(deps, held.id, { ...p1, consent: true });
  const heldRegistrations = await deps.events.listRegistrations(held.id);

  // Two days ahead, three seats; two of the three come, and the survey follows.
  const surveyed = await createEvent(deps, {
    title: `Umělá inteligence na úřadě ${label}`,
    startsAt: new Date(now + 48 * HOUR).toISOString(),
    endsAt: new Date(now + 51 * HOUR).toISOString(),
    venue: 'Krajská vědecká knihovna Liberec',
    capacity: 3,
    modernTechFocus: true,
  });
  const [s1, s2, s3] = [person('prisel'), person('prisla'), person('neprisel')];
  for (const p of [s1, s2, s3]) await register(deps, surveyed.id, { ...p, consent: true });
  const surveyedRegistrations = await deps.events.listRegistrations(surveyed.id);
  const all = [...heldRegistrations, ...surveyedRegistrations];
  const registrationOf = (email: string) => all.find((r) => r.email === email) as Registration;

  await cancelRegistration(deps, held.id, registrationOf(p2.email).id);
  const marked = await app.request(`/api/admin/events/${surveyed.id}/attendance`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({
      registrationIds: [registrationOf(s1.email).id, registrationOf(s2.email).id],
    }),
  });
  expect(marked.status).toBe(200);

  // Three days on: the held event's 7-day reminder is due; the surveyed event is over.
  await reminderJob({ time: new Date(now + 80 * HOUR).toISOString() });
  const schedule = surveySchedule(surveyed);
  await surveyJob({ time: schedule.opensAt });
  await surveyJob({ time: schedule.remindAt });

  const messages = await drainMailQueue(env);
  const expected = new Map<string, string[]>([
    [p1.email, ['registration-confirmed', 'duplicate-registration', 'reminder']],
    // Cancelled before the mailer ran: the confirmation no longer applies, the cancellation does.
    [p2.email, ['registration-cancelled']],
    // Promoted before the mailer ran: the waiting-list email no longer applies.
    [p3.email, ['promoted', 'reminder']],
    // Its reminders fell due after it had started, so none went out.
    [s1.email, ['registration-confirmed', 'survey-invitation', 'survey-reminder']],
    [s2.email, ['registration-confirmed', 'survey-invitation', 'survey-reminder']],
    [s3.email, ['registration-confirmed']],
  ]);
  return {
    messages,
    expected,
    titles: [held.title, surveyed.title],
    registrationOf,
    surveyEventId: surveyed.id,
    startedAt,
  };
}

/** The kinds of email each address of the scenario got, sorted, from the SES emulator. */
async function receivedKinds(scenario: Scenario): Promise<Map<string, string[]>> {
  const emails = byRecipient(
    await emailsTo(env, new Set(scenario.expected.keys()), scenario.startedAt),
  );
  return new Map(
    [...scenario.expected.keys()].map((address) => [
      address,
      (emails.get(address) ?? [])
        .map(
          (email) =>
            scenario.titles.map((title) => kindOfSubject(email.subject, title)).find(Boolean) ??
            `unexpected: ${email.subject}`,
        )
        .sort(),
    ]),
  );
}

const sortedExpectation = (scenario: Scenario) =>
  new Map([...scenario.expected].map(([address, kinds]) => [address, [...kinds].sort()]));

let recordCount = 0;
const record = (body: string, queue: string): SQSRecord =>
  sqsRecord(body, `copy-${++recordCount}`, queue);

/**
 * Hands batches to a consumer the way the event source mapping does, two at a time; items the
 * consumer reports as failed come back in a later batch, as SQS would redeliver them.
 */
async function deliverInBatches(handler: Handler, records: SQSRecord[], batchSize = 10) {
  let pending = records;
  for (let round = 0; pending.length > 0; round++) {
    if (round > 10) throw new Error(`Still failing after ${round} redeliveries`);
    const failed: SQSRecord[] = [];
    const batches = chunks(pending, batchSize);
    for (const pair of chunks(batches, 2)) {
      const results = await Promise.all(pair.map((batch) => handler({ Records: batch })));
      results.forEach((result, i) => {
        const ids = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
        failed.push(...(pair[i] ?? []).filter((r) => ids.has(r.messageId)));
      });
    }
    pending = failed;
  }
}

describe('mail messages delivered three times, out of order', () => {
  it('as duplicates inside the batches handed to the mailer: exactly one email each', async () => {
    const scenario = await produceMessages('A');
    expect(scenario.messages.length).toBeGreaterThanOrEqual(15);
    const deliveries = repeatedShuffled(scenario.messages, copies, seededRandom(1)).map((m) =>
      record(JSON.stringify(m), 'mail'),
    );
    // The shuffle does put copies of one message into the same batch.
    const sharedBatch = chunks(deliveries, 10).some(
      (batch) => new Set(batch.map((r) => r.body)).size < batch.length,
    );
    expect(sharedBatch).toBe(true);

    await deliverInBatches(mailer, deliveries);

    expect(await receivedKinds(scenario)).toEqual(sortedExpectation(scenario));
    // Every message ended as sent or deliberately skipped: nothing is left claimed.
    for (const message of scenario.messages) {
      const item = await env.clients.dynamo.send(
        new GetCommand({
          TableName: env.config.TABLE_NAME,
          Key: keys.sentMail(mailDedupeKey(message)),
          ConsistentRead: true,
        }),
      );
      expect(item.Item?.state ?? 'skipped').not.toBe('sending');
    }
  });

  it('as separate SQS messages through the queue poller: exactly one email each', async () => {
    const scenario = await produceMessages('B');
    const bodies = repeatedShuffled(scenario.messages, copies, seededRandom(2)).map((m) =>
      JSON.stringify(m),
    );
    for (const [n, chunk] of chunks(bodies, 10).entries()) {
      await env.clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: env.queueUrls.mail,
          Entries: chunk.map((body, i) => ({ Id: `${n}-${i}`, MessageBody: body })),
        }),
      );
    }
    runtime = await startTestRuntime(env);
    await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
      timeoutMs: 60_000,
      what: 'the mail queue to drain',
    });

    expect(await receivedKinds(scenario)).toEqual(sortedExpectation(scenario));
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
    mailScenario = scenario;
  });
});

/** The scenario whose emails went out through the runtime; bounces refer to its emails. */
let mailScenario: Scenario | undefined;

describe('SES notifications delivered three times, out of order', () => {
  /** A notification as SES event publishing writes it, inside the SNS envelope. */
  function notification(
    type: 'Bounce' | 'Complaint',
    address: string,
    sesMessageId: string,
    bounceType = 'Permanent',
  ): string {
    const event =
      type === 'Bounce'
        ? {
            eventType: 'Bounce',
            bounce: {
              bounceType,
              bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
              bouncedRecipients: [{ emailAddress: address, status: '5.1.1', action: 'failed' }],
              timestamp: new Date().toISOString(),
            },
            mail: { messageId: sesMessageId, destination: [address] },
          }
        : {
            eventType: 'Complaint',
            complaint: {
              complainedRecipients: [{ emailAddress: address }],
              complaintFeedbackType: 'abuse',
              timestamp: new Date().toISOString(),
            },
            mail: { messageId: sesMessageId, destination: [address] },
          };
    return JSON.stringify({
      Type: 'Notification',
      MessageId: `${type}-${sesMessageId}`,
      TopicArn: 'arn:aws:sns:eu-central-1:123456789012:chytra-skoleni-mail-events',
      Message: JSON.stringify(event),
      Timestamp: new Date().toISOString(),
    });
  }

  it('suppress each address and flag each registration once; further copies change nothing', async () => {
    if (!mailScenario || !runtime) throw new Error('needs the emails of the poller test');
    const scenario = mailScenario;
    const emails = byRecipient(
      await emailsTo(env, new Set(scenario.expected.keys()), scenario.startedAt),
    );
    const [bounced, complained, fullMailbox] = [...scenario.expected.keys()];
    const firstEmailTo = (address: string | undefined) => {
      const email = emails.get(address ?? '')?.[0];
      if (!address || !email) throw new Error(`no email to ${address}`);
      return { address, messageId: email.messageId };
    };
    const bounce = firstEmailTo(bounced);
    const complaint = firstEmailTo(complained);
    const transient = firstEmailTo(fullMailbox);
    const bodies = [
      notification('Bounce', bounce.address, bounce.messageId),
      notification('Complaint', complaint.address, complaint.messageId),
      notification('Bounce', transient.address, transient.messageId, 'Transient'),
    ];

    // Through the queue poller, each three times in a shuffled order.
    await env.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: env.queueUrls.mailEvents,
        Entries: repeatedShuffled(bodies, copies, seededRandom(3)).map((body, i) => ({
          Id: String(i),
          MessageBody: body,
        })),
      }),
    );
    await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mailEvents)) === 0, {
      timeoutMs: 30_000,
      what: 'the mail-events queue to drain',
    });
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mailEvents)).toBe(0);

    const addressHash = createAddressHasher(env.config.hashingSecret);
    const snapshot = async () => {
      const read = async (key: { pk: string; sk: string }) =>
        (
          await env.clients.dynamo.send(
            new GetCommand({ TableName: env.config.TABLE_NAME, Key: key, ConsistentRead: true }),
          )
        ).Item;
      const registration = (address: string) => {
        const r = scenario.registrationOf(address);
        return read(keys.registration(r.eventId, r.id));
      };
      return {
        suppressed: await Promise.all(
          [bounce, complaint, transient].map((x) =>
            read(keys.suppressedAddress(addressHash(x.address))),
          ),
        ),
        registrations: await Promise.all(
          [bounce, complaint, transient].map((x) => registration(x.address)),
        ),
      };
    };
    const after = await snapshot();
    expect(after.suppressed.map((item) => item?.reason)).toEqual([
      'bounce',
      'complaint',
      undefined,
    ]);
    expect(after.registrations.map((item) => item?.undeliverable === true)).toEqual([
      true,
      true,
      false,
    ]);

    // Three more copies of each, inside one batch straight to the consumer: nothing changes,
    // not even the time of the first report.
    const batch = repeatedShuffled(bodies, copies, seededRandom(4)).map((body) =>
      record(body, 'mailEvents'),
    );
    expect((await mailEvents({ Records: batch })).batchItemFailures).toEqual([]);
    expect(await snapshot()).toEqual(after);
  });
});

describe('HTTP requests repeated in parallel (a client retrying)', () => {
  it('one registration per person, one confirmation, and one "already registered" note for all the repeats', async () => {
    if (!runtime) throw new Error('needs the runtime of the poller test');
    const url = runtime.url;
    const event = await createEvent(deps, {
      title: 'Elektronické podání bez chyb',
      startsAt: new Date(Date.now() + 72 * HOUR).toISOString(),
      endsAt: new Date(Date.now() + 75 * HOUR).toISOString(),
      venue: 'Obecní úřad Chrastava',
      capacity: 1,
      modernTechFocus: false,
    });
    const startedAt = Date.now();
    const [seated, waiting] = [uniqueAddress('opakuje-1'), uniqueAddress('opakuje-2')];
    const repeat = (email: string) =>
      Promise.all(Array.from({ length: copies }, () => registerOverHttp(url, event.id, email)));
    const seatedAnswers = await repeat(seated);
    const waitingAnswers = await repeat(waiting);
    // A repeat is answered as a newcomer would be at that moment, so the answer never tells
    // whether an address is registered; the note by email tells its owner the real status.
    expect([...seatedAnswers, ...waitingAnswers].map((a) => a.httpStatus)).toEqual(
      Array.from({ length: 2 * copies }, () => 201),
    );
    const registrations = await deps.events.listRegistrations(event.id);
    expect(registrations.map((r) => [r.email, r.status]).sort()).toEqual(
      [
        [seated, 'confirmed'],
        [waiting, 'waitlisted'],
      ].sort(),
    );
    expect(await deps.events.getEvent(event.id)).toMatchObject({
      confirmedCount: 1,
      waitlistedCount: 1,
    });

    await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
      what: 'the mail queue to drain',
    });
    const emails = byRecipient(await emailsTo(env, new Set([seated, waiting]), startedAt));
    const received = (address: string) =>
      (emails.get(address) ?? [])
        .map((e) => [kindOfSubject(e.subject, event.title), e.body.text ?? ''] as const)
        .sort(([a], [b]) => String(a).localeCompare(String(b)));
    // One note for all the repeats (at most one an hour), with the status as it really is.
    expect(received(seated)).toEqual([
      ['duplicate-registration', expect.stringContaining('Místo na akci máte potvrzené.')],
      ['registration-confirmed', expect.any(String)],
    ]);
    expect(received(waiting)).toEqual([
      ['duplicate-registration', expect.stringContaining('Jste na čekací listině.')],
      ['registration-waitlisted', expect.any(String)],
    ]);

    // Attendance marked three times at once: each person once, the waiting one let in once.
    const ids = registrations.map((r) => r.id);
    const marks = await Promise.all(
      Array.from({ length: copies }, () =>
        fetch(`${url}/api/admin/events/${event.id}/attendance`, {
          method: 'POST',
          headers: adminHeaders,
          body: JSON.stringify({ registrationIds: ids }),
        }),
      ),
    );
    expect(marks.map((r) => r.status)).toEqual([200, 200, 200]);
    const results = (await Promise.all(marks.map((r) => r.json()))) as {
      marked: number;
      changed: number;
      admittedFromWaitlist: number;
    }[];
    expect(results.map((r) => r.marked)).toEqual([2, 2, 2]);
    expect(results.reduce((sum, r) => sum + r.changed, 0)).toBe(2);
    expect(results.reduce((sum, r) => sum + r.admittedFromWaitlist, 0)).toBe(1);
    expect(await deps.events.getEvent(event.id)).toMatchObject({
      confirmedCount: 2,
      waitlistedCount: 0,
    });
    const present = await deps.events.listRegistrations(event.id);
    expect(present.map((r) => [r.status, Boolean(r.attendedAt)])).toEqual([
      ['confirmed', true],
      ['confirmed', true],
    ]);
  });

  it('one survey answer per link: the first of the parallel repeats is stored, the others refused', async () => {
    if (!runtime || !mailScenario) throw new Error('needs the invitations of the poller test');
    const scenario = mailScenario;
    const invited = [...scenario.expected].find(([, kinds]) =>
      kinds.includes('survey-invitation'),
    )?.[0];
    const registration = scenario.registrationOf(invited ?? '');
    const linkEvent = await deps.events.getEvent(registration.eventId);
    if (!linkEvent) throw new Error('the surveyed event is missing');
    const path = new URL(
      surveyUrl(
        { publicBaseUrl: 'http://localhost', linkSecret: env.config.LINK_SIGNING_SECRET },
        linkEvent,
        registration.id,
      ),
    ).pathname;
    const answers = await Promise.all(
      Array.from({ length: copies }, () =>
        fetch(`${runtime?.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ satisfaction: 5, usefulness: 4, comment: 'Díky za příklady.' }),
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await deps.surveys.listAnswers(scenario.surveyEventId)).toEqual([
      expect.objectContaining({ satisfaction: 5, usefulness: 4, comment: 'Díky za příklady.' }),
    ]);
    expect(
      (await deps.surveys.getInvitation(registration.eventId, registration.id))?.answered,
    ).toBe(true);
  });
});
