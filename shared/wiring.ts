import { createAttendanceRepository } from './adapters/attendance-repository';
import { createCertificateQueue } from './adapters/certificate-queue';
import { createCertificateRepository } from './adapters/certificate-repository';
import { createDynamo, createS3, createSqs } from './adapters/clients';
import { createEventRepository } from './adapters/event-repository';
import { createExportsBucket } from './adapters/exports-bucket';
import { createIndicatorRepository } from './adapters/indicator-repository';
import { createMailQueue } from './adapters/mail-queue';
import { createPeopleRepository } from './adapters/people-repository';
import { createRateCounterStore } from './adapters/rate-limit-counters';
import { createReminderRepository } from './adapters/reminder-repository';
import { createPurgeRepository } from './adapters/rollup-repository';
import { createSurveyRepository } from './adapters/survey-repository';
import { type Config, organiserContact, rateLimitSettings, reminderOffsetsHours } from './config';
import { createPersonKeyer } from './domain/indicators';
import { createAddressHasher, createSubjectHasher } from './domain/rate-limit';
import type { AppDeps } from './web/deps';

/** Builds the HTTP function's dependencies from the configuration: once per container. */
export function httpDeps(cfg: Config): AppDeps {
  const dynamo = createDynamo(cfg);
  const sqs = createSqs(cfg);
  return {
    events: createEventRepository(
      dynamo,
      cfg.TABLE_NAME,
      createAddressHasher(() => cfg.hashingSecret),
    ),
    mail: createMailQueue(sqs, cfg.MAIL_QUEUE_URL),
    reminders: createReminderRepository(dynamo, cfg.TABLE_NAME, reminderOffsetsHours(cfg)),
    attendance: createAttendanceRepository(
      dynamo,
      cfg.TABLE_NAME,
      createAddressHasher(() => cfg.hashingSecret),
    ),
    surveys: createSurveyRepository(dynamo, cfg.TABLE_NAME),
    indicators: createIndicatorRepository(dynamo, cfg.TABLE_NAME),
    now: () => new Date(),
    auth:
      cfg.ADMIN_AUTH === 'token'
        ? { mode: 'token', token: cfg.ADMIN_TOKEN ?? '' }
        : {
            mode: 'cognito',
            // parseConfig requires the three in cognito mode.
            issuer: cfg.COGNITO_ISSUER ?? '',
            clientId: cfg.COGNITO_CLIENT_ID ?? '',
            domain: cfg.COGNITO_DOMAIN ?? '',
          },
    linkSecret: cfg.LINK_SIGNING_SECRET,
    linkKeys: cfg.linkKeys,
    rateLimits: rateLimitSettings(cfg),
    subjects: createSubjectHasher(cfg.hashingSecret),
    rateCounters: createRateCounterStore(dynamo, cfg.TABLE_NAME),
    publicBaseUrl: cfg.PUBLIC_BASE_URL,
    retentionDays: cfg.RETENTION_DAYS,
    organiser: { name: cfg.ORGANISER_NAME, ico: cfg.ORGANISER_ICO, email: cfg.CONTACT_EMAIL },
    contact: organiserContact(cfg),
    ...(cfg.CERTIFICATES_QUEUE_URL
      ? {
          certificates: {
            register: createCertificateRepository(dynamo, cfg.TABLE_NAME, {
              numberPrefix: cfg.CERTIFICATE_NUMBER_PREFIX ?? 'LK',
              retentionYears: cfg.CERTIFICATE_RETENTION_YEARS ?? 10,
            }),
            queue: createCertificateQueue(sqs, cfg.CERTIFICATES_QUEUE_URL),
            files: createExportsBucket(createS3(cfg), cfg.EXPORTS_BUCKET),
            secret: cfg.hashingSecret,
            retentionYears: cfg.CERTIFICATE_RETENTION_YEARS ?? 10,
          },
        }
      : {}),
    dpoContact: cfg.DPO_CONTACT,
    region: cfg.AWS_REGION,
    people: {
      people: createPeopleRepository(dynamo, cfg.TABLE_NAME),
      purge: createPurgeRepository(dynamo, cfg.TABLE_NAME),
      personKey: createPersonKeyer(cfg.hashingSecret),
      addressHash: createAddressHasher(() => cfg.hashingSecret),
      now: () => new Date(),
    },
  };
}
