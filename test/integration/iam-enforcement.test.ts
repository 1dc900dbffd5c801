import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withoutActions } from '../../infra/local/iam/policies';
import type { Runtime } from '../../infra/local/runtime';
import {
  createEventOverHttp,
  registerOverHttp,
  uniqueAddress,
} from '../reliability/support/environment';
import { queueDepth } from '../support/fixtures';
import {
  createTestEnvironment,
  enforceTestIam,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';

/**
 * The local runtime enforces each function's role policy as the CDK app synthesizes it: the
 * registration flow works with the policies as they are, and fails the way it would in AWS when
 * one grant is taken away.
 */

let env: TestEnvironment;
let runtime: Runtime;
let eventId: string;
const logLines: string[] = [];

beforeAll(async () => {
  // A short visibility timeout: a failing message reaches its dead-letter queue in seconds.
  env = await createTestEnvironment({ visibilityTimeoutSeconds: 1 });
  runtime = await startTestRuntime(env);
  for (const level of ['log', 'error'] as const) {
    const original = console[level];
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(' '));
      original(...args);
    });
  }
  eventId = (await createEventOverHttp(runtime.url, { title: 'Oprávnění v AWS', capacity: 50 })).id;
});

afterEach(() => {
  // Back to the policies as synthesized.
  enforceTestIam(env.names, env.queueUrls);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await runtime?.stop();
});

const emailsTo = async (address: string) => (await sentEmails(env, address)).length;

describe('IAM enforced locally', () => {
  it('sends the registration email with the policies as synthesized', async () => {
    const address = uniqueAddress('iam-allowed');
    expect((await registerOverHttp(runtime.url, eventId, address)).httpStatus).toBe(201);
    await waitFor(async () => (await emailsTo(address)) === 1, { what: 'the confirmation' });
  });

  it('without ses:SendEmail on the mailer’s role, every send is AccessDenied and the message is dead-lettered', async () => {
    enforceTestIam(
      env.names,
      env.queueUrls,
      withoutActions(env.iam.policies, 'mailer', ['ses:SendEmail']),
    );
    const address = uniqueAddress('iam-no-send');
    expect((await registerOverHttp(runtime.url, eventId, address)).httpStatus).toBe(201);

    await waitFor(async () => (await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)) === 1, {
      what: 'the message in the dead-letter queue',
      timeoutMs: 30_000,
    });
    expect(await emailsTo(address)).toBe(0);
    const failures = logLines
      .filter((line) => line.includes('"message":"mail.failed"'))
      .map((line) => JSON.parse(line) as { error: string; status: number });
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures.every((f) => f.error === 'AccessDeniedException' && f.status === 403)).toBe(
      true,
    );
  });

  it('without sqs:SendMessage on the site function’s role, a registration stands but its email waits for the outbox sweep', async () => {
    enforceTestIam(
      env.names,
      env.queueUrls,
      withoutActions(env.iam.policies, 'site', ['sqs:SendMessage']),
    );
    const address = uniqueAddress('iam-no-queue');
    expect((await registerOverHttp(runtime.url, eventId, address)).httpStatus).toBe(201);
    expect(await queueDepth(env.clients.sqs, env.queueUrls.mail)).toBe(0);

    // The sweep function has its own grant: it queues what the site function could not.
    const summary = (await runtime.runJob('mailOutbox', new Date(Date.now() + 20 * 60_000))) as {
      requeued: number;
    };
    expect(summary.requeued).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await emailsTo(address)) === 1, { what: 'the swept email' });
  });
});
