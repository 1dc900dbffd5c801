import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MailMessage } from '../domain/mail-message';

export interface MailQueue {
  enqueue(messages: MailMessage[]): Promise<void>;
}

/** SQS takes at most ten messages per batch call. */
const sqsBatchLimit = 10;

/**
 * Bytes of one batch call, and so of one message: SQS's long-standing limit (queues allow up to
 * 1 MiB now, older ones 256 KiB). Messages are references; only a certificate's PDF (about 45 KB
 * in base64) and the indicator CSV make one larger, far below it.
 */
export const mailBatchMaxBytes = 256 * 1024;

export class MailMessageTooLargeError extends Error {
  constructor(kind: string, bytes: number) {
    super(`A ${kind} mail message of ${bytes} bytes exceeds the queue's ${mailBatchMaxBytes}`);
    this.name = 'MailMessageTooLargeError';
  }
}

/** Batches of at most ten messages and `mailBatchMaxBytes`, in the order given. */
function batches(messages: MailMessage[]): string[][] {
  const result: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const message of messages) {
    const body = JSON.stringify(message);
    const size = Buffer.byteLength(body, 'utf8');
    if (size > mailBatchMaxBytes) throw new MailMessageTooLargeError(message.kind, size);
    if (batch.length === sqsBatchLimit || bytes + size > mailBatchMaxBytes) {
      result.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(body);
    bytes += size;
  }
  if (batch.length > 0) result.push(batch);
  return result;
}

export function createMailQueue(sqs: SQSClient, queueUrl: string): MailQueue {
  return {
    async enqueue(messages) {
      for (const chunk of batches(messages)) {
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((body, index) => ({ Id: String(index), MessageBody: body })),
          }),
        );
        if (result.Failed?.length) {
          throw new Error(
            `The mail queue refused ${result.Failed.length} of ${chunk.length} messages: ${result.Failed.map((f) => f.Code).join(', ')}`,
          );
        }
      }
    },
  };
}
