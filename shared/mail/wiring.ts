import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEventRepository } from '../adapters/event-repository';
import { createMailOutbox } from '../adapters/mail-outbox';
import { createMailQueue } from '../adapters/mail-queue';
import { createSentMailRepository } from '../adapters/sent-mail-repository';
import { createSesMailer } from '../adapters/ses-mailer';
import { createSuppressionRepository } from '../adapters/suppression-repository';
import { type Config, organiserContact } from '../config';
import { createAddressHasher } from '../domain/rate-limit';
import { log } from '../log';
import { functions } from '../resources';
import { promoteFromWaitlist } from '../use-cases/cancel-registration';
import type { MailEventsDeps } from '../use-cases/handle-mail-events';
import type { SendMailDeps } from '../use-cases/send-mail';
import type { SweepMailOutboxDeps } from './outbox';

/*
 * The mail functions' dependencies, built once per container from the configuration and the
 * SDK clients. Tests and benchmarks build them here too, without importing a handler module
 * (which parses the environment on import).
 */

export function mailerDeps(
  cfg: Config,
  clients: { dynamo: DynamoDBDocumentClient; ses: SESv2Client },
): SendMailDeps {
  const from = { name: cfg.MAIL_FROM_NAME, address: cfg.MAIL_FROM };
  const hasher = createAddressHasher(() => cfg.hashingSecret);
  return {
    events: createEventRepository(clients.dynamo, cfg.TABLE_NAME, hasher),
    sentMail: createSentMailRepository(clients.dynamo, cfg.TABLE_NAME),
    suppression: createSuppressionRepository(clients.dynamo, cfg.TABLE_NAME, hasher),
    mailer: createSesMailer(clients.ses, {
      from,
      configurationSet: cfg.SES_CONFIGURATION_SET,
      maxSendRate: cfg.SES_MAX_SEND_RATE,
    }),
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

export function mailEventsDeps(
  cfg: Config,
  clients: { dynamo: DynamoDBDocumentClient },
): MailEventsDeps {
  return {
    suppression: createSuppressionRepository(
      clients.dynamo,
      cfg.TABLE_NAME,
      createAddressHasher(() => cfg.hashingSecret),
    ),
    sentMail: createSentMailRepository(clients.dynamo, cfg.TABLE_NAME),
    now: () => new Date(),
  };
}

export function mailOutboxDeps(
  cfg: Config,
  clients: { dynamo: DynamoDBDocumentClient; sqs: SQSClient },
): SweepMailOutboxDeps {
  const events = createEventRepository(
    clients.dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  );
  const mail = createMailQueue(clients.sqs, cfg.MAIL_QUEUE_URL);
  return {
    outbox: createMailOutbox(clients.dynamo, cfg.TABLE_NAME),
    events,
    sentMail: createSentMailRepository(clients.dynamo, cfg.TABLE_NAME),
    mail,
    promote: (eventId: string) =>
      promoteFromWaitlist({ events, mail, now: () => new Date() }, eventId),
  };
}
