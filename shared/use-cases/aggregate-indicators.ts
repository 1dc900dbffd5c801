import type { TrainingEvent } from '../domain/event';
import {
  buildEventRollup,
  type CountedAnswer,
  type CountedRegistration,
  computeYearIndicators,
  type EventRollup,
  indicatorsCsv,
  isHeld,
  type PeriodIndicators,
  type PersonKeyer,
  pragueCalendarPeriod,
  publicIndicators,
  type RolledUpEvent,
  rollupNeedsRefresh,
} from '../domain/indicators';
import type { MailMessage } from '../domain/mail-message';
import { pragueLocalToUtcIso, pragueParts } from '../domain/prague-time';
import type { ExportFile } from './ports';

export interface AggregateIndicatorsDeps {
  events: {
    listEventsByStart(range: { from?: string; to?: string }): Promise<TrainingEvent[]>;
  };
  rollups: {
    getStates(eventIds: string[]): Promise<Map<string, { rollup?: EventRollup; dirtyAt?: string }>>;
    readActivity(
      eventId: string,
    ): Promise<{ registrations: CountedRegistration[]; answers: CountedAnswer[] }>;
    putRollup(rollup: EventRollup): Promise<void>;
  };
  indicators: { putPeriods(periods: PeriodIndicators[]): Promise<void> };
  exports: { put(file: ExportFile): Promise<void> };
  mail: { enqueue(messages: MailMessage[]): Promise<void> };
  personKey: PersonKeyer;
  exportRecipients: string[];
}

export interface AggregationSummary {
  asOf: string;
  years: number[];
  eventsRead: number;
  eventsHeld: number;
  rollupsRecomputed: number;
  rollupsReused: number;
  periodsWritten: number;
  files: string[];
  mailsQueued: number;
  indicators: Record<
    number,
    Pick<
      PeriodIndicators,
      'eventsHeld' | 'modernTechEventsHeld' | 'organisationsInvolved' | 'participants'
    >
  >;
}

/** Rollups recounted at once; each reads one event partition. */
const rollupConcurrency = 8;

async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

function pragueDate(iso: string): string {
  const p = pragueParts(iso);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function parseRecipients(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The nightly aggregation, as of `now`.
 * 1. List the events of the previous and the current Prague year through the byStart index.
 * 2. Read the stored rollup (and dirty marker) of each held event; recount the rollups that
 *    are missing, stale or still settling from that event's registrations and answers.
 * 3. Compute every period of both years from the rollups and put them as whole items.
 * 4. Write CSV and JSON exports (dated and latest) and queue one email per recipient.
 *
 * Cost: O(E) small reads for the E events of two years (one index query, batched gets of
 * their rollups) plus O(R) for the registrations R of only the events that ended in the last
 * rollupSettleDays or changed since their last rollup; registrations of settled events are
 * never read again, so a night costs the same after ten years as after one. It runs in one
 * invocation: a region holds hundreds of events a year, so no SQS fan-out is needed yet; the
 * recount of one event is the unit a fan-out would queue.
 * Re-runnable: every write is a whole item computed from stored facts, never an increment,
 * so a second run (or one after a crash half-way) leaves the same items behind.
 */
export async function aggregateIndicators(
  deps: AggregateIndicatorsDeps,
  now: Date,
): Promise<AggregationSummary> {
  const nowIso = now.toISOString();
  const nowMs = now.getTime();
  const currentYear = pragueParts(nowIso).year;
  const years = [currentYear - 1, currentYear];

  // Stored start times may carry an offset instead of Z, so the index range is a day wider on
  // each side and the Prague year is decided on the parsed instant below.
  const dayMs = 86_400_000;
  const from = new Date(
    Date.parse(pragueLocalToUtcIso(`${currentYear - 1}-01-01T00:00`)) - dayMs,
  ).toISOString();
  const to = new Date(
    Date.parse(pragueLocalToUtcIso(`${currentYear + 1}-01-01T00:00`)) + dayMs,
  ).toISOString();
  // Test events (the deployment smoke test) are no training anyone attended.
  const events = (await deps.events.listEventsByStart({ from, to })).filter(
    (event) => !event.hidden && years.includes(pragueCalendarPeriod(event.startsAt).year),
  );
  const held = events.filter((event) => isHeld(event, nowMs));

  const states = await deps.rollups.getStates(held.map((e) => e.id));
  const rollups = new Map<string, EventRollup>();
  const stale: TrainingEvent[] = [];
  for (const event of held) {
    const state = states.get(event.id) ?? {};
    if (rollupNeedsRefresh(event, state.rollup, state.dirtyAt)) stale.push(event);
    else if (state.rollup) rollups.set(event.id, state.rollup);
  }
  await forEachLimited(stale, rollupConcurrency, async (event) => {
    const { registrations, answers } = await deps.rollups.readActivity(event.id);
    const dirtySeen = states.get(event.id)?.dirtyAt;
    const rollup = buildEventRollup({
      event,
      registrations,
      answers,
      personKey: deps.personKey,
      computedAt: nowIso,
      ...(dirtySeen ? { dirtySeen } : {}),
    });
    await deps.rollups.putRollup(rollup);
    rollups.set(event.id, rollup);
  });

  const rolledUp: RolledUpEvent[] = events.map((event) => ({
    event,
    rollup: rollups.get(event.id),
  }));
  const byYear = new Map(
    years.map((year) => [year, computeYearIndicators(year, rolledUp, nowMs, nowIso)]),
  );
  const allPeriods = [...byYear.values()].flat();
  await deps.indicators.putPeriods(allPeriods);

  const date = pragueDate(nowIso);
  const files: ExportFile[] = [];
  let currentCsv = '';
  for (const [year, periods] of byYear) {
    const csv = indicatorsCsv(periods);
    const json = `${JSON.stringify(publicIndicators(year, periods), null, 2)}\n`;
    const csvFile = { body: csv, contentType: 'text/csv; charset=utf-8' };
    const jsonFile = { body: json, contentType: 'application/json; charset=utf-8' };
    const names = [`indicators/${year}/${date}`, `indicators/${year}/latest`];
    if (year === currentYear) {
      names.push('indicators/latest');
      currentCsv = csv;
    }
    for (const name of names) {
      files.push({ ...csvFile, key: `${name}.csv`, filename: `indikatory-${year}.csv` });
      files.push({ ...jsonFile, key: `${name}.json`, filename: `indikatory-${year}.json` });
    }
  }
  for (const file of files) await deps.exports.put(file);

  // The dated key names the day's file, so a re-run the same night maps to the same mail
  // dedupe key and each recipient gets the export once.
  const csvKey = `indicators/${currentYear}/${date}.csv`;
  const messages: MailMessage[] = deps.exportRecipients.map((recipient) => ({
    kind: 'indicator-export',
    recipient,
    year: currentYear,
    csvKey,
    generatedAt: nowIso,
    // The file itself travels with the message, so that the mailer needs no S3 client.
    csv: currentCsv,
  }));
  await deps.mail.enqueue(messages);

  const indicators: AggregationSummary['indicators'] = {};
  for (const [year, periods] of byYear) {
    const whole = periods.find((p) => p.period === 'YEAR');
    indicators[year] = {
      eventsHeld: whole?.eventsHeld ?? 0,
      modernTechEventsHeld: whole?.modernTechEventsHeld ?? 0,
      organisationsInvolved: whole?.organisationsInvolved ?? 0,
      participants: whole?.participants ?? 0,
    };
  }
  return {
    asOf: nowIso,
    years,
    eventsRead: events.length,
    eventsHeld: held.length,
    rollupsRecomputed: stale.length,
    rollupsReused: held.length - stale.length,
    periodsWritten: allPeriods.length,
    files: files.map((f) => f.key),
    mailsQueued: messages.length,
    indicators,
  };
}
