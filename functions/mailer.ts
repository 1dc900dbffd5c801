import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createDynamo, createS3, createSes } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createExportsBucket } from '../shared/adapters/exports-bucket';
import { createSentMailRepository } from '../shared/adapters/sent-mail-repository';
import { createSesMailer } from '../shared/adapters/ses-mailer';
import { createSuppressionRepository } from '../shared/adapters/suppression-repository';
import { functionConfig, type MailerConfig, organiserContact } from '../shared/config';
import { type MailMessage, mailMessageSchema } from '../shared/domain/mail-message';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { loadLinkKeys } from '../shared/link-keys';
import { functions } from '../shared/resources';
import { type SendMailDeps, sendMail } from '../shared/use-cases/send-mail';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

export interface MailerClients {
  dynamo: DynamoDBDocumentClient;
  ses: SESv2Client;
  s3: S3Client;
}

export function mailerDeps(cfg: MailerConfig, clients: MailerClients): SendMailDeps {
  const from = { name: cfg.MAIL_FROM_NAME, address: cfg.MAIL_FROM };
  return {
    events: createEventRepository(
      clients.dynamo,
      cfg.TABLE_NAME,
      createAddressHasher(() => cfg.hashingSecret),
    ),
    sentMail: createSentMailRepository(clients.dynamo, cfg.TABLE_NAME),
    suppression: createSuppressionRepository(
      clients.dynamo,
      cfg.TABLE_NAME,
      createAddressHasher(() => cfg.hashingSecret),
    ),
    mailer: createSesMailer(clients.ses, {
      from,
      configurationSet: cfg.SES_CONFIGURATION_SET,
      maxSendRate: cfg.SES_MAX_SEND_RATE,
    }),
    exports: createExportsBucket(clients.s3, cfg.EXPORTS_BUCKET),
    links: {
      publicBaseUrl: cfg.PUBLIC_BASE_URL,
      linkSecret: cfg.LINK_SIGNING_SECRET,
      linkKeys: cfg.linkKeys,
    },
    certificateSecret: cfg.hashingSecret,
    sender: from,
    contact: organiserContact(cfg),
    now: () => new Date(),
    // Two function timeouts: any live send has finished, and the redelivery after a crash
    // (one visibility timeout, six function timeouts) finds the claim expired.
    leaseMs: (cfg.MAIL_CLAIM_LEASE_SECONDS ?? 2 * functions.mailer.timeoutSeconds) * 1000,
    log,
  };
}

/** Body → MailMessage; undefined (and a log line without personal data) when it is not one. */
function parseRecord(record: SQSRecord, deps: SendMailDeps): MailMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    (deps.log ?? log)({
      level: 'error',
      msg: 'mail.invalid-message',
      sqsMessageId: record.messageId,
      issues: ['not JSON'],
    });
    return undefined;
  }
  const parsed = mailMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  (deps.log ?? log)({
    level: 'error',
    msg: 'mail.invalid-message',
    sqsMessageId: record.messageId,
    issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}:${issue.code}`),
  });
  return undefined;
}

async function handleRecord(deps: SendMailDeps, record: SQSRecord): Promise<void> {
  const write = deps.log ?? log;
  const message = parseRecord(record, deps);
  if (!message) throw new Error('Invalid mail message');
  const ids =
    message.kind === 'indicator-export'
      ? { kind: message.kind }
      : { kind: message.kind, eventId: message.eventId, registrationId: message.registrationId };
  let result: Awaited<ReturnType<typeof sendMail>>;
  try {
    result = await sendMail(deps, message);
  } catch (error) {
    // Names and status codes only: SES error messages can quote the recipient's address.
    const details = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    write({
      level: 'error',
      msg: 'mail.failed',
      ...ids,
      error: details.name ?? 'unknown',
      status: details.$metadata?.httpStatusCode,
    });
    throw error;
  }
  write({
    level: 'info',
    msg: `mail.${result.outcome}`,
    ...ids,
    ...('reason' in result ? { reason: result.reason } : {}),
  });
  // Failing the item brings it back after the visibility timeout, when the claim is settled.
  if (result.outcome === 'in-progress') throw new Error('Another delivery is sending this email');
}

/** Sequential within a batch: a message queued twice in one batch then sends once, not racing. */
export function createMailerHandler(deps: SendMailDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> =>
    // A processor per invocation: locally, batches of one queue run side by side in one process.
    processPartialResponse(
      event,
      (record: SQSRecord) => handleRecord(deps, record),
      new BatchProcessor(EventType.SQS),
      {
        processInParallel: false,
        throwOnFullBatchFailure: false,
      },
    );
}

// This function signs links: the keys first.
await loadLinkKeys();
const cfg = functionConfig('mailer');
export const handler = createMailerHandler(
  mailerDeps(cfg, { dynamo: createDynamo(cfg), ses: createSes(cfg), s3: createS3(cfg) }),
);
