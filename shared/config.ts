import * as z from 'zod/mini';
import type { RateLimitSettings } from './domain/rate-limit';
import { keyIdPattern, MIN_SECRET_LENGTH, type SigningKey } from './domain/signed-link';
import type { FunctionName } from './resources';

/**
 * The settings each function reads from its environment, parsed once at cold start. Every
 * function has its own schema, put together from the pieces below, so it is given (in AWS) and
 * insists on only what it uses. A missing or malformed value stops the function with a message
 * naming the variable; production settings have no defaults.
 *
 * The pieces are functions: a cold start builds the schema of its own function only.
 */
// Local queue URLs have hosts like sqs.eu-central-1.127.0.0.1 that stricter URL rules refuse.
const httpUrl = () =>
  z.string().check(
    z.refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      params: { code: 'invalid_url' },
      message: 'must be an http(s) URL',
    }),
  );
const positiveInt = () => z.coerce.number().check(z.int(), z.positive());
const nonEmpty = () => z.string().check(z.minLength(1));
const ico = () => z.string().check(z.regex(/^\d{8}$/));

/** Where the function runs; locally the SDK clients' endpoints point at the emulators. */
const runtimeSettings = () => ({
  APP_ENV: z.enum(['local', 'aws']),
  AWS_REGION: nonEmpty(),
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(httpUrl()),
  AWS_ENDPOINT_URL_SQS: z.optional(httpUrl()),
  AWS_ENDPOINT_URL_SESV2: z.optional(httpUrl()),
  AWS_ENDPOINT_URL_S3: z.optional(httpUrl()),
});

const tableSettings = () => ({ TABLE_NAME: nonEmpty() });
const mailQueueSettings = () => ({ MAIL_QUEUE_URL: httpUrl() });
/** The queue of certificates to render (the certificates job and organiser pages send to it). */
const certificatesQueueSettings = () => ({ CERTIFICATES_QUEUE_URL: httpUrl() });
const exportsBucketSettings = () => ({ EXPORTS_BUCKET: z.string().check(z.minLength(3)) });

const linkKeySettings = () => ({
  /**
   * Keys of the HMAC-signed links (cancel, survey, check-in), newest first:
   * `<id>:<secret>,<id>:<secret>`. The newest signs; every one verifies, so links sent before a
   * rotation keep working until the old key is dropped. Ids are 1–32 of A–Z a–z 0–9 _ -,
   * secrets at least 32 characters without commas. The newest key is also "the link secret"
   * that CSRF and form tokens derive from; the oldest keys the stored hashes.
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
   * plain key as LINK_SIGNING_SECRET). Only the functions whose schema has this piece get it and
   * may read it; shared/link-keys.ts fetches it once at cold start, before the parse.
   */
  LINK_SIGNING_SECRETS_ARN: z.optional(z.string().check(z.minLength(20))),
});

/** Where people open the links in emails and pages, e.g. https://skoleni.example.cz */
const publicUrlSettings = () => ({ PUBLIC_BASE_URL: httpUrl() });

/** The organiser named in the event pages, open data and calendars: a public body and its IČO. */
const organiserSettings = () => ({
  ORGANISER_NAME: nonEmpty(),
  ORGANISER_ICO: ico(),
});

/** What the privacy notice says: who to ask, and how long contact data is kept. */
const privacySettings = () => ({
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
  /** Days after an event when contact data of its registrations is purged. */
  RETENTION_DAYS: positiveInt(),
});

/**
 * How people reach the organisers: in every email's signature and the site's footer. The
 * address is the office's postal address on one line, e.g. "U Jezu 642/2a, 461 80 Liberec".
 */
const contactSettings = () => ({
  CONTACT_EMAIL: z.email(),
  CONTACT_PHONE: z.string().check(z.trim(), z.regex(/^\+?[\d ]{9,20}$/)),
  CONTACT_ADDRESS: z.string().check(z.trim(), z.minLength(5)),
});

const sendingSettings = () => ({
  /** The address emails come from; in AWS a verified SES identity. */
  MAIL_FROM: z.email(),
  MAIL_FROM_NAME: nonEmpty(),
  /** SES configuration set that routes bounces and complaints to the mail-events queue. */
  SES_CONFIGURATION_SET: z.optional(nonEmpty()),
  /** Sends per second for one mailer container; a fraction is allowed (a sandbox account's 1/s split in two). */
  SES_MAX_SEND_RATE: z.coerce.number().check(z.positive()),
  /**
   * How long the mailer's claim on one email holds off other deliveries of it; must stay below
   * the mail queue's visibility timeout. Unset: two mailer timeouts. Local tests that shorten
   * the visibility timeout shorten this with it.
   */
  MAIL_CLAIM_LEASE_SECONDS: z.optional(positiveInt()),
});

/** Reminder offsets in hours before the start, e.g. "168,24". */
const reminderSettings = () => ({
  REMINDER_OFFSETS_HOURS: z.string().check(z.regex(/^\d+(,\d+)*$/)),
});

const registrationLimitSettings = () => ({
  /**
   * `off` lifts the registration limits and the form's timing check (load tests, benchmarks).
   * Unset means on: the safe side.
   */
  RATE_LIMITS: z._default(z.enum(['on', 'off']), 'on'),
  /** Registrations one client address may make per hour, across all events. */
  LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: z._default(positiveInt(), 30),
  /** Registrations one email address may receive per day (UTC), across all events. */
  LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: z._default(positiveInt(), 5),
});

/** Comma-separated addresses the nightly indicator export is emailed to (may be empty). */
const exportSettings = () => ({ EXPORT_RECIPIENTS: z.optional(z.string()) });

const certificateRegisterSettings = () => ({
  /** Letters before the year in certificate numbers (default LK: LK-2026-000123). */
  CERTIFICATE_NUMBER_PREFIX: z._default(z.string().check(z.regex(/^[A-Z]{1,8}$/)), 'LK'),
  /** Years the register keeps a certificate (default 10). */
  CERTIFICATE_RETENTION_YEARS: z._default(positiveInt(), 10),
});

const certificateIssuerSettings = () => ({
  /** The body that issues certificates of attendance, e.g. "Liberecký kraj", and its IČO. */
  CERTIFICATE_ISSUER: z.string().check(z.trim(), z.minLength(1)),
  CERTIFICATE_ISSUER_ICO: ico(),
  /** Who signs the certificates, and their function. */
  CERTIFICATE_SIGNATORY_NAME: z.string().check(z.trim(), z.minLength(1)),
  CERTIFICATE_SIGNATORY_ROLE: z.string().check(z.trim(), z.minLength(1)),
});

/**
 * `token`: a bearer token or the sign-in page's cookie (local); `cognito`: organisers sign in
 * on the Cognito hosted UI, and API Gateway's JWT authorizer verifies admin API callers.
 */
const organiserAuthSettings = () =>
  z.discriminatedUnion('ADMIN_AUTH', [
    z.object({
      ADMIN_AUTH: z.literal('token'),
      ADMIN_TOKEN: z.string().check(z.minLength(16)),
    }),
    z.object({
      ADMIN_AUTH: z.literal('cognito'),
      /** The `iss` of the pool's tokens, https://cognito-idp.<region>.amazonaws.com/<poolId>. */
      COGNITO_ISSUER: httpUrl(),
      /** The public app client of the organiser pages (the ID tokens' audience). */
      COGNITO_CLIENT_ID: nonEmpty(),
      /** The hosted UI, https://<prefix>.auth.<region>.amazoncognito.com. */
      COGNITO_DOMAIN: httpUrl(),
    }),
  ]);

const functionSchemas = {
  site: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...mailQueueSettings(),
      ...linkKeySettings(),
      ...publicUrlSettings(),
      ...organiserSettings(),
      ...contactSettings(),
      ...registrationLimitSettings(),
    }),
  publications: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...linkKeySettings(),
      ...publicUrlSettings(),
      ...organiserSettings(),
      ...privacySettings(),
      ...contactSettings(),
      ...certificateRegisterSettings(),
    }),
  organiser: () =>
    z.intersection(
      z.object({
        ...runtimeSettings(),
        ...tableSettings(),
        ...mailQueueSettings(),
        ...certificatesQueueSettings(),
        ...exportsBucketSettings(),
        ...linkKeySettings(),
        ...publicUrlSettings(),
        ...organiserSettings(),
        ...privacySettings(),
        ...contactSettings(),
        ...reminderSettings(),
        ...registrationLimitSettings(),
        ...certificateRegisterSettings(),
      }),
      organiserAuthSettings(),
    ),
  mailer: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...linkKeySettings(),
      ...publicUrlSettings(),
      ...contactSettings(),
      ...sendingSettings(),
    }),
  mailEvents: () => z.object({ ...runtimeSettings(), ...tableSettings(), ...linkKeySettings() }),
  mailOutbox: () => z.object({ ...runtimeSettings(), ...tableSettings(), ...mailQueueSettings() }),
  reminders: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...mailQueueSettings(),
      ...reminderSettings(),
    }),
  waitlist: () => z.object({ ...runtimeSettings(), ...tableSettings(), ...mailQueueSettings() }),
  surveys: () => z.object({ ...runtimeSettings(), ...tableSettings(), ...mailQueueSettings() }),
  indicators: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...mailQueueSettings(),
      ...exportsBucketSettings(),
      ...linkKeySettings(),
      ...exportSettings(),
    }),
  retention: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...linkKeySettings(),
      RETENTION_DAYS: positiveInt(),
    }),
  certificates: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...certificatesQueueSettings(),
      ...certificateRegisterSettings(),
    }),
  certificateRenderer: () =>
    z.object({
      ...runtimeSettings(),
      ...tableSettings(),
      ...mailQueueSettings(),
      ...exportsBucketSettings(),
      ...linkKeySettings(),
      ...publicUrlSettings(),
      ...certificateRegisterSettings(),
      ...certificateIssuerSettings(),
    }),
} satisfies Record<FunctionName, () => z.ZodMiniType>;

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

type ParsedEnvironment<N extends FunctionName> = z.infer<ReturnType<(typeof functionSchemas)[N]>>;

/** What a function with the link keys' piece gets besides the variables themselves. */
export interface LinkKeyConfig {
  /** The secret that signs new links (the newest key); CSRF and form tokens derive from it. */
  LINK_SIGNING_SECRET: string;
  /** Every key links verify with, newest first; a legacy LINK_SIGNING_SECRET last. */
  linkKeys: SigningKey[];
  /**
   * The key of every stored keyed hash (email claims, suppressions, the person index, the
   * indicators' person keys, rate-limit counters, certificate signatures): the ring's oldest
   * key, so a rotation, which puts a new key in front, changes no stored hash. Retiring that
   * key re-keys them all (`npm run migrate:address-hashes`).
   */
  hashingSecret: string;
}

type WithLinkKeys<T> = T extends { LINK_SIGNING_SECRETS?: string }
  ? Omit<T, 'LINK_SIGNING_SECRET'> & LinkKeyConfig
  : T;

/** The parsed settings of one function. */
export type FunctionConfig<N extends FunctionName> = WithLinkKeys<ParsedEnvironment<N>>;

export type SiteConfig = FunctionConfig<'site'>;
export type PublicationsConfig = FunctionConfig<'publications'>;
export type OrganiserConfig = FunctionConfig<'organiser'>;
export type MailerConfig = FunctionConfig<'mailer'>;

type KeysOf<T> = T extends unknown ? keyof T : never;
/** Every environment variable some function parses. */
export type ConfigVariable = { [N in FunctionName]: KeysOf<ParsedEnvironment<N>> }[FunctionName] &
  string;

/** An id for the legacy single key: tokens signed with it carry no id, so it is never written. */
const legacyKeyId = 'legacy';

function linkKeysOf(env: {
  LINK_SIGNING_SECRETS?: string | undefined;
  LINK_SIGNING_SECRET?: string | undefined;
}): SigningKey[] {
  const ring = env.LINK_SIGNING_SECRETS ? (parseSigningKeys(env.LINK_SIGNING_SECRETS) ?? []) : [];
  const legacy = env.LINK_SIGNING_SECRET;
  if (ring.length === 0) return legacy ? [{ id: legacyKeyId, secret: legacy }] : [];
  if (legacy && !ring.some((key) => key.secret === legacy)) {
    ring.push({ id: legacyKeyId, secret: legacy });
  }
  return ring;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function withLinkKeys<T extends object>(parsed: T): T | (T & LinkKeyConfig) {
  const keys = linkKeysOf(parsed as Parameters<typeof linkKeysOf>[0]);
  const current = keys[0];
  const oldest = keys.at(-1);
  if (!current || !oldest) {
    throw new ConfigError(
      'Invalid configuration: LINK_SIGNING_SECRETS (or LINK_SIGNING_SECRET) is missing',
    );
  }
  return {
    ...parsed,
    LINK_SIGNING_SECRET: current.secret,
    linkKeys: keys,
    hashingSecret: oldest.secret,
  };
}

/** Parses one function's settings from an environment; throws a ConfigError naming each problem. */
export function parseFunctionConfig<N extends FunctionName>(
  name: N,
  env: Record<string, string | undefined>,
): FunctionConfig<N> {
  const schema = functionSchemas[name]();
  // Parsed once per container: compiling zod's fast path for this one parse would cost the cold
  // start more than it saves.
  const result = schema.safeParse(env, { jitless: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      if (issue.code === 'invalid_union' && variable === '') {
        return 'ADMIN_AUTH must be token (with ADMIN_TOKEN) or cognito (with COGNITO_ISSUER, COGNITO_CLIENT_ID, COGNITO_DOMAIN)';
      }
      return env[variable] === undefined
        ? `${variable} is missing`
        : `${variable}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration of ${name}: ${problems.join('; ')}`);
  }
  const parsed = result.data as object;
  const readsLinkKeys = variablesOf(schema).has(linkKeysVariable);
  return (readsLinkKeys ? withLinkKeys(parsed) : parsed) as FunctionConfig<N>;
}

const parsedHere = new Map<FunctionName, unknown>();

/** This container's settings: parsed from process.env on first use and kept. */
export function functionConfig<N extends FunctionName>(name: N): FunctionConfig<N> {
  if (!parsedHere.has(name)) parsedHere.set(name, parseFunctionConfig(name, process.env));
  return parsedHere.get(name) as FunctionConfig<N>;
}

interface SchemaNode {
  def: {
    type: string;
    shape?: Record<string, SchemaNode>;
    left?: SchemaNode;
    right?: SchemaNode;
    options?: SchemaNode[];
  };
}

function collectVariables(node: SchemaNode, into: Map<string, boolean>, required: boolean): void {
  const { def } = node;
  if (def.type === 'object' && def.shape) {
    for (const [variable, field] of Object.entries(def.shape)) {
      const optional = field.def.type === 'optional' || field.def.type === 'default';
      into.set(variable, (into.get(variable) ?? false) || (required && !optional));
    }
  } else if (def.type === 'intersection' && def.left && def.right) {
    collectVariables(def.left, into, required);
    collectVariables(def.right, into, required);
  } else if (def.type === 'union' && def.options) {
    // A variable is required when every variant requires it (the discriminator).
    const variants = def.options.map((option) => {
      const variables = new Map<string, boolean>();
      collectVariables(option, variables, required);
      return variables;
    });
    for (const variables of variants) {
      for (const variable of variables.keys()) {
        const everywhere = variants.every((other) => other.get(variable) === true);
        into.set(variable, (into.get(variable) ?? false) || everywhere);
      }
    }
  }
}

/**
 * The variables a function's schema reads, each with whether it must be set (a variable of one
 * variant only, such as ADMIN_TOKEN, counts as optional). The CDK stack gives a function exactly
 * these.
 */
export function configVariableRequirements(name: FunctionName): Map<string, boolean> {
  return variablesOf(functionSchemas[name]());
}

function variablesOf(schema: z.ZodMiniType): Map<string, boolean> {
  const variables = new Map<string, boolean>();
  collectVariables(schema as unknown as SchemaNode, variables, true);
  return variables;
}

/** The variable of the link keys' piece that every function reading the keys is given in AWS. */
const linkKeysVariable = 'LINK_SIGNING_SECRETS_ARN';

export function configVariables(name: FunctionName): Set<string> {
  return new Set(configVariableRequirements(name).keys());
}

/** Whether a function signs or verifies links or derives keys from them (the link keys' piece). */
export function usesLinkKeys(name: FunctionName): boolean {
  return configVariables(name).has(linkKeysVariable);
}

export function rateLimitSettings(cfg: {
  RATE_LIMITS: 'on' | 'off';
  LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: number;
  LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: number;
}): RateLimitSettings {
  return {
    enabled: cfg.RATE_LIMITS === 'on',
    perClientPerHour: cfg.LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR,
    perEmailPerDay: cfg.LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY,
  };
}

/** The organisers' contact details as emails and pages show them. */
export function organiserContact(cfg: {
  CONTACT_EMAIL: string;
  CONTACT_PHONE: string;
  CONTACT_ADDRESS: string;
}): { email: string; phone: string; address: string } {
  return { email: cfg.CONTACT_EMAIL, phone: cfg.CONTACT_PHONE, address: cfg.CONTACT_ADDRESS };
}

export function reminderOffsetsHours(cfg: { REMINDER_OFFSETS_HOURS: string }): number[] {
  return cfg.REMINDER_OFFSETS_HOURS.split(',').map(Number);
}

export interface CertificateSettings {
  organiser: { body: string; ico: string; signatoryName: string; signatoryRole: string };
  numberPrefix: string;
  retentionYears: number;
}

/** What the register needs: the numbers' prefix and how long a certificate is kept. */
export function certificateRegisterOf(cfg: {
  CERTIFICATE_NUMBER_PREFIX: string;
  CERTIFICATE_RETENTION_YEARS: number;
}): Pick<CertificateSettings, 'numberPrefix' | 'retentionYears'> {
  return {
    numberPrefix: cfg.CERTIFICATE_NUMBER_PREFIX,
    retentionYears: cfg.CERTIFICATE_RETENTION_YEARS,
  };
}

/** What issuing certificates needs (the renderer's settings). */
export function certificateSettings(
  cfg: FunctionConfig<'certificateRenderer'>,
): CertificateSettings {
  return {
    organiser: {
      body: cfg.CERTIFICATE_ISSUER,
      ico: cfg.CERTIFICATE_ISSUER_ICO,
      signatoryName: cfg.CERTIFICATE_SIGNATORY_NAME,
      signatoryRole: cfg.CERTIFICATE_SIGNATORY_ROLE,
    },
    ...certificateRegisterOf(cfg),
  };
}
