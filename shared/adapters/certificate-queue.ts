import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CertificateQueue } from '../use-cases/ports';

export type { CertificateQueue };

const sqsBatchLimit = 10;

export function createCertificateQueue(sqs: SQSClient, queueUrl: string): CertificateQueue {
  return {
    async enqueue(jobs) {
      for (let start = 0; start < jobs.length; start += sqsBatchLimit) {
        const chunk = jobs.slice(start, start + sqsBatchLimit);
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((job, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(job),
            })),
          }),
        );
        if (result.Failed?.length) {
          throw new Error(
            `The certificates queue refused ${result.Failed.length} of ${chunk.length} messages: ${result.Failed.map((f) => f.Code).join(', ')}`,
          );
        }
      }
    },
  };
}
