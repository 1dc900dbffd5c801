import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { jobNow } from '../domain/job-event';
import { type MailMessage, mailMessageSchema } from '../domain/mail-message';
import { log as defaultLog, type Logger } from '../log';
import type { ScheduledJobEvent } from '../resources';
import { handleMailEvent, type MailEventsDeps } from '../use-cases/handle-mail-events';
import { type SendMailDeps, type SendMailResult, sendMail } from '../use-cases/send-mail';
import { type MailOutboxSweepSummary, type SweepMailOutboxDeps, sweepMailOutbox } from './outbox';

/*
 * The mail functions' handlers, built from their deps (./wiring.ts); functions/ holds only the
 * composition. Each queue record fails alone: Lambda redelivers the failed ones
 * (partial batch responses).
 */

function queueHandler(
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

/** Body → MailMessage; undefined (and a log line without personal data) when it is not one. */
function parseRecord(record: SQSRecord, log: Logger): MailMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    log.error('mail.invalid-message', { sqsMessageId: record.messageId, issues: ['not JSON'] });
    return undefined;
  }
  const parsed = mailMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  log.error('mail.invalid-message', {
    sqsMessageId: record.messageId,
    issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}:${issue.code}`),
  });
  return undefined;
}

async function sendRecord(deps: SendMailDeps, record: SQSRecord): Promise<void> {
  const log = deps.log ?? defaultLog;
  const message = parseRecord(record, log);
  if (!message) throw new Error('Invalid mail message');
  const ids =
    message.kind === 'indicator-export'
      ? { kind: message.kind }
      : { kind: message.kind, eventId: message.eventId, registrationId: message.registrationId };
  let result: SendMailResult;
  try {
    result = await sendMail(deps, message);
  } catch (error) {
    // Names and status codes only: SES error messages can quote the recipient's address.
    const details = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    log.error('mail.failed', {
      ...ids,
      error: details.name ?? 'unknown',
      status: details.$metadata?.httpStatusCode,
    });
    throw error;
  }
  log.info(`mail.${result.outcome}`, {
    ...ids,
    ...('reason' in result ? { reason: result.reason } : {}),
  });
  // Failing the item brings it back after the visibility timeout, when the claim is settled.
  if (result.outcome === 'in-progress') throw new Error('Another delivery is sending this email');
}

/** The mailer: sequential within a batch, so a message queued twice in one batch sends once. */
export function createMailerHandler(deps: SendMailDeps) {
  return queueHandler((record) => sendRecord(deps, record), { processInParallel: false });
}

async function mailEventRecord(deps: MailEventsDeps, record: SQSRecord): Promise<void> {
  try {
    const result = await handleMailEvent(deps, record.body);
    // Counts only: the addresses themselves stay out of the logs.
    defaultLog.info(`mail-event.${result.outcome}`, { ...result });
  } catch (error) {
    defaultLog.error('mail-event.failed', {
      sqsMessageId: record.messageId,
      error: error instanceof Error ? error.name : 'unknown',
      code: (error as { code?: unknown }).code,
    });
    throw error;
  }
}

/** The mail-events function: SES bounces and complaints, one queue record each. */
export function createMailEventsHandler(deps: MailEventsDeps) {
  return queueHandler((record) => mailEventRecord(deps, record));
}

/** The mailOutbox job, every five minutes: queues the emails whose first queue send was lost. */
export function createMailOutboxJob(deps: SweepMailOutboxDeps) {
  return async (event: ScheduledJobEvent): Promise<MailOutboxSweepSummary> => {
    const summary = await sweepMailOutbox(deps, jobNow(event));
    defaultLog.info('job.done', { job: 'mailOutbox', ...summary });
    return summary;
  };
}
