import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createSqs } from '../../shared/adapters/clients';
import { type QueueName, queues } from '../../shared/resources';
import { localNames } from './provision';
import { localSettings } from './settings';

/**
 * Moves every message of a dead-letter queue back to its source queue, send before delete, so a
 * crash half-way duplicates a message at worst (the consumers are idempotent) and loses none.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  deadLetterUrl: string,
  queueUrl: string,
): Promise<number> {
  let moved = 0;
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return moved;
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' })),
      }),
    );
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: deadLetterUrl,
        Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    moved += messages.length;
  }
}

async function main(): Promise<void> {
  const name = process.argv[2] as QueueName | undefined;
  const names = Object.keys(queues) as QueueName[];
  if (!name || !names.includes(name)) {
    throw new Error(`Usage: npm run redrive -- <${names.join('|')}>`);
  }
  const settings = localSettings();
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const sqs = createSqs({
    AWS_REGION: settings.region,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${settings.ports.sqs}`,
  });
  const local = localNames(settings.prefix);
  const url = async (queueName: string) =>
    (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl ?? '';
  const moved = await redriveDeadLetters(
    sqs,
    await url(local.deadLetterQueue(name)),
    await url(local.queue(name)),
  );
  console.log(
    `Moved ${moved} message(s) from the ${name} dead-letter queue back to the ${name} queue.`,
  );
}

if (process.argv[1]?.endsWith('redrive.ts')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
