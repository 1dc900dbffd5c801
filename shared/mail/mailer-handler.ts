import type { SQSRecord } from 'aws-lambda';
import { type MailMessage, mailMessageSchema } from '../domain/mail-message';
import { log as defaultLog, type Logger } from '../log';
import { type SendMailDeps, type SendMailResult, sendMail } from '../use-cases/send-mail';
import { queueHandler } from './queue-handler';

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
