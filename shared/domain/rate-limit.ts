import { createHmac } from 'node:crypto';
import { type PluralForms, pluralCs } from './czech-plural';

/*
 * Registration limits per client address and per email address, counted in fixed windows: an
 * hour for a client (00:00–01:00, 01:00–02:00 … UTC), a day for an email address (UTC days).
 * A fixed window lets one counter item per key and window do the whole job inside the
 * registration's transaction; its price is that a client may use two windows' worth across a
 * window boundary, which stays within a small factor of the limit.
 */

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;

export interface RateLimitSettings {
  /** Off (RATE_LIMITS=off) for load tests and benchmarks. */
  enabled: boolean;
  /** Registrations one client address may make per hour, across all events. */
  perClientPerHour: number;
  /** Registrations one email address may receive per day, across all events. */
  perEmailPerDay: number;
}

export type LimitedBy = 'client' | 'email' | 'event-client';

/** One counter the registration's transaction increments on the condition that it is below `limit`. */
export interface RateCounter {
  limitedBy: LimitedBy;
  /** Identifies the counter item: the kind, the keyed hash (and event) and the window start. */
  key: string;
  limit: number;
  /** When the window ends: the counter resets and the refused person can try again. */
  windowEndsAtMs: number;
  /** Epoch seconds for the table's TTL: a while after the window ends, never before. */
  expiresAt: number;
}

export function windowStart(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs) * windowMs;
}

function counter(
  limitedBy: LimitedBy,
  subject: string,
  limit: number,
  nowMs: number,
  windowMs: number,
): RateCounter {
  const start = windowStart(nowMs, windowMs);
  const end = start + windowMs;
  return {
    limitedBy,
    key: `${limitedBy}#${subject}#${new Date(start).toISOString()}`,
    limit,
    windowEndsAtMs: end,
    // An hour's slack: TTL deletes lazily anyway, and the window in the key keeps a late
    // deletion from ever counting against the next window.
    expiresAt: Math.ceil((end + hourMs) / 1000),
  };
}

/**
 * The counters a registration increments. `clientHash` is absent where the platform gives no
 * client address (a request made in-process, never one over the network).
 */
export function registrationCounters(
  settings: RateLimitSettings,
  subjects: { clientHash?: string; emailHash: string },
  nowMs: number,
): RateCounter[] {
  if (!settings.enabled) return [];
  return [
    ...(subjects.clientHash
      ? [counter('client', subjects.clientHash, settings.perClientPerHour, nowMs, hourMs)]
      : []),
    counter('email', subjects.emailHash, settings.perEmailPerDay, nowMs, dayMs),
  ];
}

/**
 * An event's raised per-client allowance, used once the client's default hourly allowance is
 * spent: the registrations beyond the default are counted for that event alone, up to
 * `allowance − default`. So from one client address an event with allowance A takes at most
 * max(default, A) registrations an hour, and the other events still only the default.
 * Undefined when the event has no raised allowance.
 */
export function eventAllowanceCounter(
  settings: RateLimitSettings,
  allowancePerHour: number | undefined,
  subjects: { clientHash: string; eventId: string },
  nowMs: number,
): RateCounter | undefined {
  if (!settings.enabled || !allowancePerHour || allowancePerHour <= settings.perClientPerHour) {
    return undefined;
  }
  return counter(
    'event-client',
    `${subjects.eventId}#${subjects.clientHash}`,
    allowancePerHour - settings.perClientPerHour,
    nowMs,
    hourMs,
  );
}

/** Whole seconds until the counter's window ends (at least one), for Retry-After. */
export function retryAfterSeconds(counter: Pick<RateCounter, 'windowEndsAtMs'>, nowMs: number) {
  return Math.max(1, Math.ceil((counter.windowEndsAtMs - nowMs) / 1000));
}

const minutes: PluralForms = { one: 'minutu', few: 'minuty', many: 'minut' };
const hours: PluralForms = { one: 'hodinu', few: 'hodiny', many: 'hodin' };

/** "za 25 minut", "za 3 hodiny": when the refused person can try again. */
export function tryAgainIn(seconds: number): string {
  if (seconds < 90 * 60) {
    const m = Math.max(1, Math.ceil(seconds / 60));
    return `za ${m} ${pluralCs(m, minutes)}`;
  }
  const h = Math.ceil(seconds / 3600);
  return `za ${h} ${pluralCs(h, hours)}`;
}

/** What a refused person reads: why, when to try again, and whom to ask. */
export function rateLimitMessage(limitedBy: LimitedBy, retryAfter: number): string {
  if (limitedBy === 'email') {
    return (
      'Na tuto e-mailovou adresu už dnes přišlo příliš mnoho registrací. ' +
      `Zkuste to prosím znovu ${tryAgainIn(retryAfter)}, nebo napište pořadateli akce.`
    );
  }
  return (
    'Z vašeho připojení k internetu přišlo během této hodiny příliš mnoho registrací. ' +
    `Zkuste to prosím znovu ${tryAgainIn(retryAfter)}. Registruje-li se z jednoho úřadu ` +
    'víc kolegů najednou, napište pořadateli akce, může jim registrace povolit.'
  );
}

/** The field a refusal belongs to in `{ errors: [{ field, code, message }] }`. */
export function rateLimitField(limitedBy: LimitedBy): string {
  return limitedBy === 'email' ? 'email' : 'body';
}

/**
 * An HMAC whose key is derived from the link signing secret and a label naming its use, so one
 * secret serves every keyed hash and no two uses share a key. base64url, 43 characters.
 */
export function keyedDigest(linkSigningSecret: string, label: string): (value: string) => string {
  const key = createHmac('sha256', linkSigningSecret).update(label).digest();
  return (value) => createHmac('sha256', key).update(value).digest('base64url');
}

/**
 * Keyed hashes of the limited subjects. The key is derived from the link signing secret
 * (HMAC of a fixed label), so no second secret is needed and a stored hash cannot be reversed
 * by hashing every IPv4 address without it.
 */
export function createSubjectHasher(linkSigningSecret: string) {
  const keyed = keyedDigest(linkSigningSecret, 'rate-limit-subjects/v1');
  const digest = (kind: string, value: string) => keyed(`${kind}:${value}`).slice(0, 22);
  return {
    /** A client address as the platform reports it (IPv4 or IPv6 text). */
    client: (address: string) => digest('client', clientSubject(address)),
    email: (normalisedEmail: string) => digest('email', normalisedEmail),
  };
}

export type SubjectHasher = ReturnType<typeof createSubjectHasher>;

/**
 * What one client is, from its address: an IPv4 address as it is, an IPv6 address by its /64
 * prefix, since one IPv6 host commonly owns a whole /64 and could otherwise take a new address
 * for every request. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function clientSubject(address: string): string {
  const text = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (mapped?.[1]) return mapped[1];
  if (!text.includes(':')) return text;
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The keyed hash of a normalised email address that table keys use (email claims, the
 * suppression list, the per-person index): without the secret a dictionary of addresses
 * cannot reverse it, unlike a plain SHA-256.
 */
export function createAddressHasher(secret: string | (() => string)): AddressHasher {
  // Derived on first use: functions that hold an event repository but never touch an email
  // claim (reminders, surveys, the outbox sweep) need no secret for it, and are not given one.
  let keyed: ((value: string) => string) | undefined;
  return (normalisedEmail) => {
    keyed ??= keyedDigest(
      typeof secret === 'function' ? secret() : secret,
      'email-address-keys/v1',
    );
    return keyed(`address:${normalisedEmail}`);
  };
}

export type AddressHasher = (normalisedEmail: string) => string;
