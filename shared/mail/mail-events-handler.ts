import type { SQSRecord } from 'aws-lambda';
import { partialBatchHandler } from '../lambda/sqs-consumer';
import { log } from '../log';
import { handleMailEvent, type MailEventsDeps } from '../use-cases/handle-mail-events';

async function mailEventRecord(deps: MailEventsDeps, record: SQSRecord): Promise<void> {
  try {
    const result = await handleMailEvent(deps, record.body);
    // Counts only: the addresses themselves stay out of the logs.
    log.info(`mail-event.${result.outcome}`, { ...result });
  } catch (error) {
    log.error('mail-event.failed', {
      sqsMessageId: record.messageId,
      error: error instanceof Error ? error.name : 'unknown',
      code: (error as { code?: unknown }).code,
    });
    throw error;
  }
}

/** The mail-events function: SES bounces and complaints, one queue record each. */
export function createMailEventsHandler(deps: MailEventsDeps) {
  return partialBatchHandler((record) => mailEventRecord(deps, record));
}
