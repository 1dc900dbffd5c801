import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { localNames } from '../../infra/local/provision';
import type { Runtime } from '../../infra/local/runtime';
import { localSettings, projectRoot } from '../../infra/local/settings';
import { mailMessageSchema } from '../../shared/domain/mail-message';
import { queues } from '../../shared/resources';
import { useCaseDeps } from '../support/app-under-test';
import { queueDepth } from '../support/fixtures';
import {
  createTestEnvironment,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';
import { type DeadLetterAlarm, deadLetterAlarm } from './support/dead-letter-alarm';
import {
  createEventOverHttp,
  onQueuesNamed,
  registerOverHttp,
  unfinishedSends,
  uniqueAddress,
  withSettings,
} from './support/environment';
import { byRecipient, emailsTo } from './support/mail-store';
import { type SesFaultProxy, startSesFaultProxy } from './support/ses-fault-proxy';

/*
 * SES failing under the mailer. A proxy in front of the SES emulator answers a seeded share of
 * SendEmail requests with a 500 before forwarding anything, so a failed email really was not
 * sent. The mail queue has a two-second visibility timeout, so redelivery is quick.
 *
 * The queues carry the installation's own names (chytra-skoleni-mail…): `npm run redrive`
 * finds its queues by those names. They are free on the emulators of a test run, which no
 * `npm start` shares.
 */

const visibilityTimeoutSeconds = 2;
const seed = 'ses-faults-1';

let env: TestEnvironment;
let runtime: Runtime;
let proxy: SesFaultProxy;
let alarm: DeadLetterAlarm;
let deps: ReturnType<typeof useCaseDeps>;
let logSpy: MockInstance<typeof console.log>;
let errorSpy: MockInstance<typeof console.error>;

function mailerLog(): Record<string, unknown>[] {
  return [...logSpy.mock.calls, ...errorSpy.mock.calls].flatMap(([line]) => {
    try {
      return typeof line === 'string' ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** Seeded choice of a share of the recipients, the same on every run. */
function chosen(recipient: string, share: number, salt: string): boolean {
  const digest = createHash('sha256').update(`${seed}|${salt}|${recipient}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < share;
}

/** Attempts the SDK makes of one SendEmail before the mailer sees the error (its default). */
const sdkAttempts = 3;

beforeAll(async () => {
  const base = await createTestEnvironment({ visibilityTimeoutSeconds });
  proxy = await startSesFaultProxy(base.endpoints.ses, {
    seed,
    // One request in ten fails: the SDK's own retries absorb most of these.
    failureRate: 0.1,
    // And one email in ten fails all its attempts the first time: the mailer gives the message
    // back to the queue, and the redelivery sends it.
    failFirst: (recipient) => (chosen(recipient, 0.1, 'first-send') ? sdkAttempts : 0),
  });
  const named = await onQueuesNamed(base, localNames(localSettings().prefix), {
    visibilityTimeoutSeconds,
  });
  env = withSettings(named, { AWS_ENDPOINT_URL_SESV2: proxy.url });
  deps = useCaseDeps(env);
  alarm = deadLetterAlarm('mail');
  // The functions log JSON lines; kept here (not printed) for the assertions on failures.
  logSpy = vi.spyOn(console, 'log').mockImplementation(() => {});
  errorSpy = vi.spyOn(console, 'error').mockImplementation(() => {});
  runtime = await startTestRuntime(env);
});

afterAll(async () => {
  await runtime?.stop();
  await proxy?.close();
  vi.restoreAllMocks();
});

const drained = () =>
  waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
    timeoutMs: 120_000,
    what: 'the mail queue to drain',
  });

describe('SES failing', () => {
  it('10 % of SES sends fail (seeded): every email is still sent, exactly once', async () => {
    const people = 150;
    const capacity = 50;
    const event = await createEventOverHttp(runtime.url, {
      title: 'Bezpečné heslo a dvoufázové ověření',
      capacity,
    });
    const startedAt = Date.now();
    // Fixed addresses, so the seeded plan fails the same requests on every run.
    const addresses = Array.from(
      { length: people },
      (_, i) => `ucastnik.${i}@chyby-ses.example.cz`,
    );
    const answers = await Promise.all(
      addresses.map((email) => registerOverHttp(runtime.url, event.id, email)),
    );
    expect(answers.filter((a) => a.httpStatus !== 201)).toEqual([]);
    await drained();

    const recipients = new Set(addresses);
    const emails = await waitFor(
      async () => {
        const found = await emailsTo(env, recipients, startedAt);
        return found.length >= people && found;
      },
      { timeoutMs: 30_000, what: `${people} emails` },
    );
    const statuses = new Map(answers.map((a) => [a.email, a.status]));
    const subject = (status: string | undefined) =>
      status === 'confirmed'
        ? `Registrace potvrzena: ${event.title}`
        : `Jste na čekací listině: ${event.title}`;
    const perPerson = byRecipient(emails);
    const wrong = addresses.flatMap((address) => {
      const got = (perPerson.get(address) ?? []).map((e) => e.subject);
      const want = [subject(statuses.get(address))];
      return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ address, got, want }];
    });
    expect(wrong).toEqual([]);
    expect(emails).toHaveLength(people);
    expect([...statuses.values()].filter((s) => s === 'confirmed')).toHaveLength(capacity);

    // The faults really happened: failed requests, and emails whose first delivery failed
    // entirely and that were sent from a redelivery of their message.
    const stats = addresses.map((address) => ({ address, ...proxy.stats.get(address) }));
    expect(stats.filter((s) => s.sent !== 1)).toEqual([]);
    const failed = stats.reduce((sum, s) => sum + (s.failed ?? 0), 0);
    const requests = stats.reduce((sum, s) => sum + (s.requests ?? 0), 0);
    expect(failed).toBeGreaterThan(people * 0.1);
    expect(failed).toBe(requests - people);
    const redelivered = stats.filter((s) => chosen(s.address, 0.1, 'first-send'));
    expect(redelivered.length).toBeGreaterThan(0);
    for (const s of redelivered) expect(s.requests).toBeGreaterThan(sdkAttempts);

    expect(await unfinishedSends(env)).toEqual([]);
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
    expect(await alarm.wouldFire(env.clients.sqs, env.deadLetterUrls.mail)).toBe(false);
  });

  it('a message that always fails reaches the dead-letter queue after maxReceiveCount receives, the alarm would fire, and `npm run redrive -- mail` brings it back to be sent once', async () => {
    const event = await createEventOverHttp(runtime.url, {
      title: 'Spisová služba krok za krokem',
      capacity: 10,
    });
    const poison = uniqueAddress('vzdy-selze');
    const healthy = uniqueAddress('v-poradku');
    proxy.plan.alwaysFail = (recipient) => recipient === poison;
    const startedAt = Date.now();
    for (const email of [poison, healthy]) {
      expect((await registerOverHttp(runtime.url, event.id, email)).httpStatus).toBe(201);
    }

    await waitFor(async () => (await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)) === 1, {
      timeoutMs: 60_000,
      what: 'the failing message in the dead-letter queue',
    });
    await drained();
    const [registration] = (await deps.events.listRegistrations(event.id)).filter(
      (r) => r.email === poison,
    );
    // Each receive tried SES and failed (the mailer logs each failure); nothing got through.
    const failures = mailerLog().filter(
      (entry) => entry.message === 'mail.failed' && entry.registrationId === registration?.id,
    );
    expect(failures).toHaveLength(queues.mail.maxReceiveCount);
    expect(proxy.stats.get(poison)?.sent).toBe(0);
    expect(proxy.stats.get(poison)?.requests).toBeGreaterThanOrEqual(queues.mail.maxReceiveCount);
    expect(alarm.comparison).toBe('GreaterThanThreshold');
    expect(await alarm.wouldFire(env.clients.sqs, env.deadLetterUrls.mail)).toBe(true);
    // A look at the message that leaves it where it is.
    const peek = await env.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: env.deadLetterUrls.mail,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
      }),
    );
    expect(
      (peek.Messages ?? []).map((m) => mailMessageSchema.parse(JSON.parse(m.Body ?? ''))),
    ).toEqual([
      { kind: 'registration-confirmed', eventId: event.id, registrationId: registration?.id },
    ]);
    expect(byRecipient(await emailsTo(env, new Set([poison, healthy]), startedAt))).toEqual(
      new Map([
        [healthy, [expect.objectContaining({ subject: `Registrace potvrzena: ${event.title}` })]],
      ]),
    );

    // The cause is fixed; the operator redrives with the real command.
    proxy.plan.alwaysFail = undefined;
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'redrive', '--', 'mail'],
      {
        cwd: projectRoot,
        env: { ...process.env, SQS_PORT: new URL(env.endpoints.sqs).port },
      },
    );
    expect(stdout).toContain(
      'Moved 1 message(s) from the mail dead-letter queue back to the mail queue.',
    );

    const delivered = await waitFor(
      async () => {
        const found = await emailsTo(env, new Set([poison]), startedAt);
        return found.length > 0 && found;
      },
      { timeoutMs: 30_000, what: 'the redriven email' },
    );
    await drained();
    expect(delivered.map((e) => e.subject)).toEqual([`Registrace potvrzena: ${event.title}`]);
    expect(await emailsTo(env, new Set([poison]), startedAt)).toHaveLength(1);
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
    expect(await alarm.wouldFire(env.clients.sqs, env.deadLetterUrls.mail)).toBe(false);
  });
});
