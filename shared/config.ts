import * as z from 'zod/mini';
import type { RateLimitSettings } from './domain/rate-limit';
import { keyIdPattern, MIN_SECRET_LENGTH, type SigningKey } from './domain/signed-link';

/**
 * Every setting the functions read, parsed once at cold start. A missing or malformed value
 * stops the function with a message naming the variable; production settings have no defaults.
 */
// Local queue URLs have hosts like sqs.eu-central-1.127.0.0.1 that stricter URL rules refuse.
const httpUrl = z.string().check(
  z.refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    params: { code: 'invalid_url' },
    message: 'must be an http(s) URL',
  }),
);
const optionalUrl = z.optional(httpUrl);
const positiveInt = z.coerce.number().check(z.int(), z.positive());

export const configSchema = z.object({
  APP_ENV: z.enum(['local', 'aws']),
  AWS_REGION: z.string().check(z.minLength(1)),
  TABLE_NAME: z.string().check(z.minLength(1)),
  MAIL_QUEUE_URL: httpUrl,
  EXPORTS_BUCKET: z.string().check(z.minLength(3)),
  /** The address emails come from; in AWS a verified SES identity. */
  MAIL_FROM: z.email(),
  MAIL_FROM_NAME: z.string().check(z.minLength(1)),
  /** SES configuration set that routes bounces and complaints to the mail-events queue. */
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Sends per second the mailer keeps to (the SES account's sending rate). */
  /** Sends per second for one mailer container; a fraction is allowed (a sandbox account's 1/s split in two). */
  SES_MAX_SEND_RATE: z.coerce.number().check(z.positive()),
  /**
   * How long the mailer's claim on one email holds off other deliveries of it; must stay below
   * the mail queue's visibility timeout. Unset: two mailer timeouts. Local tests that shorten
   * the visibility timeout shorten this with it.
   */
  MAIL_CLAIM_LEASE_SECONDS: z.optional(positiveInt),
  /** The organiser named in the open data and calendars: a public body's name and IČO. */
  ORGANISER_NAME: z.string().check(z.minLength(1)),
  ORGANISER_ICO: z.string().check(z.regex(/^\d{8}$/)),
  /**
   * How people reach the organisers: in every email's signature and the site's footer. The
   * address is the office's postal address on one line, e.g. "U Jezu 642/2a, 461 80 Liberec".
   */
  CONTACT_EMAIL: z.email(),
  CONTACT_PHONE: z.string().check(z.trim(), z.regex(/^\+?[\d ]{9,20}$/)),
  CONTACT_ADDRESS: z.string().check(z.trim(), z.minLength(5)),
  /**
   * How to reach the data protection officer, as the privacy notice shows it: a name, an
   * address and a phone on one line. A placeholder (as a synth without settings puts there)
   * stops the function rather than appearing on the page.
   */
  DPO_CONTACT: z.string().check(
    z.trim(),
    z.minLength(5),
    z.refine((value) => !/placeholder|\[|\]/i.test(value), {
      params: { code: 'placeholder' },
      message: 'must be the real contact, not a placeholder',
    }),
  ),
  /** Where people open the links in emails, e.g. https://skoleni.example.cz */
  PUBLIC_BASE_URL: httpUrl,
  /**
   * Keys of the HMAC-signed links (cancel, survey, check-in), newest first:
   * `<id>:<secret>,<id>:<secret>`. The newest signs; every one verifies, so links sent before a
   * rotation keep working until the old key is dropped. Ids are 1–32 of A–Z a–z 0–9 _ -,
   * secrets at least 32 characters without commas. The newest key is also "the link secret"
   * that CSRF and form tokens and keyed hashes derive from.
   */
  LINK_SIGNING_SECRETS: z.optional(
    z.string().check(
      z.refine((value) => parseSigningKeys(value) !== undefined, {
        params: { code: 'invalid_key_ring' },
        message:
          'must be <id>:<secret>[,<id>:<secret>…] with unique ids and secrets of 32+ characters',
      }),
    ),
  ),
  /**
   * One key without an id, as before rotation. With LINK_SIGNING_SECRETS it still verifies
   * (links signed with it keep working); alone, it signs too.
   */
  LINK_SIGNING_SECRET: z.optional(z.string().check(z.minLength(32))),
  /**
   * AWS: the Secrets Manager secret holding the link keys (a LINK_SIGNING_SECRETS value, or one
   * plain key as LINK_SIGNING_SECRET). Only the functions that sign or verify links get it and
   * may read it; shared/link-keys.ts fetches it once at cold start, before the parse.
   */
  LINK_SIGNING_SECRETS_ARN: z.optional(z.string().check(z.minLength(20))),
  /**
   * `token`: a bearer token or the sign-in page's cookie (local); `cognito`: organisers sign in
   * on the Cognito hosted UI, and API Gateway's JWT authorizer verifies admin API callers.
   */
  ADMIN_AUTH: z.enum(['token', 'cognito']),
  ADMIN_TOKEN: z.optional(z.string().check(z.minLength(16))),
  /** Cognito mode: the `iss` of the pool's tokens, https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  COGNITO_ISSUER: optionalUrl,
  /** Cognito mode: the public app client of the organiser pages (the ID tokens' audience). */
  COGNITO_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  /** Cognito mode: the hosted UI, https://<prefix>.auth.<region>.amazoncognito.com. */
  COGNITO_DOMAIN: optionalUrl,
  /** Days after an event when contact data of its registrations is purged. */
  RETENTION_DAYS: positiveInt,
  /** Reminder offsets in hours before the start, e.g. "168,24". */
  REMINDER_OFFSETS_HOURS: z.string().check(z.regex(/^\d+(,\d+)*$/)),
  /**
   * `off` lifts the registration limits and the form's timing check (load tests, benchmarks).
   * Unset means on: the safe side.
   */
  RATE_LIMITS: z._default(z.enum(['on', 'off']), 'on'),
  /** Registrations one client address may make per hour, across all events. */
  LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: z._default(positiveInt, 30),
  /** Registrations one email address may receive per day (UTC), across all events. */
  LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: z._default(positiveInt, 5),
  /** Comma-separated addresses the nightly indicator export is emailed to (may be empty). */
  EXPORT_RECIPIENTS: z.optional(z.string()),
  /** The queue of certificates to render (the certificates job and organiser pages send to it). */
  CERTIFICATES_QUEUE_URL: optionalUrl,
  /** The body that issues certificates of attendance, e.g. "Liberecký kraj". */
  CERTIFICATE_ISSUER: z.optional(z.string().check(z.trim(), z.minLength(1))),
  /** Its IČO, printed on every certificate. */
  CERTIFICATE_ISSUER_ICO: z.optional(z.string().check(z.regex(/^\d{8}$/))),
  /** Who signs the certificates, and their function. */
  CERTIFICATE_SIGNATORY_NAME: z.optional(z.string().check(z.trim(), z.minLength(1))),
  CERTIFICATE_SIGNATORY_ROLE: z.optional(z.string().check(z.trim(), z.minLength(1))),
  /** Letters before the year in certificate numbers (default LK: LK-2026-000123). */
  CERTIFICATE_NUMBER_PREFIX: z.optional(z.string().check(z.regex(/^[A-Z]{1,8}$/))),
  /** Years the register keeps a certificate (default 10). */
  CERTIFICATE_RETENTION_YEARS: z.optional(positiveInt),
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_ENDPOINT_URL_SQS: optionalUrl,
  AWS_ENDPOINT_URL_SESV2: optionalUrl,
  AWS_ENDPOINT_URL_S3: optionalUrl,
});

/** `kid1:secret1,kid0:secret0` → the keys, newest first; undefined when malformed. */
export function parseSigningKeys(value: string): SigningKey[] | undefined {
  const keys: SigningKey[] = [];
  for (const entry of value.split(',')) {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    const secret = entry.slice(colon + 1).trim();
    if (colon < 0 || !keyIdPattern.test(id) || secret.length < MIN_SECRET_LENGTH) return undefined;
    if (keys.some((key) => key.id === id)) return undefined;
    keys.push({ id, secret });
  }
  return keys.length > 0 ? keys : undefined;
}

type ParsedEnvironment = z.infer<typeof configSchema>;

export type Config = Omit<ParsedEnvironment, 'LINK_SIGNING_SECRET'> & {
  /** The secret that signs new links (the newest key); CSRF, form tokens and hashes use it. */
  LINK_SIGNING_SECRET: string;
  /** Every key links verify with, newest first; a legacy LINK_SIGNING_SECRET last. */
  linkKeys: SigningKey[];
  /**
   * The key of every stored keyed hash (email claims, suppressions, the person index, the
   * indicators' person keys, rate-limit counters): the ring's oldest key, so a rotation, which
   * puts a new key in front, changes no stored hash. Retiring that key re-keys them all
   * (`npm run migrate:address-hashes`).
   */
  hashingSecret: string;
};

/** An id for the legacy single key: tokens signed with it carry no id, so it is never written. */
const legacyKeyId = 'legacy';

function linkKeysOf(env: ParsedEnvironment): SigningKey[] | undefined {
  const ring = env.LINK_SIGNING_SECRETS ? (parseSigningKeys(env.LINK_SIGNING_SECRETS) ?? []) : [];
  const legacy = env.LINK_SIGNING_SECRET;
  if (ring.length === 0) return legacy ? [{ id: legacyKeyId, secret: legacy }] : undefined;
  if (legacy && !ring.some((key) => key.secret === legacy)) {
    ring.push({ id: legacyKeyId, secret: legacy });
  }
  return ring;
}

const cognitoVariables = ['COGNITO_ISSUER', 'COGNITO_CLIENT_ID', 'COGNITO_DOMAIN'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const config = withLinkKeys(result.data);
    if (config.ADMIN_AUTH === 'token' && !config.ADMIN_TOKEN) {
      throw new ConfigError('Invalid configuration: ADMIN_TOKEN is required when ADMIN_AUTH=token');
    }
    if (config.ADMIN_AUTH === 'cognito') {
      const missing = cognitoVariables.filter((name) => !config[name]);
      if (missing.length > 0) {
        throw new ConfigError(
          `Invalid configuration: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required when ADMIN_AUTH=cognito`,
        );
      }
    }
    return config;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return env[name] === undefined ? `${name} is missing` : `${name}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/**
 * Adds the link keys. A function that never signs, verifies or derives a key from them is not
 * given them (least privilege in AWS): it starts, and only reading them throws, naming the
 * setting, so such a use shows at once in tests rather than as a wrong key.
 */
function withLinkKeys(env: ParsedEnvironment): Config {
  const linkKeys = linkKeysOf(env);
  const [current] = linkKeys ?? [];
  const oldest = linkKeys?.at(-1);
  if (linkKeys && current && oldest) {
    return { ...env, LINK_SIGNING_SECRET: current.secret, linkKeys, hashingSecret: oldest.secret };
  }
  const missing = (): never => {
    throw new ConfigError(
      'Invalid configuration: LINK_SIGNING_SECRETS (or LINK_SIGNING_SECRET) is missing',
    );
  };
  const config = { ...env } as Config;
  Object.defineProperty(config, 'LINK_SIGNING_SECRET', { get: missing, enumerable: false });
  Object.defineProperty(config, 'linkKeys', { get: missing, enumerable: false });
  Object.defineProperty(config, 'hashingSecret', { get: missing, enumerable: false });
  return config;
}

let cached: Config | undefined;

/** The configuration of this container, parsed on first use and kept. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

export function rateLimitSettings(cfg: Config): RateLimitSettings {
  return {
    enabled: cfg.RATE_LIMITS === 'on',
    perClientPerHour: cfg.LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR,
    perEmailPerDay: cfg.LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY,
  };
}

/** The organisers' contact details as emails and pages show them. */
export function organiserContact(cfg: Config): { email: string; phone: string; address: string } {
  return { email: cfg.CONTACT_EMAIL, phone: cfg.CONTACT_PHONE, address: cfg.CONTACT_ADDRESS };
}

export function reminderOffsetsHours(cfg: Config): number[] {
  return cfg.REMINDER_OFFSETS_HOURS.split(',').map(Number);
}

export interface CertificateSettings {
  organiser: { body: string; ico: string; signatoryName: string; signatoryRole: string };
  numberPrefix: string;
  retentionYears: number;
}

const certificateIssuerVariables = [
  'CERTIFICATE_ISSUER',
  'CERTIFICATE_ISSUER_ICO',
  'CERTIFICATE_SIGNATORY_NAME',
  'CERTIFICATE_SIGNATORY_ROLE',
] as const;

/** What certificates need; the function that issues them calls this at cold start. */
export function certificateSettings(cfg: Config): CertificateSettings {
  const missing = certificateIssuerVariables.filter((name) => !cfg[name]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required to issue certificates`,
    );
  }
  return {
    organiser: {
      body: cfg.CERTIFICATE_ISSUER as string,
      ico: cfg.CERTIFICATE_ISSUER_ICO as string,
      signatoryName: cfg.CERTIFICATE_SIGNATORY_NAME as string,
      signatoryRole: cfg.CERTIFICATE_SIGNATORY_ROLE as string,
    },
    numberPrefix: cfg.CERTIFICATE_NUMBER_PREFIX ?? 'LK',
    retentionYears: cfg.CERTIFICATE_RETENTION_YEARS ?? 10,
  };
}
