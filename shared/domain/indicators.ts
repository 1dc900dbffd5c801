import { createHmac } from 'node:crypto';
import * as z from 'zod/mini';
import { type Coverage, coverageOf, reachedMunicipalityIcos } from './coverage';
import { toExcelCsv } from './csv';
import {
  type EventFormat,
  eventFormats,
  type TargetGroup,
  type TrainingEvent,
  targetGroups,
} from './event';
import { lazySchema } from './lazy-schema';
import { czechMonths, formatPragueDate, formatPragueTime, pragueParts } from './prague-time';
import { normaliseEmail, type Registration, roles } from './registration';

/*
 * The counting rules of the action-plan indicators, free of storage. Two steps:
 * 1. buildEventRollup: one held event's registrations and survey answers → a small summary.
 * 2. computeYearIndicators: the events of a year and their rollups → one record per period
 *    (the year, its quarters and months, in Europe/Prague calendar time).
 */

// ---------------------------------------------------------------------------------------------
// Periods

export const quarterPeriods = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export const monthPeriods = [
  'M01',
  'M02',
  'M03',
  'M04',
  'M05',
  'M06',
  'M07',
  'M08',
  'M09',
  'M10',
  'M11',
  'M12',
] as const;
export const periodIds = ['YEAR', ...quarterPeriods, ...monthPeriods] as const;
export type PeriodId = (typeof periodIds)[number];

export function monthNameCs(month: number): string {
  return czechMonths.nominative[month - 1] ?? String(month);
}

export function periodLabelCs(period: PeriodId): string {
  if (period === 'YEAR') return 'celý rok';
  if (period.startsWith('Q')) return `${period.slice(1)}. čtvrtletí`;
  return monthNameCs(Number(period.slice(1)));
}

/** The Prague calendar year, quarter and month an instant falls in. */
export function pragueCalendarPeriod(iso: string): {
  year: number;
  quarter: (typeof quarterPeriods)[number];
  month: (typeof monthPeriods)[number];
} {
  const { year, month } = pragueParts(iso);
  return {
    year,
    quarter: quarterPeriods[Math.floor((month - 1) / 3)] ?? 'Q1',
    month: monthPeriods[month - 1] ?? 'M01',
  };
}

// ---------------------------------------------------------------------------------------------
// Which events count

/**
 * Held = published (drafts and cancelled events never count) and over: the end has passed.
 * A held event counts in the period of its start, so a two-day course over New Year's Eve
 * belongs to the year it began.
 */
export function isHeld(event: TrainingEvent, nowMs: number): boolean {
  return event.status === 'published' && Date.parse(event.endsAt) <= nowMs;
}

// ---------------------------------------------------------------------------------------------
// Organisations and persons

const legalFormSuffixes = [
  'spol s r o',
  's r o',
  'a s',
  'z s',
  'z u',
  'o p s',
  'v o s',
  'k s',
  's p',
  'p o',
  'prispevkova organizace',
  'statni podnik',
].sort((a, b) => b.length - a.length);

/**
 * The name-only identity of an organisation: case, diacritics, punctuation, whitespace and a
 * trailing legal form ("s.r.o.", "z. s.", "příspěvková organizace"…) are ignored, so
 * "ZŠ Liberec, příspěvková organizace" and "zs liberec" are one. Different wording
 * ("Město Jablonec n. N." versus "Město Jablonec nad Nisou") stays different: guessing
 * abbreviations would merge organisations that are not the same.
 */
export function normaliseOrganisationName(name: string): string {
  let value = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of legalFormSuffixes) {
      if (value === suffix) return '';
      if (value.endsWith(` ${suffix}`)) {
        value = value.slice(0, -suffix.length - 1).trim();
        changed = true;
      }
    }
  }
  return value;
}

export interface OrganisationIdentity {
  key: string;
  ico?: string;
  normalisedName: string;
  name: string;
}

/**
 * The organisation an attendance counts for, or undefined. Citizens register as persons (see
 * registration.ts), so a citizen's attendance never makes an organisation count, even if the
 * form received an organisation name. Identity is the IČO where given, else the normalised name.
 */
export function organisationOf(
  registration: Pick<Registration, 'role' | 'organisationName' | 'ico'>,
): OrganisationIdentity | undefined {
  if (registration.role === 'citizen') return undefined;
  const name = registration.organisationName?.trim() ?? '';
  const normalisedName = normaliseOrganisationName(name);
  const ico = registration.ico && /^\d{8}$/.test(registration.ico) ? registration.ico : undefined;
  if (ico) return { key: `ico:${ico}`, ico, normalisedName, name: name || `IČO ${ico}` };
  if (!normalisedName) return undefined;
  return { key: `name:${normalisedName}`, normalisedName, name };
}

/** A registration as the indicators read it: the stored form plus the purge's pseudonym. */
export type CountedRegistration = Registration & { personKey?: string };

export type PersonKeyer = (registration: CountedRegistration) => string;

/**
 * The same person across events, without keeping who they are: a keyed hash (HMAC) of the
 * normalised email, truncated to 96 bits. The retention purge stores this key on the
 * registration when it removes the address, so counting after a purge gives the same result.
 * Keyed, so a list of addresses cannot be hashed to find out who attended; rotating the
 * secret splits past from future persons in distinctPersons, nothing else. Registrations
 * without an address (walk-ins) count as a person of their own.
 */
export function createPersonKeyer(secret: string): PersonKeyer {
  const key = createHmac('sha256', secret).update('indicators:person-key:v1').digest();
  const ofEmail = (email: string) =>
    createHmac('sha256', key).update(normaliseEmail(email)).digest('base64url').slice(0, 16);
  return (registration) => {
    if (registration.personKey) return registration.personKey;
    if (registration.email) return `p:${ofEmail(registration.email)}`;
    return `r:${registration.id}`;
  };
}

// ---------------------------------------------------------------------------------------------
// Survey answers

/**
 * The fields of a stored survey answer the indicators read (scores 1–5); everything else on
 * the item is ignored and an answer that fails this shape is not counted.
 */
const score = lazySchema(() => z.number().check(z.int(), z.minimum(1), z.maximum(5)));
export const countedAnswerSchema = lazySchema(() =>
  z.object({
    satisfaction: z.optional(score),
    usefulness: z.optional(score),
    recommend: z.optional(z.boolean()),
  }),
);
export type CountedAnswer = z.infer<typeof countedAnswerSchema>;

// ---------------------------------------------------------------------------------------------
// Per-event rollup

const countRecord = lazySchema(() => z.record(z.string(), z.number()));

export const rollupOrganisationSchema = lazySchema(() =>
  z.object({
    key: z.string(),
    ico: z.optional(z.string()),
    normalisedName: z.string(),
    name: z.string(),
    attendees: z.number(),
  }),
);
export type RollupOrganisation = z.infer<typeof rollupOrganisationSchema>;

export const eventRollupSchema = lazySchema(() =>
  z.object({
    eventId: z.string(),
    version: z.literal(1),
    /** The event's registration counters when the rollup was made; a change means "recount". */
    fingerprint: z.string(),
    /** The dirty marker's time this rollup has seen. */
    dirtySeen: z.optional(z.string()),
    computedAt: z.string(),
    registrations: z.number(),
    waitlisted: z.number(),
    cancelled: z.number(),
    attendances: z.number(),
    attendancesByRole: countRecord,
    /** Pseudonymous keys of the distinct persons who attended, sorted. */
    personKeys: z.array(z.string()),
    organisations: z.array(rollupOrganisationSchema),
    answers: z.object({
      count: z.number(),
      satisfactionSum: z.number(),
      satisfactionCount: z.number(),
      usefulnessSum: z.number(),
      usefulnessCount: z.number(),
      recommendYes: z.number(),
      recommendCount: z.number(),
    }),
  }),
);
export type EventRollup = z.infer<typeof eventRollupSchema>;

/**
 * What of an event item says its registrations changed: every registration, cancellation and
 * promotion moves a counter, every organiser change moves updatedAt.
 */
export function rollupFingerprint(event: TrainingEvent): string {
  return `${event.confirmedCount}|${event.waitlistedCount}|${event.updatedAt}|${event.status}`;
}

/**
 * Attendance corrections and survey answers arrive in the weeks after an event (the survey is
 * sent the next morning, with one reminder); until this many days after the end a held
 * event's rollup is recounted every night, afterwards only when its fingerprint or its dirty
 * marker says so.
 */
export const rollupSettleDays = 45;

export function rollupNeedsRefresh(
  event: TrainingEvent,
  rollup: EventRollup | undefined,
  dirtyAt: string | undefined,
): boolean {
  if (!rollup) return true;
  if (rollup.fingerprint !== rollupFingerprint(event)) return true;
  if (dirtyAt && dirtyAt !== rollup.dirtySeen) return true;
  const settledAt = Date.parse(event.endsAt) + rollupSettleDays * 86_400_000;
  return Date.parse(rollup.computedAt) < settledAt;
}

function chooseName(names: Map<string, number>): string {
  // Deterministic regardless of the order registrations were read in.
  const sorted = [...names.entries()].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'cs') || (a[0] < b[0] ? -1 : 1),
  );
  return sorted[0]?.[0] ?? '';
}

export function buildEventRollup(input: {
  event: TrainingEvent;
  registrations: CountedRegistration[];
  answers: CountedAnswer[];
  personKey: PersonKeyer;
  computedAt: string;
  dirtySeen?: string;
}): EventRollup {
  const { event, registrations, answers, personKey } = input;
  const attendancesByRole: Record<string, number> = {};
  const persons = new Set<string>();
  const organisations = new Map<
    string,
    { identity: OrganisationIdentity; names: Map<string, number>; attendees: number }
  >();
  let registered = 0;
  let waitlisted = 0;
  let cancelled = 0;
  let attendances = 0;
  for (const registration of registrations) {
    if (registration.status === 'cancelled') cancelled++;
    else registered++;
    if (registration.status === 'waitlisted') waitlisted++;
    // Attendance is a fact recorded at the door, whatever the registration's status says.
    if (!registration.attendedAt) continue;
    attendances++;
    attendancesByRole[registration.role] = (attendancesByRole[registration.role] ?? 0) + 1;
    persons.add(personKey(registration));
    const identity = organisationOf(registration);
    if (!identity) continue;
    const entry = organisations.get(identity.key) ?? { identity, names: new Map(), attendees: 0 };
    entry.attendees++;
    entry.names.set(identity.name, (entry.names.get(identity.name) ?? 0) + 1);
    organisations.set(identity.key, entry);
  }
  const answerTotals = {
    count: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
    usefulnessSum: 0,
    usefulnessCount: 0,
    recommendYes: 0,
    recommendCount: 0,
  };
  for (const answer of answers) {
    answerTotals.count++;
    if (answer.satisfaction !== undefined) {
      answerTotals.satisfactionSum += answer.satisfaction;
      answerTotals.satisfactionCount++;
    }
    if (answer.usefulness !== undefined) {
      answerTotals.usefulnessSum += answer.usefulness;
      answerTotals.usefulnessCount++;
    }
    if (answer.recommend !== undefined) {
      answerTotals.recommendCount++;
      if (answer.recommend) answerTotals.recommendYes++;
    }
  }
  return {
    eventId: event.id,
    version: 1,
    fingerprint: rollupFingerprint(event),
    ...(input.dirtySeen ? { dirtySeen: input.dirtySeen } : {}),
    computedAt: input.computedAt,
    registrations: registered,
    waitlisted,
    cancelled,
    attendances,
    attendancesByRole,
    personKeys: [...persons].sort(),
    organisations: [...organisations.values()]
      .map(({ identity, names, attendees }) => ({
        key: identity.key,
        ...(identity.ico ? { ico: identity.ico } : {}),
        normalisedName: identity.normalisedName,
        name: chooseName(names),
        attendees,
      }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    answers: answerTotals,
  };
}

// ---------------------------------------------------------------------------------------------
// Indicators of a period

const breakdownSchema = lazySchema(() =>
  z.record(z.string(), z.object({ eventsHeld: z.number(), participants: z.number() })),
);

export const periodIndicatorsSchema = lazySchema(() =>
  z.object({
    year: z.number(),
    period: z.enum(periodIds),
    computedAt: z.string(),
    eventsHeld: z.number(),
    modernTechEventsHeld: z.number(),
    organisationsInvolved: z.number(),
    participants: z.number(),
    distinctPersons: z.number(),
    registrations: z.number(),
    waitlisted: z.number(),
    participantsByRole: countRecord,
    byFormat: breakdownSchema,
    byTargetGroup: breakdownSchema,
    byTopic: breakdownSchema,
    surveyResponses: z.number(),
    responseRate: z.nullable(z.number()),
    averageSatisfaction: z.nullable(z.number()),
    averageUsefulness: z.nullable(z.number()),
    recommendShare: z.nullable(z.number()),
    /**
     * IČOs of the region's municipalities someone attended a held event for (any event, not only
     * modern-technology ones). Public bodies, not persons. Missing on items computed before.
     */
    reachedMunicipalities: z.optional(z.array(z.string())),
    /** Organiser-only: the organisations counted in organisationsInvolved. Never published. */
    organisations: z.array(
      z.object({ ico: z.nullable(z.string()), name: z.string(), participants: z.number() }),
    ),
  }),
);
export type PeriodIndicators = z.infer<typeof periodIndicatorsSchema>;

export interface RolledUpEvent {
  event: TrainingEvent;
  rollup: EventRollup | undefined;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function ratio(sum: number, count: number, digits: number): number | null {
  return count > 0 ? round(sum / count, digits) : null;
}

function emptyBreakdown(keysList: readonly string[]) {
  return Object.fromEntries(keysList.map((k) => [k, { eventsHeld: 0, participants: 0 }]));
}

/**
 * An organisation registered once with its IČO and once by name alone is one organisation
 * when, within the year, that normalised name appears with exactly one IČO.
 */
function nameToIco(events: RolledUpEvent[]): Map<string, string> {
  const icos = new Map<string, Set<string>>();
  for (const { rollup } of events) {
    for (const organisation of rollup?.organisations ?? []) {
      if (!organisation.ico || !organisation.normalisedName) continue;
      const set = icos.get(organisation.normalisedName) ?? new Set();
      set.add(organisation.ico);
      icos.set(organisation.normalisedName, set);
    }
  }
  const result = new Map<string, string>();
  for (const [name, set] of icos) {
    const [only] = set;
    if (set.size === 1 && only) result.set(name, only);
  }
  return result;
}

function indicatorsOf(
  year: number,
  period: PeriodId,
  events: RolledUpEvent[],
  resolveIco: Map<string, string>,
  computedAt: string,
): PeriodIndicators {
  const participantsByRole: Record<string, number> = Object.fromEntries(roles.map((r) => [r, 0]));
  const byFormat = emptyBreakdown(eventFormats);
  const byTargetGroup = emptyBreakdown(targetGroups);
  const byTopic: Record<string, { eventsHeld: number; participants: number }> = {};
  const persons = new Set<string>();
  const attendedIcos: string[] = [];
  const organisations = new Map<
    string,
    { ico: string | null; name: string; participants: number }
  >();
  const totals = {
    eventsHeld: 0,
    modernTechEventsHeld: 0,
    participants: 0,
    registrations: 0,
    waitlisted: 0,
    answers: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
    usefulnessSum: 0,
    usefulnessCount: 0,
    recommendYes: 0,
    recommendCount: 0,
  };
  for (const { event, rollup } of events) {
    const attendances = rollup?.attendances ?? 0;
    totals.eventsHeld++;
    totals.participants += attendances;
    totals.registrations += rollup?.registrations ?? 0;
    totals.waitlisted += rollup?.waitlisted ?? 0;
    const format = byFormat[event.format as EventFormat];
    if (format) {
      format.eventsHeld++;
      format.participants += attendances;
    }
    for (const group of new Set(event.targetGroups)) {
      const entry = byTargetGroup[group as TargetGroup];
      if (entry) {
        entry.eventsHeld++;
        entry.participants += attendances;
      }
    }
    for (const topic of new Set(event.topics.map((t) => t.trim()).filter(Boolean))) {
      const entry = byTopic[topic] ?? { eventsHeld: 0, participants: 0 };
      entry.eventsHeld++;
      entry.participants += attendances;
      byTopic[topic] = entry;
    }
    if (!rollup) {
      if (event.modernTechFocus) totals.modernTechEventsHeld++;
      continue;
    }
    for (const [role, count] of Object.entries(rollup.attendancesByRole)) {
      participantsByRole[role] = (participantsByRole[role] ?? 0) + count;
    }
    for (const key of rollup.personKeys) persons.add(key);
    for (const organisation of rollup.organisations) {
      const ico = organisation.ico ?? resolveIco.get(organisation.normalisedName);
      if (ico) attendedIcos.push(ico);
    }
    totals.answers += rollup.answers.count;
    totals.satisfactionSum += rollup.answers.satisfactionSum;
    totals.satisfactionCount += rollup.answers.satisfactionCount;
    totals.usefulnessSum += rollup.answers.usefulnessSum;
    totals.usefulnessCount += rollup.answers.usefulnessCount;
    totals.recommendYes += rollup.answers.recommendYes;
    totals.recommendCount += rollup.answers.recommendCount;
    if (!event.modernTechFocus) continue;
    totals.modernTechEventsHeld++;
    for (const organisation of rollup.organisations) {
      const ico = organisation.ico ?? resolveIco.get(organisation.normalisedName);
      const key = ico ? `ico:${ico}` : organisation.key;
      const entry = organisations.get(key) ?? {
        ico: ico ?? null,
        name: organisation.name,
        participants: 0,
      };
      entry.participants += organisation.attendees;
      organisations.set(key, entry);
    }
  }
  return {
    year,
    period,
    computedAt,
    eventsHeld: totals.eventsHeld,
    modernTechEventsHeld: totals.modernTechEventsHeld,
    organisationsInvolved: organisations.size,
    participants: totals.participants,
    distinctPersons: persons.size,
    registrations: totals.registrations,
    waitlisted: totals.waitlisted,
    participantsByRole,
    byFormat,
    byTargetGroup,
    byTopic: Object.fromEntries(
      Object.entries(byTopic).sort(([a], [b]) => a.localeCompare(b, 'cs')),
    ),
    surveyResponses: totals.answers,
    responseRate: ratio(totals.answers, totals.participants, 3),
    averageSatisfaction: ratio(totals.satisfactionSum, totals.satisfactionCount, 2),
    averageUsefulness: ratio(totals.usefulnessSum, totals.usefulnessCount, 2),
    recommendShare: ratio(totals.recommendYes, totals.recommendCount, 3),
    reachedMunicipalities: reachedMunicipalityIcos(attendedIcos),
    organisations: [...organisations.values()].sort(
      (a, b) => a.name.localeCompare(b.name, 'cs') || (a.ico ?? '').localeCompare(b.ico ?? ''),
    ),
  };
}

/**
 * The indicators of one Prague calendar year: the year, each quarter and each month. Only held
 * events count (see isHeld), each in the period of its start; distinct counts (persons,
 * organisations) are distinct within each period, so a year is not the sum of its months.
 */
export function computeYearIndicators(
  year: number,
  events: RolledUpEvent[],
  nowMs: number,
  computedAt: string,
): PeriodIndicators[] {
  const held = events
    .filter(({ event }) => isHeld(event, nowMs))
    .map((entry) => ({ entry, period: pragueCalendarPeriod(entry.event.startsAt) }))
    .filter(({ period }) => period.year === year);
  const resolveIco = nameToIco(held.map(({ entry }) => entry));
  return periodIds.map((period) =>
    indicatorsOf(
      year,
      period,
      held
        .filter(
          (h) => period === 'YEAR' || h.period.quarter === period || h.period.month === period,
        )
        .map((h) => h.entry),
      resolveIco,
      computedAt,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Public form (API and JSON export)

const coreFields = [
  'eventsHeld',
  'modernTechEventsHeld',
  'organisationsInvolved',
  'participants',
  'distinctPersons',
  'registrations',
  'waitlisted',
  'surveyResponses',
  'responseRate',
  'averageSatisfaction',
  'averageUsefulness',
  'recommendShare',
] as const;

type CoreIndicators = Pick<PeriodIndicators, (typeof coreFields)[number]>;

function core(period: PeriodIndicators | undefined): CoreIndicators {
  return {
    eventsHeld: period?.eventsHeld ?? 0,
    modernTechEventsHeld: period?.modernTechEventsHeld ?? 0,
    organisationsInvolved: period?.organisationsInvolved ?? 0,
    participants: period?.participants ?? 0,
    distinctPersons: period?.distinctPersons ?? 0,
    registrations: period?.registrations ?? 0,
    waitlisted: period?.waitlisted ?? 0,
    surveyResponses: period?.surveyResponses ?? 0,
    responseRate: period?.responseRate ?? null,
    averageSatisfaction: period?.averageSatisfaction ?? null,
    averageUsefulness: period?.averageUsefulness ?? null,
    recommendShare: period?.recommendShare ?? null,
  };
}

export interface PublicIndicators extends CoreIndicators {
  year: number;
  generatedAt: string | null;
  participantsByRole: Record<string, number>;
  byFormat: Record<string, { eventsHeld: number; participants: number }>;
  byTargetGroup: Record<string, { eventsHeld: number; participants: number }>;
  byTopic: Record<string, { eventsHeld: number; participants: number }>;
  /** The region's municipalities reached, as a share of all and of their population. */
  coverage: Coverage;
  quarters: (CoreIndicators & { quarter: number; coverage: Coverage })[];
  months: (CoreIndicators & { month: number })[];
}

/**
 * The open-data form: counts only, built field by field so nothing organiser-only (the names
 * of organisations) can slip into it. A year never computed reads as zeros.
 */
export function publicIndicators(year: number, periods: PeriodIndicators[]): PublicIndicators {
  const byPeriod = new Map(periods.filter((p) => p.year === year).map((p) => [p.period, p]));
  const whole = byPeriod.get('YEAR');
  // Maps read back from DynamoDB lose their key order; a fixed order keeps the JSON stable.
  const zero = { eventsHeld: 0, participants: 0 };
  const topics = Object.keys(whole?.byTopic ?? {}).sort((a, b) => a.localeCompare(b, 'cs'));
  return {
    year,
    generatedAt: whole?.computedAt ?? null,
    ...core(whole),
    participantsByRole: Object.fromEntries(
      roles.map((r) => [r, whole?.participantsByRole[r] ?? 0]),
    ),
    byFormat: Object.fromEntries(eventFormats.map((f) => [f, { ...zero, ...whole?.byFormat[f] }])),
    byTargetGroup: Object.fromEntries(
      targetGroups.map((g) => [g, { ...zero, ...whole?.byTargetGroup[g] }]),
    ),
    byTopic: Object.fromEntries(topics.map((t) => [t, { ...zero, ...whole?.byTopic[t] }])),
    coverage: coverageOf(whole?.reachedMunicipalities ?? []),
    quarters: quarterPeriods.map((q, index) => ({
      quarter: index + 1,
      ...core(byPeriod.get(q)),
      coverage: coverageOf(byPeriod.get(q)?.reachedMunicipalities ?? []),
    })),
    months: monthPeriods.map((m, index) => ({ month: index + 1, ...core(byPeriod.get(m)) })),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV export

export const indicatorCsvHeaders = [
  'Rok',
  'Období',
  'Uskutečněné akce celkem',
  'Akce zaměřené na moderní technologie',
  'Zapojené subjekty',
  'Účasti na akcích',
  'Proškolené osoby',
  'Registrace',
  'Na čekací listině',
  'Odpovědi v dotazníku',
  'Míra odpovědí (%)',
  'Průměrná spokojenost (1–5)',
  'Průměrná užitečnost (1–5)',
  'Doporučili by (%)',
  'Obce s proškolenými',
  'Podíl obcí kraje (%)',
  'Podíl obyvatel kraje (%)',
  'Spočítáno',
];

function percent(value: number | null): number | null {
  return value === null ? null : round(value * 100, 1);
}

/**
 * The indicator table for Czech Excel: one row per period (year, quarters, months). Built only
 * from the stored period items, so the file the job writes and the one an organiser downloads
 * are the same bytes.
 */
export function indicatorsCsv(periods: PeriodIndicators[]): string {
  const order = new Map(periodIds.map((p, i) => [p, i]));
  const sorted = [...periods].sort(
    (a, b) => a.year - b.year || (order.get(a.period) ?? 0) - (order.get(b.period) ?? 0),
  );
  return toExcelCsv(
    indicatorCsvHeaders,
    sorted.map((p) => [
      p.year,
      periodLabelCs(p.period),
      p.eventsHeld,
      p.modernTechEventsHeld,
      p.organisationsInvolved,
      p.participants,
      p.distinctPersons,
      p.registrations,
      p.waitlisted,
      p.surveyResponses,
      percent(p.responseRate),
      p.averageSatisfaction,
      p.averageUsefulness,
      percent(p.recommendShare),
      coverageOf(p.reachedMunicipalities ?? []).reached,
      percent(coverageOf(p.reachedMunicipalities ?? []).share),
      percent(coverageOf(p.reachedMunicipalities ?? []).populationShare),
      `${formatPragueDate(p.computedAt)} ${formatPragueTime(p.computedAt)}`,
    ]),
  );
}
