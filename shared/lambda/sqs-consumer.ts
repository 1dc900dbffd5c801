import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { log as defaultLog, type LogFields, type Logger } from '../log';

/** What a queue's consumer does with one message, and how its log lines name it. */
export interface MessageConsumer<Message, Result extends { outcome: string }> {
  /** The prefix of its log messages, e.g. `certificate` → `certificate.rendered`. */
  name: string;
  schema: z.ZodMiniType<Message>;
  handle(message: Message): Promise<Result>;
  /** Ids for the log lines (never names or addresses). */
  describe(message: Message): LogFields;
  /**
   * One message after the other (a message queued twice in one batch is then handled once,
   * not raced); otherwise the batch's messages run side by side.
   */
  sequential?: boolean;
  /** Throws to fail the record after its outcome was logged (it comes back after the visibility timeout). */
  retryWhen?(result: Result): boolean;
  /** Where its lines go; the shared logger unless a test listens. */
  log?: Logger;
}

/**
 * A queue consumer's handler with partial batch responses (Powertools batch): each record fails
 * alone, and Lambda redelivers only the failed ones, after the visibility timeout, then moves
 * them to the dead-letter queue.
 */
export function partialBatchHandler(
  handleRecord: (record: SQSRecord) => Promise<void>,
  options: { sequential?: boolean } = {},
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return (event) =>
    // A processor per invocation: locally, batches of one queue run side by side in one process.
    processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
      processInParallel: !options.sequential,
      throwOnFullBatchFailure: false,
    });
}

function parseMessage<Message>(
  consumer: MessageConsumer<Message, { outcome: string }>,
  record: SQSRecord,
  log: Logger,
): Message {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    json = undefined;
  }
  const parsed = consumer.schema.safeParse(json);
  if (!parsed.success) {
    log.error(`${consumer.name}.invalid-message`, {
      sqsMessageId: record.messageId,
      issues:
        json === undefined
          ? ['not JSON']
          : parsed.error.issues.map((issue) => `${issue.path.join('.')}:${issue.code}`),
    });
    // Failing it sends it to the dead-letter queue after its receives, where the alarm shows it.
    throw new Error(`Invalid ${consumer.name} message`);
  }
  return parsed.data;
}

/** Names and status codes only: AWS error messages can quote an address. */
function errorFields(error: unknown): LogFields {
  const details = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return { error: details?.name ?? 'unknown', status: details?.$metadata?.httpStatusCode };
}

/**
 * An SQS handler (partialBatchHandler) whose records are messages of the consumer's schema: each
 * is parsed, handled and its outcome logged; an invalid one fails, and ends in the dead-letter
 * queue.
 */
export function sqsConsumer<Message, Result extends { outcome: string }>(
  consumer: MessageConsumer<Message, Result>,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const log = consumer.log ?? defaultLog;
  const handleRecord = async (record: SQSRecord) => {
    const message = parseMessage(consumer, record, log);
    const ids = consumer.describe(message);
    let result: Result;
    try {
      result = await consumer.handle(message);
    } catch (error) {
      log.error(`${consumer.name}.failed`, { ...ids, ...errorFields(error) });
      throw error;
    }
    log.info(`${consumer.name}.${result.outcome}`, { ...ids, ...result });
    if (consumer.retryWhen?.(result)) {
      throw new Error(`${consumer.name}: ${result.outcome}, to be retried`);
    }
  };
  return partialBatchHandler(handleRecord, { sequential: consumer.sequential ?? false });
}
