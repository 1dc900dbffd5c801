import type { Construct } from 'constructs';

export interface CustomDomain {
  /** e.g. skoleni.kraj-example.cz; point a CNAME (or alias) at the stack's DomainTarget output. */
  domainName: string;
  /** An ACM certificate in the stack's region that covers `domainName`. */
  certificateArn: string;
}

/**
 * Deployment settings: the values that differ per installation and that the functions read from
 * their environment (shared/config.ts). They come from CDK context, e.g.
 *
 *   npx cdk deploy --all -c mailFrom=skoleni@mv.gov.cz -c mailFromName="Chytrá školení" \
 *     -c sesIdentity=mv.gov.cz -c exportRecipients=a@mv.gov.cz,b@mv.gov.cz -c retentionDays=1095 \
 *     -c contactEmail=skoleni@mv.gov.cz -c contactPhone="+420 974 800 000" \
 *     -c contactAddress="Nad Štolou 936/3, 170 34 Praha 7" \
 *     -c domainName=skoleni.mv.gov.cz -c certificateArn=arn:aws:acm:...
 *
 * (the README's deploy section has the command a deployment uses; a test synthesises exactly it)
 *
 * or from the `context` block of cdk.json / cdk.context.json.
 *
 * How a missing value is handled: a value that is given but malformed stops the synth at once.
 * A value that is missing is replaced by a placeholder under the reserved `.invalid` domain
 * (RFC 2606) and recorded in `placeholders`, so `cdk synth` (and the tests) work offline with no
 * configuration. The stateless stack then carries a CloudFormation rule that fails every
 * deployment of that template, naming the missing keys, before any resource changes. The app
 * cannot tell `cdk synth` from `cdk deploy`, CloudFormation can: that is why the guard lives in
 * the template and not in a thrown error.
 */
export interface DeploymentSettings {
  /** The address emails come from (MAIL_FROM); must belong to `sesIdentity`. */
  mailFrom: string;
  mailFromName: string;
  /** The organisers' contacts in every email's signature and the site's footer (CONTACT_*). */
  contactEmail: string;
  contactPhone: string;
  /** The office's postal address on one line. */
  contactAddress: string;
  /**
   * Where people open the links in emails (PUBLIC_BASE_URL), https, no trailing slash. When not
   * given: https://<domainName> with a custom domain, else the API's own URL (the stack
   * resolves it), so the links work from the first deployment on.
   */
  publicBaseUrl?: string;
  /** Optional custom domain of the API, with a regional ACM certificate that covers it. */
  customDomain?: CustomDomain;
  /** How to reach the data protection officer (DPO_CONTACT), on the privacy notice. */
  dpoContact: string;
  /** The verified SES identity, a domain or an email address, the mailer may send as. */
  sesIdentity: string;
  /** Comma-separated addresses the nightly export goes to; may be empty. */
  exportRecipients: string;
  retentionDays: number;
  /** Sends per second the mailer keeps to (the SES account's maximum send rate). */
  sesMaxSendRate: number;
  reminderOffsetsHours: string;
  /** The organiser the open data and calendars name: a public body and its IČO. */
  organiserName: string;
  organiserIco: string;
  /** `on` unless given as `off` (RATE_LIMITS): the registration limits and the form's timing check. */
  rateLimits: 'on' | 'off';
  /** LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR */
  registrationsPerClientPerHour: number;
  /** LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY */
  registrationsPerEmailPerDay: number;
  /** Optional address subscribed to the alarm topic. */
  alarmEmail?: string;
  /**
   * Optional prefix of the Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com),
   * unique in the region across all accounts; without it, the stack derives one from its name
   * and the account id.
   */
  cognitoDomainPrefix?: string;
  /** Who issues the certificates of attendance, printed on each. */
  certificateIssuer: string;
  certificateIssuerIco: string;
  certificateSignatoryName: string;
  certificateSignatoryRole: string;
  /** Letters before the year in certificate numbers (LK-2026-000123). */
  certificateNumberPrefix: string;
  /** Years the certificate register keeps an entry. */
  certificateRetentionYears: number;
  /** Context keys that were missing and were replaced by placeholders. */
  placeholders: SettingKey[];
}

/** The CDK context keys, one per setting. */
export const settingKeys = [
  'mailFrom',
  'mailFromName',
  'contactEmail',
  'contactPhone',
  'contactAddress',
  'dpoContact',
  'publicBaseUrl',
  'domainName',
  'certificateArn',
  'sesIdentity',
  'exportRecipients',
  'retentionDays',
  'sesMaxSendRate',
  'reminderOffsetsHours',
  'rateLimits',
  'registrationsPerClientPerHour',
  'registrationsPerEmailPerDay',
  'alarmEmail',
  'cognitoDomainPrefix',
  'organiserName',
  'organiserIco',
  'certificateIssuer',
  'certificateIssuerIco',
  'certificateSignatoryName',
  'certificateSignatoryRole',
  'certificateNumberPrefix',
  'certificateRetentionYears',
] as const;

export type SettingKey = (typeof settingKeys)[number];

/** Settings without which a deployment would be wrong: these get placeholders when missing. */
const placeholderValues = {
  mailFrom: 'noreply@placeholder.invalid',
  mailFromName: 'Chytrá školení (placeholder)',
  contactEmail: 'kontakt@placeholder.invalid',
  contactPhone: '+420 000 000 000',
  contactAddress: 'placeholder (set contactAddress)',
  dpoContact: 'placeholder (set dpoContact)',
  exportRecipients: '',
  retentionDays: '365',
  certificateSignatoryName: 'Podepisující (placeholder)',
  certificateSignatoryRole: 'funkce (placeholder)',
} satisfies Partial<Record<SettingKey, string>>;

/** Settings with a safe default that is not a placeholder. */
const defaults = {
  /** The rate of a new SES account in the sandbox; raise it with the account's quota. */
  sesMaxSendRate: '1',
  /** One week and one day before the start. */
  reminderOffsetsHours: '168,24',
  /** The region this project was built for; another installation passes its own. */
  organiserName: 'Liberecký kraj',
  organiserIco: '70891508',
  /** A public form is found by bots: the limits are on unless turned off on purpose. */
  rateLimits: 'on',
  registrationsPerClientPerHour: '30',
  registrationsPerEmailPerDay: '5',
  certificateNumberPrefix: 'LK',
  /** The register of issued certificates is kept ten years. */
  certificateRetentionYears: '10',
} satisfies Partial<Record<SettingKey, string>>;

const emailPattern = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;
/** Cognito's rule for hosted UI domain prefixes. */
const cognitoPrefixPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const certificateArnPattern = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

function fail(key: SettingKey, message: string): never {
  throw new SettingsError(`CDK context value '${key}' ${message} (set it with -c ${key}=...)`);
}

function positiveInteger(key: SettingKey, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) fail(key, `must be a positive integer, got '${raw}'`);
  return value;
}

/** Reads and validates the settings from the context of `scope` (normally the App). */
export function readSettings(scope: Construct): DeploymentSettings {
  const placeholders: SettingKey[] = [];
  const read = (key: SettingKey): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      fail(key, `must be a string or a number, got ${JSON.stringify(value)}`);
    }
    return String(value).trim();
  };
  const required = (key: keyof typeof placeholderValues): string => {
    const value = read(key);
    if (value !== undefined) return value;
    placeholders.push(key);
    return placeholderValues[key];
  };

  const mailFrom = required('mailFrom');
  if (!emailPattern.test(mailFrom)) fail('mailFrom', `must be an email address, got '${mailFrom}'`);
  const mailDomain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();

  const mailFromName = required('mailFromName');
  if (mailFromName.length === 0) fail('mailFromName', 'must not be empty');

  const contactEmail = required('contactEmail');
  if (!emailPattern.test(contactEmail)) {
    fail('contactEmail', `must be an email address, got '${contactEmail}'`);
  }
  const contactPhone = required('contactPhone');
  if (!/^\+?[\d ]{9,20}$/.test(contactPhone)) {
    fail('contactPhone', `must be a phone number of digits and spaces, got '${contactPhone}'`);
  }
  const contactAddress = required('contactAddress');
  if (contactAddress.length < 5) fail('contactAddress', 'must be a postal address');

  const dpoContact = required('dpoContact').trim();
  if (dpoContact.length < 5) fail('dpoContact', 'must name how to reach the DPO');

  const domainName = read('domainName') || undefined;
  const certificateArn = read('certificateArn') || undefined;
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    fail(domainName ? 'certificateArn' : 'domainName', 'is needed too: a custom domain takes both');
  }
  if (domainName !== undefined && !domainPattern.test(domainName)) {
    fail('domainName', `must be a domain name, got '${domainName}'`);
  }
  if (certificateArn !== undefined && !certificateArnPattern.test(certificateArn)) {
    fail('certificateArn', `must be the ARN of an ACM certificate, got '${certificateArn}'`);
  }

  const rawUrl = read('publicBaseUrl') || (domainName ? `https://${domainName}` : undefined);
  let publicBaseUrl: string | undefined;
  if (rawUrl !== undefined) {
    try {
      const url = new URL(rawUrl);
      if (url.protocol !== 'https:') fail('publicBaseUrl', `must be an https URL, got '${rawUrl}'`);
      publicBaseUrl = url.href.replace(/\/+$/, '');
    } catch (error) {
      if (error instanceof SettingsError) throw error;
      fail('publicBaseUrl', `must be a URL, got '${rawUrl}'`);
    }
  }

  // The identity defaults to the domain of mailFrom, so it is a placeholder exactly when mailFrom is.
  const sesIdentity = read('sesIdentity') ?? mailDomain;
  if (sesIdentity.includes('@')) {
    if (sesIdentity.toLowerCase() !== mailFrom.toLowerCase()) {
      fail('sesIdentity', `is the address '${sesIdentity}', so mailFrom must be that address`);
    }
  } else if (!domainPattern.test(sesIdentity)) {
    fail('sesIdentity', `must be a domain or an email address, got '${sesIdentity}'`);
  } else if (mailDomain !== sesIdentity.toLowerCase()) {
    fail('sesIdentity', `is the domain '${sesIdentity}', but mailFrom is in '${mailDomain}'`);
  }

  const exportRecipients = required('exportRecipients')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  for (const address of exportRecipients) {
    if (!emailPattern.test(address))
      fail('exportRecipients', `has an invalid address '${address}'`);
  }

  const retentionDays = positiveInteger('retentionDays', required('retentionDays'));
  const sesMaxSendRate = positiveInteger(
    'sesMaxSendRate',
    read('sesMaxSendRate') ?? defaults.sesMaxSendRate,
  );
  const reminderOffsetsHours = (read('reminderOffsetsHours') ?? defaults.reminderOffsetsHours)
    .split(',')
    .map((hours) => hours.trim())
    .join(',');
  if (!/^\d+(,\d+)*$/.test(reminderOffsetsHours)) {
    fail('reminderOffsetsHours', `must be comma-separated hours, got '${reminderOffsetsHours}'`);
  }

  const organiserName = read('organiserName') || defaults.organiserName;
  const organiserIco = read('organiserIco') || defaults.organiserIco;
  if (!/^\d{8}$/.test(organiserIco)) {
    fail('organiserIco', `must be an IČO of eight digits, got '${organiserIco}'`);
  }
  const rateLimits = read('rateLimits') ?? defaults.rateLimits;
  if (rateLimits !== 'on' && rateLimits !== 'off') {
    fail('rateLimits', `must be 'on' or 'off', got '${rateLimits}'`);
  }
  const registrationsPerClientPerHour = positiveInteger(
    'registrationsPerClientPerHour',
    read('registrationsPerClientPerHour') ?? defaults.registrationsPerClientPerHour,
  );
  const registrationsPerEmailPerDay = positiveInteger(
    'registrationsPerEmailPerDay',
    read('registrationsPerEmailPerDay') ?? defaults.registrationsPerEmailPerDay,
  );

  const alarmEmail = read('alarmEmail') || undefined;
  if (alarmEmail !== undefined && !emailPattern.test(alarmEmail)) {
    fail('alarmEmail', `must be an email address, got '${alarmEmail}'`);
  }

  const cognitoDomainPrefix = read('cognitoDomainPrefix') || undefined;
  if (cognitoDomainPrefix !== undefined) {
    if (!cognitoPrefixPattern.test(cognitoDomainPrefix)) {
      fail(
        'cognitoDomainPrefix',
        `must be lowercase letters, digits and hyphens, got '${cognitoDomainPrefix}'`,
      );
    }
    if (/aws|amazon|cognito/.test(cognitoDomainPrefix)) {
      fail('cognitoDomainPrefix', `must not contain aws, amazon or cognito`);
    }
  }

  // The body that issues certificates is the organiser unless a deployment names another (e.g.
  // the regional office rather than the region).
  const certificateIssuer = read('certificateIssuer') || organiserName;
  const certificateIssuerIco = read('certificateIssuerIco') || organiserIco;
  if (!/^\d{8}$/.test(certificateIssuerIco)) {
    fail('certificateIssuerIco', `must be an IČO of 8 digits, got '${certificateIssuerIco}'`);
  }
  const certificateSignatoryName = required('certificateSignatoryName');
  const certificateSignatoryRole = required('certificateSignatoryRole');
  const certificateNumberPrefix =
    read('certificateNumberPrefix') ?? defaults.certificateNumberPrefix;
  if (!/^[A-Z]{1,8}$/.test(certificateNumberPrefix)) {
    fail(
      'certificateNumberPrefix',
      `must be 1 to 8 capital letters, got '${certificateNumberPrefix}'`,
    );
  }
  const certificateRetentionYears = positiveInteger(
    'certificateRetentionYears',
    read('certificateRetentionYears') ?? defaults.certificateRetentionYears,
  );

  return {
    certificateIssuer,
    certificateIssuerIco,
    certificateSignatoryName,
    certificateSignatoryRole,
    certificateNumberPrefix,
    certificateRetentionYears,
    mailFrom,
    mailFromName,
    contactEmail,
    contactPhone,
    contactAddress,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(domainName && certificateArn ? { customDomain: { domainName, certificateArn } } : {}),
    dpoContact,
    sesIdentity,
    exportRecipients: exportRecipients.join(','),
    retentionDays,
    sesMaxSendRate,
    reminderOffsetsHours,
    organiserName,
    organiserIco,
    rateLimits,
    registrationsPerClientPerHour,
    registrationsPerEmailPerDay,
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(cognitoDomainPrefix ? { cognitoDomainPrefix } : {}),
    placeholders,
  };
}
