import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Poller, startPoller } from '../../infra/local/queue-poller';
import { queues } from '../../shared/resources';
import { createTestEnvironment, type TestEnvironment, waitFor } from '../support/test-stack';

let env: TestEnvironment;
let poller: Poller | undefined;

beforeAll(async () => {
  env = await createTestEnvironment({ visibilityTimeoutSeconds: 1 });
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

async function queueArn(url: string): Promise<string> {
  const result = await env.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return result.Attributes?.QueueArn ?? '';
}

describe('local event source mapping', () => {
  it('delivers batches, deletes successes, redelivers reported failures and dead-letters them', async () => {
    const bodies = ['ok-1', 'ok-2', 'poison', 'ok-3'];
    await env.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: env.queueUrls.mail,
        Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })),
      }),
    );
    const handled: string[] = [];
    const poisonReceives: string[] = [];
    poller = startPoller({
      sqs: env.clients.sqs,
      queueUrl: env.queueUrls.mail,
      queueArn: await queueArn(env.queueUrls.mail),
      region: 'eu-central-1',
      batchSize: 10,
      handler: async (event: SQSEvent) => {
        const failures = [];
        for (const record of event.Records) {
          expect(record.eventSource).toBe('aws:sqs');
          if (record.body === 'poison') {
            poisonReceives.push(record.attributes.ApproximateReceiveCount);
            failures.push({ itemIdentifier: record.messageId });
          } else {
            handled.push(record.body);
          }
        }
        return { batchItemFailures: failures };
      },
    });

    const deadLettered = await waitFor(
      async () => {
        const received = await env.clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: env.deadLetterUrls.mail, WaitTimeSeconds: 1 }),
        );
        return received.Messages?.[0]?.Body;
      },
      { timeoutMs: 30_000, what: 'the poison message in the DLQ' },
    );
    expect(deadLettered).toBe('poison');
    expect(handled.sort()).toEqual(['ok-1', 'ok-2', 'ok-3']);
    expect(poisonReceives).toEqual(
      Array.from({ length: queues.mail.maxReceiveCount }, (_, i) => String(i + 1)),
    );
  });

  it('leaves the whole batch on the queue when the handler throws', async () => {
    await env.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: env.queueUrls.mailEvents,
        Entries: [{ Id: '0', MessageBody: 'first' }],
      }),
    );
    let calls = 0;
    poller = startPoller({
      sqs: env.clients.sqs,
      queueUrl: env.queueUrls.mailEvents,
      queueArn: await queueArn(env.queueUrls.mailEvents),
      region: 'eu-central-1',
      batchSize: 10,
      onError: () => {},
      handler: async () => {
        calls++;
        if (calls === 1) throw new Error('crashed');
        return { batchItemFailures: [] };
      },
    });
    await waitFor(async () => calls >= 2, { timeoutMs: 15_000, what: 'redelivery after a crash' });
  });
});

describe('redrive', () => {
  it('moves dead-lettered messages back to their queue', async () => {
    const { redriveDeadLetters } = await import('../../infra/local/redrive');
    await env.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: env.deadLetterUrls.mailEvents,
        Entries: [
          { Id: '0', MessageBody: 'again-1' },
          { Id: '1', MessageBody: 'again-2' },
        ],
      }),
    );
    const moved = await redriveDeadLetters(
      env.clients.sqs,
      env.deadLetterUrls.mailEvents,
      env.queueUrls.mailEvents,
    );
    expect(moved).toBe(2);
    const back = await env.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: env.queueUrls.mailEvents,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(back.Messages?.map((m) => m.Body).sort()).toEqual(['again-1', 'again-2']);
  });
});
