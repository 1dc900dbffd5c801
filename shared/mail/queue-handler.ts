import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * A queue consumer's handler: each record fails alone and Lambda redelivers only the failed ones
 * (partial batch responses).
 */
export function queueHandler(
  handleRecord: (record: SQSRecord) => Promise<void>,
  options: { processInParallel?: boolean } = {},
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> =>
    // A processor per invocation: locally, batches of one queue run side by side in one process.
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      ...options,
      throwOnFullBatchFailure: false,
    });
}
