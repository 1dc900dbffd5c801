import { randomBytes } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { queues } from '../../shared/resources';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { drainMailQueue, useCaseDeps } from '../support/app-under-test';
import { inDays, queueDepth } from '../support/fixtures';
import {
  createTestEnvironment,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';

/*
 * The mailer behind the local runtime's queue poller, which deletes, redelivers and dead-letters
 * exactly as Lambda's event source mapping does. A one-second visibility timeout makes
 * redelivery quick.
 */

let env: TestEnvironment;
let runtime: Runtime;
let deps: ReturnType<typeof useCaseDeps>;

beforeAll(async () => {
  env = await createTestEnvironment({ visibilityTimeoutSeconds: 1 });
  deps = useCaseDeps(env);
  runtime = await startTestRuntime(env);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('mailer behind the queue', () => {
  it('sends one email for a message queued twice', async () => {
    const event = await createEvent(deps, {
      title: 'Datová schránka bez obav',
      startsAt: inDays(5),
      endsAt: inDays(5, 2),
      venue: 'Semily',
      capacity: 10,
      modernTechFocus: false,
    });
    const to = `fronta.${randomBytes(4).toString('hex')}@example.cz`;
    await register(deps, event.id, {
      name: 'Petr Svoboda',
      email: to,
      role: 'citizen',
      consent: true,
    });
    await waitFor(async () => (await sentEmails(env, to)).length === 1, {
      what: 'the confirmation',
    });

    // The same message again, twice, as a re-run producer would queue it.
    const registration = (await deps.events.listRegistrations(event.id))[0];
    const body = JSON.stringify({
      kind: 'registration-confirmed',
      eventId: event.id,
      registrationId: registration?.id,
    });
    for (let i = 0; i < 2; i++) {
      await env.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: env.queueUrls.mail, MessageBody: body }),
      );
    }
    await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
      what: 'the mail queue to drain',
    });
    expect(await sentEmails(env, to)).toHaveLength(1);
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
  });

  it('moves a poison message to the dead-letter queue after maxReceiveCount receives', async () => {
    await drainMailQueue(env);
    const marker = randomBytes(6).toString('hex');
    const poison = JSON.stringify({ kind: 'registration-confirmed', eventId: marker });
    await env.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: env.queueUrls.mail, MessageBody: poison }),
    );

    const dead = await waitFor(
      async () => {
        const received = await env.clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: env.deadLetterUrls.mail,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        );
        return received.Messages?.find((m) => m.Body === poison);
      },
      { timeoutMs: 30_000, what: 'the poison message in the dead-letter queue' },
    );
    expect(dead.Body).toBe(poison);
    expect(await queueDepth(env.clients.sqs, env.queueUrls.mail)).toBe(0);
    expect(queues.mail.maxReceiveCount).toBeGreaterThan(1);
  });
});
