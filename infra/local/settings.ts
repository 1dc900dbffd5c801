import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod/mini';
import type { QueueName } from '../../shared/resources';
import type { EmulatorPorts } from './emulators';
import type { LocalNames } from './provision';

export const projectRoot = resolve(import.meta.dirname, '../..');

const portNumber = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(65535)), 0);

/** Settings of `npm start` on one machine; ports and data folder can be moved by environment. */
const localEnvSchema = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(65535)), 3000),
  DYNAMODB_PORT: z._default(portNumber, 8000),
  SQS_PORT: z._default(portNumber, 4566),
  SES_PORT: z._default(portNumber, 8005),
  DATA_DIR: z._default(z.string(), join(projectRoot, '.data')),
});

export interface LocalSettings {
  httpPort: number;
  ports: EmulatorPorts;
  dataDir: string;
  region: string;
  prefix: string;
}

export function localSettings(
  env: Record<string, string | undefined> = process.env,
): LocalSettings {
  const parsed = localEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid local settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const s = parsed.data;
  return {
    httpPort: s.PORT,
    ports: { dynamo: s.DYNAMODB_PORT, sqs: s.SQS_PORT, ses: s.SES_PORT },
    dataDir: resolve(s.DATA_DIR),
    region: 'eu-central-1',
    prefix: 'chytra-skoleni',
  };
}

export interface LocalSecrets {
  adminToken: string;
  linkSigningSecret: string;
}

/**
 * Made once per machine and kept beside the data, so links in sent emails keep working.
 * ADMIN_TOKEN in the environment replaces the stored sign-in token (not written to the file),
 * so a team can agree on one; it must have at least 16 characters, as the function requires.
 */
export function localSecrets(
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): LocalSecrets {
  const file = join(dataDir, 'local-secrets.json');
  let secrets: LocalSecrets;
  if (existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  } else {
    mkdirSync(dataDir, { recursive: true });
    secrets = {
      adminToken: randomBytes(18).toString('base64url'),
      linkSigningSecret: randomBytes(32).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  const chosen = env.ADMIN_TOKEN?.trim();
  if (chosen === undefined || chosen === '') return secrets;
  if (chosen.length < 16) {
    throw new Error('Invalid local settings: ADMIN_TOKEN must have at least 16 characters');
  }
  return { ...secrets, adminToken: chosen };
}

/** The sender of every local email; the IAM policies enforced locally are synthesized with it. */
export const localMailFrom = 'skoleni@kraj-lbc.cz';

/** The environment every function gets locally; in AWS the CDK stack sets the same names. */
export function functionEnvironment(options: {
  names: LocalNames;
  queueUrls: Record<QueueName, string>;
  endpoints: { dynamo: string; sqs: string; ses: string; s3: string };
  region: string;
  httpPort: number;
  secrets: LocalSecrets;
}): Record<string, string> {
  const { names, queueUrls, endpoints, region, httpPort, secrets } = options;
  return {
    APP_ENV: 'local',
    AWS_REGION: region,
    // The emulators accept any credentials; real ones never leave a developer's machine here.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: names.table,
    MAIL_QUEUE_URL: queueUrls.mail,
    EXPORTS_BUCKET: names.bucket,
    MAIL_FROM: localMailFrom,
    MAIL_FROM_NAME: 'Chytrá školení Libereckého kraje',
    SES_MAX_SEND_RATE: '14',
    ORGANISER_NAME: 'Liberecký kraj',
    ORGANISER_ICO: '70891508',
    // Demo contacts of the organising office; a deployment sets its own.
    CONTACT_EMAIL: 'skoleni@kraj-lbc.cz',
    CONTACT_PHONE: '+420 485 226 999',
    CONTACT_ADDRESS: 'U Jezu 642/2a, 461 80 Liberec',
    // Clearly fictitious: a deployment names its real data protection officer.
    DPO_CONTACT:
      'Ukázkový pověřenec (smyšlený kontakt), poverenec@example.invalid, +420 000 000 000',
    PUBLIC_BASE_URL: `http://127.0.0.1:${httpPort}`,
    LINK_SIGNING_SECRET: secrets.linkSigningSecret,
    ADMIN_AUTH: 'token',
    ADMIN_TOKEN: secrets.adminToken,
    RETENTION_DAYS: '180',
    REMINDER_OFFSETS_HOURS: '168,24',
    RATE_LIMITS: 'on',
    LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: '30',
    LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: '5',
    EXPORT_RECIPIENTS: 'indikatory@kraj-lbc.cz',
    CERTIFICATES_QUEUE_URL: queueUrls.certificates,
    CERTIFICATE_ISSUER: 'Liberecký kraj',
    CERTIFICATE_ISSUER_ICO: '70891508',
    CERTIFICATE_SIGNATORY_NAME: 'Mgr. Jana Dvořáková',
    CERTIFICATE_SIGNATORY_ROLE: 'vedoucí odboru regionálního rozvoje',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
  };
}
