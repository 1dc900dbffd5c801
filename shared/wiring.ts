import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAttendanceRepository } from './adapters/attendance-repository';
import { createCertificateQueue } from './adapters/certificate-queue';
import { createCertificateRepository } from './adapters/certificate-repository';
import { createDynamo, createS3, createSes, createSqs } from './adapters/clients';
import { createEventRepository } from './adapters/event-repository';
import { createEventsRepository } from './adapters/events-repository';
import { createExportsBucket } from './adapters/exports-bucket';
import { createIndicatorRepository } from './adapters/indicator-repository';
import { createMailOutbox } from './adapters/mail-outbox';
import { createMailQueue } from './adapters/mail-queue';
import { createPeopleRepository } from './adapters/people-repository';
import { createRateCounterStore } from './adapters/rate-limit-counters';
import { createReminderRepository } from './adapters/reminder-repository';
import { createRetentionDueRepository } from './adapters/retention-due';
import { createPurgeRepository, createRollupRepository } from './adapters/rollup-repository';
import { createSentMailRepository } from './adapters/sent-mail-repository';
import { createSesMailer } from './adapters/ses-mailer';
import { createSuppressionRepository } from './adapters/suppression-repository';
import { createSurveyRepository } from './adapters/survey-repository';
import {
  ConfigError,
  certificateRegisterOf,
  certificateSettings,
  type FunctionConfig,
  type MailerConfig,
  type OrganiserConfig,
  organiserContact,
  type PublicationsConfig,
  rateLimitSettings,
  reminderOffsetsHours,
  type SiteConfig,
} from './config';
import { createPersonKeyer } from './domain/indicators';
import { createAddressHasher, createSubjectHasher } from './domain/rate-limit';
import { log } from './log';
import type { SweepMailOutboxDeps } from './mail/outbox';
import { functions } from './resources';
import { parseRecipients } from './use-cases/aggregate-indicators';
import { promoteFromWaitlist } from './use-cases/cancel-registration';
import type { CertificateRendererDeps } from './use-cases/certificates';
import type { MailEventsDeps } from './use-cases/handle-mail-events';
import type { SendMailDeps } from './use-cases/send-mail';
import type { OrganiserDeps, PublicationsDeps, SiteDeps } from './web/deps';

/*
 * The composition root: one factory per function, from that function's parsed settings to the
 * dependencies its handler hands to the use cases. Each handler calls its factory once per
 * container; the local runtime, tests, benchmarks and demo data call the same factories.
 */

const now = () => new Date();

/**
 * For the functions that are not given the link keys: an event repository hashes addresses
 * only when it writes an email claim, which these functions never do; if one ever did, it
 * fails loudly instead of hashing with a wrong key.
 */
const noLinkKeys = (): never => {
  throw new ConfigError('This function is not given the link keys (shared/config.ts)');
};

/** Who publishes the pages and what the privacy notice says of the data. */
function publisher(cfg: PublicationsConfig | OrganiserConfig) {
  return {
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    retentionDays: cfg.RETENTION_DAYS,
    organiser: { name: cfg.ORGANISER_NAME, ico: cfg.ORGANISER_ICO, email: cfg.CONTACT_EMAIL },
    contact: organiserContact(cfg),
    dpoContact: cfg.DPO_CONTACT,
    region: cfg.AWS_REGION,
  };
}

/** The certificate register as both the verification page and the organiser pages read it. */
function certificateRegister(
  dynamo: DynamoDBDocumentClient,
  cfg: PublicationsConfig | OrganiserConfig,
) {
  return {
    register: createCertificateRepository(dynamo, cfg.TABLE_NAME, certificateRegisterOf(cfg)),
    secret: cfg.hashingSecret,
    retentionYears: cfg.CERTIFICATE_RETENTION_YEARS,
  };
}

export function siteDeps(cfg: SiteConfig): SiteDeps {
  const dynamo = createDynamo(cfg);
  const addressHash = createAddressHasher(cfg.hashingSecret);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, addressHash),
    mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
    surveys: createSurveyRepository(dynamo, cfg.TABLE_NAME),
    now,
    linkSecret: cfg.LINK_SIGNING_SECRET,
    linkKeys: cfg.linkKeys,
    rateLimits: rateLimitSettings(cfg),
    subjects: createSubjectHasher(cfg.hashingSecret),
    rateCounters: createRateCounterStore(dynamo, cfg.TABLE_NAME),
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    organiser: { name: cfg.ORGANISER_NAME, ico: cfg.ORGANISER_ICO, email: cfg.CONTACT_EMAIL },
    contact: organiserContact(cfg),
  };
}

export function publicationsDeps(cfg: PublicationsConfig): PublicationsDeps {
  const dynamo = createDynamo(cfg);
  return {
    // Events only: the read-only function carries none of the registration transactions.
    events: createEventsRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(noLinkKeys)),
    indicators: createIndicatorRepository(dynamo, cfg.TABLE_NAME),
    now,
    ...publisher(cfg),
    certificates: certificateRegister(dynamo, cfg),
  };
}

export function organiserDeps(cfg: OrganiserConfig): OrganiserDeps {
  const dynamo = createDynamo(cfg);
  const sqs = createSqs(cfg);
  const addressHash = createAddressHasher(cfg.hashingSecret);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, addressHash),
    mail: createMailQueue(sqs, cfg.MAIL_QUEUE_URL),
    reminders: createReminderRepository(dynamo, cfg.TABLE_NAME, reminderOffsetsHours(cfg)),
    attendance: createAttendanceRepository(dynamo, cfg.TABLE_NAME, addressHash),
    surveys: createSurveyRepository(dynamo, cfg.TABLE_NAME),
    indicators: createIndicatorRepository(dynamo, cfg.TABLE_NAME),
    now,
    auth:
      cfg.ADMIN_AUTH === 'token'
        ? { mode: 'token', token: cfg.ADMIN_TOKEN }
        : {
            mode: 'cognito',
            issuer: cfg.COGNITO_ISSUER,
            clientId: cfg.COGNITO_CLIENT_ID,
            domain: cfg.COGNITO_DOMAIN,
          },
    linkSecret: cfg.LINK_SIGNING_SECRET,
    linkKeys: cfg.linkKeys,
    // Organisers register people too (walk-ins, the admin API): the same limits and the same
    // keyed client addresses that waves of registrations are found by.
    rateLimits: rateLimitSettings(cfg),
    subjects: createSubjectHasher(cfg.hashingSecret),
    rateCounters: createRateCounterStore(dynamo, cfg.TABLE_NAME),
    ...publisher(cfg),
    certificates: {
      ...certificateRegister(dynamo, cfg),
      queue: createCertificateQueue(sqs, cfg.CERTIFICATES_QUEUE_URL),
      files: createExportsBucket(createS3(cfg), cfg.EXPORTS_BUCKET),
    },
    people: {
      people: createPeopleRepository(dynamo, cfg.TABLE_NAME),
      purge: createPurgeRepository(dynamo, cfg.TABLE_NAME),
      personKey: createPersonKeyer(cfg.hashingSecret),
      addressHash,
      now,
    },
  };
}

export function remindersDeps(cfg: FunctionConfig<'reminders'>) {
  const dynamo = createDynamo(cfg);
  const defaultOffsetsHours = reminderOffsetsHours(cfg);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(noLinkKeys)),
    reminders: createReminderRepository(dynamo, cfg.TABLE_NAME, defaultOffsetsHours),
    mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
    defaultOffsetsHours,
  };
}

/** `clients` lets a test hand in one that fails (an unreachable SES, say). */
export function mailerDeps(
  cfg: MailerConfig,
  clients: { dynamo: DynamoDBDocumentClient; ses: SESv2Client } = {
    dynamo: createDynamo(cfg),
    ses: createSes(cfg),
  },
): SendMailDeps {
  const from = { name: cfg.MAIL_FROM_NAME, address: cfg.MAIL_FROM };
  const addressHash = createAddressHasher(cfg.hashingSecret);
  return {
    events: createEventRepository(clients.dynamo, cfg.TABLE_NAME, addressHash),
    sentMail: createSentMailRepository(clients.dynamo, cfg.TABLE_NAME),
    suppression: createSuppressionRepository(clients.dynamo, cfg.TABLE_NAME, addressHash),
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
    now,
    // Two function timeouts: any live send has finished, and the redelivery after a crash
    // (one visibility timeout, six function timeouts) finds the claim expired.
    leaseMs: (cfg.MAIL_CLAIM_LEASE_SECONDS ?? 2 * functions.mailer.timeoutSeconds) * 1000,
    log,
  };
}

export function mailEventsDeps(cfg: FunctionConfig<'mailEvents'>): MailEventsDeps {
  const dynamo = createDynamo(cfg);
  return {
    suppression: createSuppressionRepository(
      dynamo,
      cfg.TABLE_NAME,
      createAddressHasher(cfg.hashingSecret),
    ),
    sentMail: createSentMailRepository(dynamo, cfg.TABLE_NAME),
    now,
  };
}

export function mailOutboxDeps(cfg: FunctionConfig<'mailOutbox'>): SweepMailOutboxDeps {
  const dynamo = createDynamo(cfg);
  const events = createEventRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(noLinkKeys));
  const mail = createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL);
  return {
    outbox: createMailOutbox(dynamo, cfg.TABLE_NAME),
    events,
    sentMail: createSentMailRepository(dynamo, cfg.TABLE_NAME),
    mail,
    promote: (eventId: string) => promoteFromWaitlist({ events, mail, now }, eventId),
  };
}

export function waitlistDeps(cfg: FunctionConfig<'waitlist'>) {
  return {
    events: createEventRepository(
      createDynamo(cfg),
      cfg.TABLE_NAME,
      createAddressHasher(noLinkKeys),
    ),
    mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
  };
}

export function surveysDeps(cfg: FunctionConfig<'surveys'>) {
  const dynamo = createDynamo(cfg);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(noLinkKeys)),
    surveys: createSurveyRepository(dynamo, cfg.TABLE_NAME),
    mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
    now,
  };
}

export function indicatorsDeps(cfg: FunctionConfig<'indicators'>) {
  const dynamo = createDynamo(cfg);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(cfg.hashingSecret)),
    rollups: createRollupRepository(dynamo, cfg.TABLE_NAME),
    indicators: createIndicatorRepository(dynamo, cfg.TABLE_NAME),
    exports: createExportsBucket(createS3(cfg), cfg.EXPORTS_BUCKET),
    mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
    personKey: createPersonKeyer(cfg.hashingSecret),
    exportRecipients: parseRecipients(cfg.EXPORT_RECIPIENTS),
  };
}

export function retentionDeps(cfg: FunctionConfig<'retention'>) {
  const dynamo = createDynamo(cfg);
  const addressHash = createAddressHasher(cfg.hashingSecret);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, addressHash),
    purge: createPurgeRepository(dynamo, cfg.TABLE_NAME),
    due: createRetentionDueRepository(dynamo, cfg.TABLE_NAME),
    personKey: createPersonKeyer(cfg.hashingSecret),
    addressHash,
    retentionDays: cfg.RETENTION_DAYS,
  };
}

export function certificatesDeps(cfg: FunctionConfig<'certificates'>) {
  const dynamo = createDynamo(cfg);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(noLinkKeys)),
    certificates: createCertificateRepository(dynamo, cfg.TABLE_NAME, certificateRegisterOf(cfg)),
    queue: createCertificateQueue(createSqs(cfg), cfg.CERTIFICATES_QUEUE_URL),
  };
}

/** The PDF renderer comes from the handler: its fonts and pdfkit stay out of every other bundle. */
export function certificateRendererDeps(
  cfg: FunctionConfig<'certificateRenderer'>,
  render: CertificateRendererDeps['render'],
): CertificateRendererDeps {
  const settings = certificateSettings(cfg);
  const dynamo = createDynamo(cfg);
  return {
    events: createEventRepository(dynamo, cfg.TABLE_NAME, createAddressHasher(cfg.hashingSecret)),
    certificates: createCertificateRepository(dynamo, cfg.TABLE_NAME, settings),
    files: createExportsBucket(createS3(cfg), cfg.EXPORTS_BUCKET),
    mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
    render,
    links: { publicBaseUrl: cfg.PUBLIC_BASE_URL, certificateSecret: cfg.hashingSecret },
    organiser: settings.organiser,
    now,
  };
}
