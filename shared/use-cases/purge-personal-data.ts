import type { TrainingEvent } from '../domain/event';
import type { CountedRegistration } from '../domain/indicators';
import type { AddressHasher } from '../domain/rate-limit';
import {
  isDueForPurge,
  needsPurge,
  nextWatermark,
  purgedRegistrationItem,
  retentionCutoff,
} from '../domain/retention';

export interface DueEntry {
  eventId: string;
  arms: number;
}

/** Due entries read per run; more wait for the next night (the summary says so). */
const dueBatch = 500;

export interface PurgePersonalDataDeps {
  events: {
    listEventsByStart(range: { from?: string; to?: string }): Promise<TrainingEvent[]>;
    getEvent(eventId: string): Promise<TrainingEvent | undefined>;
  };
  /** The sparse index of events holding personal data, by their end (see armRetentionDue). */
  due: {
    due(cutoff: Date, limit: number): Promise<{ entries: DueEntry[]; more: boolean }>;
    reschedule(eventId: string, endsAt: string): Promise<void>;
    disarm(entry: DueEntry, nowIso: string): Promise<boolean>;
  };
  purge: {
    getWatermark(): Promise<string | undefined>;
    putWatermark(startKey: string, nowIso: string): Promise<void>;
    purgedEventIds(eventIds: string[]): Promise<Set<string>>;
    registrationItems(eventId: string): Promise<Record<string, unknown>[]>;
    getRegistrationItem(
      eventId: string,
      registrationId: string,
    ): Promise<Record<string, unknown> | undefined>;
    replaceRegistration(
      before: Record<string, unknown>,
      after: Record<string, unknown>,
    ): Promise<boolean>;
    deleteEmailClaims(eventId: string): Promise<number>;
    /** Removes entries of the per-person index (keyed hash of the address, registration). */
    deletePersonEntries(
      entries: { addressHash: string; eventId: string; registrationId: string }[],
    ): Promise<void>;
    deleteSurveyInvitations(eventId: string): Promise<number>;
    removeAnswerComments(eventId: string): Promise<number>;
    markPurged(eventId: string, nowIso: string, registrations: number): Promise<void>;
  };
  /** The indicators' pseudonym of a person; kept on the purged registration. */
  personKey: (registration: CountedRegistration) => string;
  addressHash: AddressHasher;
  retentionDays: number;
}

export interface PurgeSummary {
  asOf: string;
  cutoff: string;
  eventsChecked: number;
  eventsPurged: number;
  registrationsPurged: number;
  emailClaimsDeleted: number;
  surveyInvitationsDeleted: number;
  answerCommentsRemoved: number;
  /** Events found through the due-time index (late writes, back-dated events included). */
  dueEntriesRead: number;
  dueEntriesLeft: boolean;
  watermark: string;
}

function personKeyOfItem(
  item: Record<string, unknown>,
  personKey: PurgePersonalDataDeps['personKey'],
): string {
  return personKey({
    id: String(item.id ?? item.sk),
    ...(typeof item.email === 'string' ? { email: item.email } : {}),
    ...(typeof item.personKey === 'string' ? { personKey: item.personKey } : {}),
  } as CountedRegistration);
}

/** At most this many attempts per registration that someone changes while it is purged. */
const maxAttempts = 3;

/**
 * Replaces one stored registration with its purged form (contact data gone, the indicators'
 * person key kept) and removes its per-person index entry. Retried with a fresh read when
 * someone changes the registration meanwhile. True when something was removed.
 */
export async function purgeRegistration(
  deps: Pick<PurgePersonalDataDeps, 'purge' | 'personKey' | 'addressHash'>,
  listed: Record<string, unknown>,
  nowIso: string,
): Promise<boolean> {
  const eventId = String(listed.eventId);
  let item: Record<string, unknown> | undefined = listed;
  for (let attempt = 1; item && needsPurge(item); attempt++) {
    const after = purgedRegistrationItem(item, personKeyOfItem(item, deps.personKey), nowIso);
    if (await deps.purge.replaceRegistration(item, after)) {
      if (typeof item.email === 'string') {
        await deps.purge.deletePersonEntries([
          { addressHash: deps.addressHash(item.email), eventId, registrationId: String(item.id) },
        ]);
      }
      return true;
    }
    if (attempt >= maxAttempts) {
      throw new Error(`Registration ${String(item.sk)} of event ${eventId} kept changing`);
    }
    item = await deps.purge.getRegistrationItem(eventId, String(item.id));
  }
  return false;
}

async function purgeEvent(
  deps: PurgePersonalDataDeps,
  eventId: string,
  nowIso: string,
): Promise<{ registrations: number; claims: number; invitations: number; comments: number }> {
  let purged = 0;
  for (const listed of await deps.purge.registrationItems(eventId)) {
    if (await purgeRegistration(deps, { ...listed, eventId }, nowIso)) purged++;
  }
  const claims = await deps.purge.deleteEmailClaims(eventId);
  const invitations = await deps.purge.deleteSurveyInvitations(eventId);
  const comments = await deps.purge.removeAnswerComments(eventId);
  return { registrations: purged, claims, invitations, comments };
}

/**
 * The nightly retention purge, as of `now`.
 * 1. Read the due-time index up to the cutoff (now − retention days): every write of personal
 *    data to an event puts the event there under its end, so a walk-in added to a purged event,
 *    a back-dated event or a late comment is found however late it was written. An entry found
 *    early (its event's end moved, or it predates the schedule) is moved to the event's end.
 * 2. Read events by start from the watermark up to the cutoff through the byStart index, for
 *    events stored before the due-time index existed; events with the purge marker are skipped
 *    here (a later write would have put them into the index again).
 * 3. Per event: replace each registration with its purged form (contact data gone, the
 *    indicators' person key kept), delete the email claims and survey invitations, remove the
 *    answers' comments, then write the marker and take the event out of the index, unless a
 *    write put it back meanwhile (the next night purges that write).
 * 4. Move the watermark to the first event still waiting.
 * Safe to run again at any point: a purged registration has nothing left to remove.
 */
export async function purgePersonalData(
  deps: PurgePersonalDataDeps,
  now: Date,
): Promise<PurgeSummary> {
  const nowIso = now.toISOString();
  const cutoff = retentionCutoff(now, deps.retentionDays);
  const totals = { events: 0, registrations: 0, claims: 0, invitations: 0, comments: 0 };
  const purgeAndMark = async (eventId: string) => {
    const result = await purgeEvent(deps, eventId, nowIso);
    await deps.purge.markPurged(eventId, nowIso, result.registrations);
    totals.events++;
    totals.registrations += result.registrations;
    totals.claims += result.claims;
    totals.invitations += result.invitations;
    totals.comments += result.comments;
  };

  const due = await deps.due.due(cutoff, dueBatch);
  const purgedNow = new Set<string>();
  for (const entry of due.entries) {
    const event = await deps.events.getEvent(entry.eventId);
    if (event && !isDueForPurge(event, cutoff)) {
      await deps.due.reschedule(event.id, event.endsAt);
      continue;
    }
    await purgeAndMark(entry.eventId);
    purgedNow.add(entry.eventId);
    await deps.due.disarm(entry, nowIso);
  }

  const watermark = await deps.purge.getWatermark();
  // A run as of an earlier time than the last one (a manual re-run) has nothing left to read.
  const events =
    watermark && watermark > cutoff.toISOString()
      ? []
      : await deps.events.listEventsByStart({
          ...(watermark ? { from: watermark } : {}),
          to: cutoff.toISOString(),
        });
  const alreadyPurged = await deps.purge.purgedEventIds(events.map((e) => e.id));
  const waiting: TrainingEvent[] = [];
  for (const event of events) {
    if (alreadyPurged.has(event.id) || purgedNow.has(event.id)) continue;
    if (!isDueForPurge(event, cutoff)) {
      waiting.push(event);
      continue;
    }
    await purgeAndMark(event.id);
  }
  const next = nextWatermark(waiting, cutoff, watermark);
  await deps.purge.putWatermark(next, nowIso);
  return {
    asOf: nowIso,
    cutoff: cutoff.toISOString(),
    eventsChecked: events.length,
    eventsPurged: totals.events,
    registrationsPurged: totals.registrations,
    emailClaimsDeleted: totals.claims,
    surveyInvitationsDeleted: totals.invitations,
    answerCommentsRemoved: totals.comments,
    dueEntriesRead: due.entries.length,
    dueEntriesLeft: due.more,
    watermark: next,
  };
}
