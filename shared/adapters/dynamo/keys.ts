import { createHash } from 'node:crypto';
import { table } from '../../resources';

/**
 * Every key format of the single table, in one place. Items of one event share its partition,
 * so an event's registrations, reminders and survey state are read with one query and changed in
 * one transaction.
 */

/**
 * The unkeyed digest keys used before addresses were hashed with a secret (see
 * createAddressHasher); only the migration (infra/migrate-address-hashes.ts) still computes it.
 */
export function legacyEmailDigest(normalisedEmail: string): string {
  return createHash('sha256').update(normalisedEmail).digest('base64url');
}

/** Dedupe keys hold kinds and ids of any length; a digest keeps every key short and uniform. */
function dedupeDigest(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('base64url');
}

const eventPrefix = 'EVENT#';
const suppressedPrefix = 'SUPPRESSED#';

type IndexKey = Record<string, string>;

/** The index attributes an item carries to appear in an index (named in shared/resources.ts). */
function byStartKey(partition: string, sort: string): IndexKey {
  const index = table.indexes.byStart;
  return { [index.partitionKey]: partition, [index.sortKey]: sort };
}

function byDueTimeKey(partition: string, sort: string): IndexKey {
  const index = table.indexes.byDueTime;
  return { [index.partitionKey]: partition, [index.sortKey]: sort };
}

/** The rest of `value` after `prefix`, or undefined when it does not start with it. */
function after(prefix: string, value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(prefix) && value.length > prefix.length
    ? value.slice(prefix.length)
    : undefined;
}

export const keys = {
  event: (eventId: string) => ({ pk: `${eventPrefix}${eventId}`, sk: 'EVENT' }),
  eventPartition: (eventId: string) => `${eventPrefix}${eventId}`,
  /** All events sit in one index partition: a region holds hundreds of events a year, not millions. */
  eventsByStart: (startsAt: string, eventId: string) =>
    byStartKey(keys.eventsByStartPartition, `${startsAt}#${eventId}`),
  eventsByStartPartition: 'EVENTS',
  registration: (eventId: string, registrationId: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `REG#${registrationId}`,
  }),
  registrationPrefix: 'REG#',
  /**
   * A waiting person's place in line, written and removed in the transactions that put them on
   * the waiting list and take them off it. Sorted by registration time, so the longest-waiting
   * person is the first item of one query, however long the line.
   */
  waitlistEntry: (eventId: string, registeredAt: string, registrationId: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `WAIT#${registeredAt}#${registrationId}`,
  }),
  waitlistPrefix: 'WAIT#',
  /** Guards "one registration per normalised email per event" with a conditional put. */
  emailClaim: (eventId: string, addressHash: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `EMAIL#${addressHash}`,
  }),
  /** One reminder item per event and offset; the sweeper fans it out to the registrants. */
  reminder: (eventId: string, offsetHours: number) => ({
    pk: `EVENT#${eventId}`,
    sk: `REMINDER#${String(offsetHours).padStart(4, '0')}`,
  }),
  reminderPrefix: 'REMINDER#',
  /** Pending reminders are keyed by due time in the sparse index; sent ones drop out of it. */
  reminderDue: (dueAt: string, eventId: string, offsetHours: number) =>
    byDueTimeKey(keys.reminderDuePartition, `${dueAt}#${eventId}#${offsetHours}`),
  reminderDuePartition: 'DUE#REMINDER',
  surveyInvitation: (eventId: string, registrationId: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `SURVEY#${registrationId}`,
  }),
  surveyInvitationPrefix: 'SURVEY#',
  /** Events whose survey falls due are found through the sparse index by the survey's time. */
  surveyRun: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'SURVEYRUN' }),
  surveyDue: (dueAt: string, eventId: string) =>
    byDueTimeKey(keys.surveyDuePartition, `${dueAt}#${eventId}`),
  surveyDuePartition: 'DUE#SURVEY',
  /** Answers carry a random id and no reference to the invitation or the registration. */
  surveyAnswer: (eventId: string, answerId: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `ANSWER#${answerId}`,
  }),
  surveyAnswerPrefix: 'ANSWER#',
  /** Record of one email handed to SES, written conditionally so a redelivery sends nothing. */
  sentMail: (dedupeKey: string) => ({ pk: `MAIL#${dedupeDigest(dedupeKey)}`, sk: 'MAIL' }),
  /**
   * A mail message written in the same transaction as the change it announces, so a message
   * whose queue send never happened is still known; the outbox sweeper finds it by its due time.
   */
  mailOutbox: (dedupeKey: string) => ({ pk: `OUTBOX#${dedupeDigest(dedupeKey)}`, sk: 'OUTBOX' }),
  mailOutboxDue: (dueAt: string, dedupeKey: string) =>
    byDueTimeKey(keys.mailOutboxDuePartition, `${dueAt}#${dedupeDigest(dedupeKey)}`),
  mailOutboxDuePartition: 'DUE#OUTBOX',
  /** SES MessageId → the registration it was sent for; SES bounce events carry only the id. */
  sesMessage: (sesMessageId: string) => ({ pk: `SESMSG#${sesMessageId}`, sk: 'SESMSG' }),
  /** Email addresses never appear in keys: `addressHash` is their keyed hash (createAddressHasher). */
  suppressedAddress: (addressHash: string) => ({
    pk: `${suppressedPrefix}${addressHash}`,
    sk: 'SUPPRESSED',
  }),
  suppressedPrefix,
  /** Aggregated indicators for one period, e.g. ('2025', 'Q4') or ('2025', 'M10'). */
  indicators: (year: number, period: string) => ({ pk: `INDICATORS#${year}`, sk: period }),
  indicatorsPartition: (year: number) => `INDICATORS#${year}`,
  emailClaimPrefix: 'EMAIL#',
  /** Per-event counts the nightly aggregation reads instead of the event's registrations. */
  indicatorRollup: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'ROLLUP' }),
  /** Written by anything that changes attendance or answers late; forces a fresh rollup. */
  indicatorsDirty: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'ROLLUP#DIRTY' }),
  /**
   * Registrations counted for one keyed hash (client address or email address) in one fixed
   * window (see domain/rate-limit.ts); expires with the table's TTL after the window.
   */
  rateCounter: (counterKey: string) => ({ pk: `RATE#${counterKey}`, sk: 'RATE' }),
  /** Marks an event whose registrations' contact data the retention job has removed. */
  retentionPurged: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'PURGED' }),
  /** Last certificate number of a year; advanced in the transaction that writes the certificate. */
  certificateCounter: (year: number) => ({ pk: `CERTCOUNTER#${year}`, sk: 'COUNTER' }),
  /**
   * One register entry, in its event's partition (an event's register is one query); the
   * by-start index lists a year's register in number order and finds a number.
   */
  certificate: (eventId: string, number: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `CERT#${number}`,
  }),
  certificatePrefix: 'CERT#',
  certificatesOfYear: (year: number, number: string) =>
    byStartKey(keys.certificatesOfYearPartition(year), number),
  certificatesOfYearPartition: (year: number) => `CERTS#${year}`,
  /** The registration's current certificate: what makes issuing idempotent per registration. */
  certificateOfRegistration: (eventId: string, registrationId: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `CERTOF#${registrationId}`,
  }),
  certificateOfRegistrationPrefix: 'CERTOF#',
  /**
   * The event's retention schedule. `dueKey` (the event's end and id) is kept up to date by
   * whoever creates or edits the event; every write of personal data to the event copies it into
   * the sparse due-time index, and the purge takes it out again once it has purged the event. So
   * a walk-in added to a purged event, or a back-dated event, puts its event back on the list.
   */
  retentionDue: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'PURGEDUE' }),
  retentionDueSortKey: (endsAt: string, eventId: string) => `${endsAt}#${eventId}`,
  retentionDuePartition: 'DUE#PURGE',
  /** The retention schedule's place in the due-time index, `sortKey` as retentionDueSortKey. */
  retentionDueIndex: (sortKey: string) => byDueTimeKey(keys.retentionDuePartition, sortKey),
  /**
   * One item per registration under the keyed hash of its address, so everything held about one
   * person (Art. 15 and 17) is found with one query; removed with the contact data.
   */
  personRegistration: (addressHash: string, eventId: string, registrationId: string) => ({
    pk: `PERSON#${addressHash}`,
    sk: `REG#${eventId}#${registrationId}`,
  }),
  personPartition: (addressHash: string) => `PERSON#${addressHash}`,
  /** Who exported or erased whose data (by address hash) and when; kept five years (TTL). */
  dataSubjectAudit: (at: string, actionId: string) => ({
    pk: `AUDIT#${at.slice(0, 7)}`,
    sk: `${at}#${actionId}`,
  }),
  /** Every event starting before the watermark has been purged; the next run starts there. */
  retentionWatermark: { pk: 'RETENTION', sk: 'WATERMARK' },
} as const;

/**
 * Placeholders for the due-time index's key attributes in hand-written expressions
 * (`REMOVE #duePk, #dueSk` takes an item out of the index).
 */
export const dueIndexNames = {
  '#duePk': table.indexes.byDueTime.partitionKey,
  '#dueSk': table.indexes.byDueTime.sortKey,
} as const;

/** The reverse of the builders above: the ids a key holds, or undefined for another key. */
export const parseKeys = {
  /** The event id of an event partition's `pk` (event, registration, claim, rollup, …). */
  eventId: (pk: unknown) => after(eventPrefix, pk),
  /** The keyed address hash of a suppression's `pk`. */
  suppressedAddressHash: (pk: unknown) => after(suppressedPrefix, pk),
  /** The registration id of a registration's `sk`. */
  registrationId: (sk: unknown) => after(keys.registrationPrefix, sk),
} as const;

/** Attributes that only place an item in the table: its key, index keys and expiry. */
const storageAttributes = new Set([
  'pk',
  'sk',
  ...Object.values(table.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  'expiresAt',
]);

/** An item as the domain sees it: the table's key and index attributes removed. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageAttributes.has(name)));
}
