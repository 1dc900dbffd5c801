import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MailMessage } from '../domain/mail-message';

export interface MailQueue {
  enqueue(messages: MailMessage[]): Promise<void>;
}

/** SQS takes at most ten messages per batch call. */
const sqsBatchLimit = 10;

export function createMailQueue(sqs: SQSClient, queueUrl: string): MailQueue {
  return {
    async enqueue(messages) {
      for (let start = 0; start < messages.length; start += sqsBatchLimit) {
        const chunk = messages.slice(start, start + sqsBatchLimit);
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(message),
            })),
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
