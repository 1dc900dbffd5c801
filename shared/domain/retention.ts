import type { TrainingEvent } from './event';

/*
 * The retention rule: a set number of days after an event ends, its registrations lose every
 * contact detail. What the indicators count stays (role, organisation, IČO, status, attendance)
 * and a pseudonymous person key replaces the address, so the indicators do not move.
 */

const dayMs = 86_400_000;

/*
 * How long each kind of personal data outside the registrations is kept, in days: the adapters
 * write these as DynamoDB TTLs, and the privacy notice can quote them from here. Registrations,
 * email claims, the per-person index, survey invitations and answers' free text go with the
 * retention purge, RETENTION_DAYS after the event ends, whichever comes first.
 */

/**
 * How long a suppressed address (a keyed hash, never the address) keeps blocking mail. Two years:
 * long past any bounce of a mistyped address, short enough that a reused mailbox gets mail again.
 */
export const suppressionKeepDays = 730;

/** Sent-mail records (ids of the registration and the email, no address) outlive any redelivery. */
export const sentMailKeepDays = 90;

/** Outbox entries (they hold the address) the sweeper never reached are dropped by then. */
export const mailOutboxKeepDays = 14;

/** Survey invitations, counted from the survey's close (the purge may remove them earlier). */
export const surveyInvitationKeepDays = 30;

/** Audit items of data-subject requests (who, when, the address's keyed hash, what). */
export const dataSubjectAuditKeepDays = 5 * 365 + 1;

/** DynamoDB point-in-time recovery keeps a restorable copy of the table this long. */
export const pointInTimeRecoveryDays = 35;

/** Events that ended at or before this instant are due for the purge. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * dayMs);
}

export function isDueForPurge(event: Pick<TrainingEvent, 'endsAt'>, cutoff: Date): boolean {
  return Date.parse(event.endsAt) <= cutoff.getTime();
}

/**
 * What a purged registration keeps. An allowlist rather than a list of what to remove, so a
 * contact field added to registrations later is purged without anyone remembering this file.
 */
export const keptRegistrationAttributes: ReadonlySet<string> = new Set([
  'pk',
  'sk',
  'id',
  'eventId',
  'role',
  'organisationName',
  'ico',
  'status',
  'source',
  'createdAt',
  'confirmedAt',
  'cancelledAt',
  'attendedAt',
  'personKey',
  'purgedAt',
]);

/**
 * Free-text fields of a survey answer: people write names into them, so the purge removes them
 * with the contact data. The ratings stay (the indicators count them).
 */
export const answerFreeTextAttributes = ['comment', 'topics'] as const;

/** True while the stored registration still holds anything the allowlist does not keep. */
export function needsPurge(item: Record<string, unknown>): boolean {
  return Object.keys(item).some((name) => !keptRegistrationAttributes.has(name));
}

/**
 * The purged form of a stored registration item. `personKey` is the pseudonym the indicators
 * count the person by (see createPersonKeyer); it is computed from the address before the
 * address goes, and kept if an earlier purge already wrote it.
 */
export function purgedRegistrationItem(
  item: Record<string, unknown>,
  personKey: string,
  nowIso: string,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (keptRegistrationAttributes.has(name)) kept[name] = value;
  }
  kept.personKey = typeof item.personKey === 'string' ? item.personKey : personKey;
  kept.purgedAt = typeof item.purgedAt === 'string' ? item.purgedAt : nowIso;
  return kept;
}

/**
 * Where the next run starts reading events by start: the smallest start key of an event that
 * is still waiting (it started before the cutoff but has not ended long enough), else the
 * cutoff itself. Never beyond an event left unpurged, so nothing is skipped.
 */
export function nextWatermark(
  waiting: Pick<TrainingEvent, 'startsAt'>[],
  cutoff: Date,
  previous: string | undefined,
): string {
  const candidates = [cutoff.toISOString(), ...waiting.map((e) => e.startsAt)].sort();
  const next = candidates[0] ?? cutoff.toISOString();
  return previous && previous > next ? previous : next;
}
