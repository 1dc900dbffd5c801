import type { TrainingEvent } from '../domain/event';
import type { CountedRegistration } from '../domain/indicators';
import {
  isDueForPurge,
  needsPurge,
  nextWatermark,
  purgedRegistrationItem,
  retentionCutoff,
} from '../domain/retention';

export interface PurgePersonalDataDeps {
  events: {
    listEventsByStart(range: { from?: string; to?: string }): Promise<TrainingEvent[]>;
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
    markPurged(eventId: string, nowIso: string, registrations: number): Promise<void>;
  };
  /** The indicators' pseudonym of a person; kept on the purged registration. */
  personKey: (registration: CountedRegistration) => string;
  retentionDays: number;
}

export interface PurgeSummary {
  asOf: string;
  cutoff: string;
  eventsChecked: number;
  eventsPurged: number;
  registrationsPurged: number;
  emailClaimsDeleted: number;
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

async function purgeEvent(
  deps: PurgePersonalDataDeps,
  eventId: string,
  nowIso: string,
): Promise<{ registrations: number; claims: number }> {
  let purged = 0;
  for (const listed of await deps.purge.registrationItems(eventId)) {
    let item: Record<string, unknown> | undefined = listed;
    for (let attempt = 1; item && needsPurge(item); attempt++) {
      const after = purgedRegistrationItem(item, personKeyOfItem(item, deps.personKey), nowIso);
      if (await deps.purge.replaceRegistration(item, after)) {
        purged++;
        break;
      }
      if (attempt >= maxAttempts) {
        throw new Error(`Registration ${String(item.sk)} of event ${eventId} kept changing`);
      }
      item = await deps.purge.getRegistrationItem(eventId, String(item.id));
    }
  }
  const claims = await deps.purge.deleteEmailClaims(eventId);
  return { registrations: purged, claims };
}

/**
 * The nightly retention purge, as of `now`.
 * 1. Read events by start from the watermark up to the cutoff (now − retention days) through
 *    the byStart index; events before the watermark are all purged and are not read again.
 * 2. Skip events with the purge marker (a run that crashed half-way) and those that ended
 *    after the cutoff (they wait for a later night).
 * 3. Per event: replace each registration with its purged form (contact data gone, the
 *    indicators' person key kept), delete the email claims, then write the marker.
 * 4. Move the watermark to the first event still waiting.
 * Safe to run again at any point: a purged registration has nothing left to remove.
 */
export async function purgePersonalData(
  deps: PurgePersonalDataDeps,
  now: Date,
): Promise<PurgeSummary> {
  const nowIso = now.toISOString();
  const cutoff = retentionCutoff(now, deps.retentionDays);
  const watermark = await deps.purge.getWatermark();
  const events = await deps.events.listEventsByStart({
    ...(watermark ? { from: watermark } : {}),
    to: cutoff.toISOString(),
  });
  const alreadyPurged = await deps.purge.purgedEventIds(events.map((e) => e.id));
  const waiting: TrainingEvent[] = [];
  let eventsPurged = 0;
  let registrationsPurged = 0;
  let emailClaimsDeleted = 0;
  for (const event of events) {
    if (alreadyPurged.has(event.id)) continue;
    if (!isDueForPurge(event, cutoff)) {
      waiting.push(event);
      continue;
    }
    const result = await purgeEvent(deps, event.id, nowIso);
    await deps.purge.markPurged(event.id, nowIso, result.registrations);
    eventsPurged++;
    registrationsPurged += result.registrations;
    emailClaimsDeleted += result.claims;
  }
  const next = nextWatermark(waiting, cutoff, watermark);
  await deps.purge.putWatermark(next, nowIso);
  return {
    asOf: nowIso,
    cutoff: cutoff.toISOString(),
    eventsChecked: events.length,
    eventsPurged,
    registrationsPurged,
    emailClaimsDeleted,
    watermark: next,
  };
}
