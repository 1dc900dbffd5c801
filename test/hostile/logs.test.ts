import { randomBytes } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSBatchResponse } from 'aws-lambda';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asFunction } from '../../infra/local/iam/enforce';
import { loadFunction } from '../../infra/local/runtime';
import { createDynamo, createSes } from '../../shared/adapters/clients';
import { surveySchedule } from '../../shared/domain/survey';
import { createMailerHandler } from '../../shared/mail/mailer-handler';
import type { ScheduledJobEvent } from '../../shared/resources';
import type { AppDeps } from '../../shared/web/deps';
import { cancelUrl, surveyUrl } from '../../shared/web/links';
import { mailerDeps } from '../../shared/wiring';
import { adminHeaders, appUnderTest, createApp, drainMailQueue } from '../support/app-under-test';
import { sqsRecord } from '../support/fixtures';
import { createTestEnvironment, sentEmails, type TestEnvironment } from '../support/test-stack';
import { formPost, jsonPost, organiser, publishedEvent } from './support/app';
import { hostilePayloads } from './support/hostile-input';
import { captureLogs, type LogCapture, personalDataIn } from './support/log-capture';

/**
 * Logs carry no names or addresses (README, "Personal data"). This suite captures everything the
 * process logs while people register, get their emails, cancel, are reminded, answer the survey,
 * bounce and are purged, and while things fail, and looks for their addresses and names.
 */

const HOUR = 3_600_000;

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let logs: LogCapture;
let clock = new Date();

const tag = randomBytes(3).toString('hex');
const people = {
  jana: { name: 'Jana Nováková', email: `jana.novakova.${tag}@example.cz` },
  petr: { name: 'Petr Svoboda', email: `petr.svoboda.${tag}@obec-example.cz` },
  eva: { name: `Eva Dvořáková ${hostilePayloads[0]}`, email: `Eva.Dvorakova+${tag}@Example.CZ` },
};
const allNames = ['Nováková', 'Svoboda', 'Dvořáková', 'Novakova', 'Dvorakova'];

type Handler<E, R> = (event: E) => Promise<R>;
let mailer: Handler<{ Records: ReturnType<typeof sqsRecord>[] }, SQSBatchResponse>;
let brokenMailer: typeof mailer;
let mailEvents: typeof mailer;
let jobs: Record<
  'reminders' | 'surveys' | 'retention' | 'indicators',
  Handler<ScheduledJobEvent, unknown>
>;

let recordCount = 0;
/** Hands every queued email to the mailer, as the queue's event source mapping would. */
async function deliverQueuedMail(handler = mailer): Promise<SQSBatchResponse> {
  const messages = await drainMailQueue(env);
  return handler({
    Records: messages.map((m) => sqsRecord(JSON.stringify(m), `mail-${++recordCount}`, 'mail')),
  });
}

const settings = () => ({ publicBaseUrl: 'https://example.cz', linkSecret: deps.linkSecret });

beforeAll(async () => {
  // From the very start: whatever the setup logs counts too.
  logs = captureLogs();
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env, () => clock));
  const mailerClients = asFunction('mailer', () => ({
    dynamo: createDynamo(env.config),
    ses: createSes(env.config),
  }));
  mailer = createMailerHandler(mailerDeps(env.config, mailerClients));
  // A mail service that cannot be reached: the failure path logs too.
  const unreachableSes = new SESv2Client({
    region: env.config.AWS_REGION,
    endpoint: 'http://127.0.0.1:9',
    maxAttempts: 1,
  });
  brokenMailer = createMailerHandler(
    mailerDeps(env.config, { ...mailerClients, ses: unreachableSes }),
  );
  mailEvents = (await loadFunction<typeof import('../../functions/mail-events')>('mailEvents'))
    .handler;
  jobs = {
    reminders: (await loadFunction<typeof import('../../functions/reminders')>('reminders'))
      .handler,
    surveys: (await loadFunction<typeof import('../../functions/surveys')>('surveys')).handler,
    retention: (await loadFunction<typeof import('../../functions/retention')>('retention'))
      .handler,
    indicators: (await loadFunction<typeof import('../../functions/indicators')>('indicators'))
      .handler,
  };
});

afterAll(() => logs?.stop());

describe('logs', () => {
  it('the check finds an address or a name when one is there', () => {
    expect(personalDataIn(['{"to":"jana.novakova@example.cz"}'])).toHaveLength(1);
    expect(personalDataIn(['{"message":"sent to Jana Nováková"}'])).toHaveLength(1);
    expect(
      personalDataIn(['{"message":"mail.sent","eventId":"01J0000000000000000000000"}']),
    ).toEqual([]);
  });

  it('a registration, its emails, a cancellation, reminders, a survey, a bounce and the purge log no address or name', async () => {
    const start = Date.now() + 3 * 24 * HOUR;
    clock = new Date();
    const event = await publishedEvent(app, {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * HOUR).toISOString(),
      capacity: 2,
    });

    // Three people register (JSON, the form, JSON); the third waits for a seat.
    const registered = [
      await app.request(
        `/api/events/${event.id}/registrations`,
        jsonPost(JSON.stringify({ ...people.jana, role: 'citizen', consent: true })),
      ),
      await app.request(
        `/akce/${event.id}`,
        formPost({
          ...people.petr,
          role: 'mayor',
          organisationName: 'Obec Světlá pod Ještědem',
          ico: '00263036',
          consent: 'on',
        }),
      ),
      await app.request(
        `/api/events/${event.id}/registrations`,
        jsonPost(JSON.stringify({ ...people.eva, role: 'citizen', consent: true })),
      ),
    ];
    expect(registered.map((r) => r.status)).toEqual([201, 303, 201]);
    // A repeated address gets its own email, and a broken one an error page.
    await app.request(
      `/api/events/${event.id}/registrations`,
      jsonPost(JSON.stringify({ ...people.jana, role: 'citizen', consent: true })),
    );
    await app.request(`/akce/${event.id}`, formPost({ ...people.jana, email: 'jana@' }));
    expect((await deliverQueuedMail()).batchItemFailures).toEqual([]);
    expect(await sentEmails(env, people.jana.email.toLowerCase())).not.toHaveLength(0);

    const registrations = await deps.events.listRegistrations(event.id);
    const byEmail = (email: string) => {
      const found = registrations.find((r) => r.email === email.toLowerCase());
      if (!found) throw new Error(`no registration for ${email}`);
      return found;
    };
    const jana = byEmail(people.jana.email);
    const petr = byEmail(people.petr.email);
    const eva = byEmail(people.eva.email);

    // Petr cancels by his link; Eva gets the seat.
    const cancelPath = new URL(cancelUrl(settings(), event, petr.id)).pathname;
    expect((await app.request(cancelPath)).status).toBe(200);
    expect((await app.request(cancelPath, formPost(''))).status).toBe(200);
    expect((await deliverQueuedMail()).batchItemFailures).toEqual([]);

    // The day before: reminders.
    await jobs.reminders({ time: new Date(start - 23 * HOUR).toISOString() });
    expect((await deliverQueuedMail()).batchItemFailures).toEqual([]);

    // On the day: the organiser marks who came and looks at the lists.
    clock = new Date(start + HOUR);
    const marked = await app.request(`/api/admin/events/${event.id}/attendance`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ registrationIds: [jana.id, eva.id] }),
    });
    expect(marked.status).toBe(200);
    for (const path of [`/admin/akce/${event.id}`, `/admin/akce/${event.id}/prezence?q=nov`]) {
      expect((await app.request(path, { headers: organiser })).status).toBe(200);
    }

    // The next morning the survey goes out; Jana writes her name and address into a comment.
    const schedule = surveySchedule({ endsAt: new Date(start + 3 * HOUR).toISOString() });
    await jobs.surveys({ time: schedule.opensAt });
    expect((await deliverQueuedMail()).batchItemFailures).toEqual([]);
    clock = new Date(Date.parse(schedule.opensAt) + HOUR);
    const surveyPath = new URL(surveyUrl(settings(), event, jana.id)).pathname;
    const answered = await app.request(
      surveyPath,
      jsonPost(
        JSON.stringify({
          satisfaction: 5,
          usefulness: 4,
          comment: `Děkuji, ${people.jana.name} (${people.jana.email})`,
        }),
      ),
    );
    expect(answered.status).toBe(201);
    expect(
      (await app.request(`/admin/akce/${event.id}/dotaznik`, { headers: organiser })).status,
    ).toBe(200);

    // Eva's mailbox bounces.
    const [toEva] = await sentEmails(env, people.eva.email.toLowerCase());
    expect(toEva).toBeDefined();
    const bounce = await mailEvents({
      Records: [
        sqsRecord(
          snsBounce(people.eva.email.toLowerCase(), toEva?.messageId ?? ''),
          'bounce-1',
          'mailEvents',
        ),
      ],
    });
    expect(bounce.batchItemFailures).toEqual([]);

    // The nightly jobs after the retention period.
    await jobs.indicators({ time: new Date(start + 2 * 24 * HOUR).toISOString() });
    await deliverQueuedMail();
    await jobs.retention({ time: new Date(start + 400 * 24 * HOUR).toISOString() });

    expect(logs.lines.some((line) => line.includes('"message":"mail.sent"'))).toBe(true);
    expect(logs.lines.some((line) => line.includes('"job":"surveys"'))).toBe(true);
    expect(personalDataIn(logs.lines, allNames)).toEqual([]);
  });

  it('failures log no address or name either: an unreachable mail service, a failing store', async () => {
    const event = await publishedEvent(app);
    clock = new Date();
    await app.request(
      `/api/events/${event.id}/registrations`,
      jsonPost(JSON.stringify({ ...people.petr, role: 'citizen', consent: true })),
    );
    const failed = await deliverQueuedMail(brokenMailer);
    expect(failed.batchItemFailures).toHaveLength(1);
    expect(logs.lines.some((line) => line.includes('"message":"mail.failed"'))).toBe(true);

    // A store whose errors quote the data (as parsers and some services do): the 500 page, and
    // a log line with the error's class only.
    const quoting = (message: string) => () => {
      throw new SyntaxError(message);
    };
    const awsQuoting = () => {
      throw Object.assign(new Error(`Email address is not verified: ${people.jana.email}`), {
        name: 'MessageRejected',
        $metadata: { httpStatusCode: 400 },
      });
    };
    for (const failure of [
      quoting(
        `Unexpected token 'J', "${people.jana.name} <${people.jana.email}>" is not valid JSON`,
      ),
      awsQuoting,
    ]) {
      const failing = createApp({
        ...deps,
        events: { ...deps.events, getEvent: async () => failure() },
      });
      const before = logs.lines.length;
      const response = await failing.request(`/akce/${event.id}`);
      expect(response.status).toBe(500);
      const logged = logs.lines.slice(before).join('\n');
      expect(logged).toMatch(/"level":"error"/);
      expect(personalDataIn([logged], allNames)).toEqual([]);
    }
    await drainMailQueue(env);
    expect(personalDataIn(logs.lines, allNames)).toEqual([]);
  });
});

/** A bounce as SES event publishing writes it, inside the SNS envelope SQS receives. */
function snsBounce(address: string, sesMessageId: string): string {
  const sesEvent = {
    eventType: 'Bounce',
    bounce: {
      feedbackId: '0102017c1b2f3a4b-5c6d7e8f-1234-5678-9abc-def012345678-000000',
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550' },
      ],
      timestamp: new Date().toISOString(),
    },
    mail: {
      timestamp: new Date().toISOString(),
      source: 'Chytrá školení <skoleni@example.cz>',
      messageId: sesMessageId,
      destination: [address],
      headers: [{ name: 'To', value: address }],
      commonHeaders: { to: [address], subject: 'Registrace potvrzena' },
    },
  };
  return JSON.stringify({
    Type: 'Notification',
    MessageId: '2f4ab0a4-6c5e-5a8e-9d41-0b5b5e2c1c11',
    TopicArn: 'arn:aws:sns:eu-central-1:123456789012:chytra-skoleni-mail-events',
    Message: JSON.stringify(sesEvent),
    Timestamp: new Date().toISOString(),
  });
}
