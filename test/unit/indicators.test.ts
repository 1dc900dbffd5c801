import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/domain/event';
import {
  buildEventRollup,
  type CountedRegistration,
  computeYearIndicators,
  createPersonKeyer,
  type EventRollup,
  indicatorsCsv,
  isHeld,
  normaliseOrganisationName,
  organisationOf,
  type PeriodIndicators,
  pragueCalendarPeriod,
  publicIndicators,
  rollupNeedsRefresh,
  rollupSettleDays,
} from '../../shared/domain/indicators';

const personKey = createPersonKeyer('unit-test-secret-0123456789abcdef0123');
const now = Date.parse('2026-01-15T12:00:00Z');
const computedAt = '2026-01-15T12:00:00.000Z';

let sequence = 0;

function event(overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  sequence++;
  return {
    id: `E${String(sequence).padStart(25, '0')}`,
    title: 'Jak může AI usnadnit a zefektivnit práci úředníka?',
    description: '',
    format: 'training',
    topics: ['umělá inteligence'],
    modernTechFocus: true,
    startsAt: '2025-10-22T07:00:00.000Z',
    endsAt: '2025-10-22T10:00:00.000Z',
    venue: 'Magistrát města Jablonec nad Nisou',
    capacity: 60,
    targetGroups: ['clerks'],
    status: 'published',
    confirmedCount: 0,
    waitlistedCount: 0,
    revision: 0,
    createdAt: '2025-09-01T08:00:00.000Z',
    updatedAt: '2025-09-01T08:00:00.000Z',
    ...overrides,
  };
}

function attendee(
  eventId: string,
  email: string,
  overrides: Partial<CountedRegistration> = {},
): CountedRegistration {
  sequence++;
  return {
    id: `R${String(sequence).padStart(25, '0')}`,
    eventId,
    name: 'Účastník',
    email,
    role: 'clerk',
    organisationName: 'Statutární město Jablonec nad Nisou',
    ico: '00262340',
    status: 'confirmed',
    source: 'registration',
    createdAt: '2025-10-01T08:00:00.000Z',
    confirmedAt: '2025-10-01T08:00:00.000Z',
    attendedAt: '2025-10-22T07:05:00.000Z',
    ...overrides,
  };
}

function rolledUp(e: TrainingEvent, registrations: CountedRegistration[], answers = []) {
  return {
    event: e,
    rollup: buildEventRollup({ event: e, registrations, answers, personKey, computedAt }),
  };
}

function period(periods: PeriodIndicators[], id: string): PeriodIndicators {
  const found = periods.find((p) => p.period === id);
  if (!found) throw new Error(`no period ${id}`);
  return found;
}

describe('which events count', () => {
  it('counts a published event once it has ended, not before', () => {
    const e = event({ endsAt: '2025-10-22T10:00:00.000Z' });
    expect(isHeld(e, Date.parse('2025-10-22T09:59:59Z'))).toBe(false);
    expect(isHeld(e, Date.parse('2025-10-22T10:00:00Z'))).toBe(true);
  });

  it('never counts cancelled events or drafts', () => {
    const held = event();
    const cancelled = event({ status: 'cancelled' });
    const draft = event({ status: 'draft' });
    const future = event({ startsAt: '2026-03-01T08:00:00Z', endsAt: '2026-03-01T12:00:00Z' });
    const periods = computeYearIndicators(
      2025,
      [held, cancelled, draft].map((e) => rolledUp(e, [attendee(e.id, `a-${e.id}@example.cz`)])),
      now,
      computedAt,
    );
    const year = period(periods, 'YEAR');
    expect(year.eventsHeld).toBe(1);
    expect(year.modernTechEventsHeld).toBe(1);
    expect(year.participants).toBe(1);
    const nextYear = computeYearIndicators(2026, [rolledUp(future, [])], now, computedAt);
    expect(period(nextYear, 'YEAR').eventsHeld).toBe(0);
  });

  it('counts modern-tech events separately from all events', () => {
    const ai = event();
    const other = event({ modernTechFocus: false, format: 'seminar' });
    const year = period(
      computeYearIndicators(2025, [rolledUp(ai, []), rolledUp(other, [])], now, computedAt),
      'YEAR',
    );
    expect(year.eventsHeld).toBe(2);
    expect(year.modernTechEventsHeld).toBe(1);
    expect(year.byFormat.training).toEqual({ eventsHeld: 1, participants: 0 });
    expect(year.byFormat.seminar).toEqual({ eventsHeld: 1, participants: 0 });
  });
});

describe('Prague calendar periods', () => {
  it('puts an event at 23:30 UTC on 31 December into January of the next year', () => {
    expect(pragueCalendarPeriod('2025-12-31T23:30:00Z')).toEqual({
      year: 2026,
      quarter: 'Q1',
      month: 'M01',
    });
  });

  it('puts a summer-time event at 22:30 UTC on 30 June into July (Q3)', () => {
    expect(pragueCalendarPeriod('2025-06-30T22:30:00Z')).toMatchObject({
      year: 2025,
      quarter: 'Q3',
      month: 'M07',
    });
  });

  it('counts the New Year event in the January of the year it starts in', () => {
    const e = event({ startsAt: '2025-12-31T23:30:00Z', endsAt: '2026-01-01T01:00:00Z' });
    const entries = [rolledUp(e, [attendee(e.id, 'silvestr@example.cz')])];
    expect(period(computeYearIndicators(2025, entries, now, computedAt), 'YEAR').eventsHeld).toBe(
      0,
    );
    const periods2026 = computeYearIndicators(2026, entries, now, computedAt);
    expect(period(periods2026, 'M01').eventsHeld).toBe(1);
    expect(period(periods2026, 'Q1').participants).toBe(1);
    expect(period(periods2026, 'M12').eventsHeld).toBe(0);
  });

  it('writes the year, four quarters and twelve months', () => {
    const periods = computeYearIndicators(2025, [], now, computedAt);
    expect(periods.map((p) => p.period)).toEqual([
      'YEAR',
      'Q1',
      'Q2',
      'Q3',
      'Q4',
      ...Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`),
    ]);
  });
});

describe('organisations', () => {
  it('ignores case, diacritics, punctuation, whitespace and legal forms in names', () => {
    expect(normaliseOrganisationName('  ZŠ Liberec,  příspěvková organizace ')).toBe('zs liberec');
    expect(normaliseOrganisationName('zs   LIBEREC')).toBe('zs liberec');
    expect(normaliseOrganisationName('Digitální Hub, s.r.o.')).toBe('digitalni hub');
    expect(normaliseOrganisationName('Digitalni hub spol. s r. o.')).toBe('digitalni hub');
    expect(normaliseOrganisationName('Spolek Jizerka, z. s.')).toBe('spolek jizerka');
    expect(normaliseOrganisationName('s.r.o.')).toBe('');
  });

  it('keeps different wording apart', () => {
    expect(normaliseOrganisationName('Město Jablonec n. N.')).not.toBe(
      normaliseOrganisationName('Město Jablonec nad Nisou'),
    );
  });

  it('identifies by IČO where given, by name otherwise; citizens are no organisation', () => {
    expect(
      organisationOf({ role: 'clerk', organisationName: 'Město X', ico: '00262340' })?.key,
    ).toBe('ico:00262340');
    expect(organisationOf({ role: 'mayor', organisationName: 'Obec Bílý Kostel' })?.key).toBe(
      'name:obec bily kostel',
    );
    expect(
      organisationOf({ role: 'citizen', organisationName: 'Obec Bílý Kostel' }),
    ).toBeUndefined();
    expect(organisationOf({ role: 'other' })).toBeUndefined();
  });

  it('counts citizens as persons, not as entities', () => {
    const e = event();
    const year = period(
      computeYearIndicators(
        2025,
        [
          rolledUp(e, [
            attendee(e.id, 'obcan1@example.cz', {
              role: 'citizen',
              organisationName: undefined,
              ico: undefined,
            }),
            attendee(e.id, 'obcan2@example.cz', {
              role: 'citizen',
              organisationName: 'Domácnost',
              ico: undefined,
            }),
          ]),
        ],
        now,
        computedAt,
      ),
      'YEAR',
    );
    expect(year.participants).toBe(2);
    expect(year.distinctPersons).toBe(2);
    expect(year.organisationsInvolved).toBe(0);
    expect(year.participantsByRole.citizen).toBe(2);
  });

  it('counts organisations without IČO by normalised name, once', () => {
    const e = event();
    const year = period(
      computeYearIndicators(
        2025,
        [
          rolledUp(e, [
            attendee(e.id, 'a@obec.cz', {
              organisationName: 'Obec Bílý Kostel nad Nisou',
              ico: undefined,
            }),
            attendee(e.id, 'b@obec.cz', {
              organisationName: 'obec bily kostel  nad nisou',
              ico: undefined,
            }),
            attendee(e.id, 'c@jinde.cz', { organisationName: 'Obec Chrastava', ico: undefined }),
          ]),
        ],
        now,
        computedAt,
      ),
      'YEAR',
    );
    expect(year.organisationsInvolved).toBe(2);
    expect(year.organisations.map((o) => o.participants).sort()).toEqual([1, 2]);
  });

  it('merges a name-only registration into the IČO the same name has elsewhere', () => {
    const e1 = event();
    const e2 = event({ startsAt: '2025-10-29T07:00:00Z', endsAt: '2025-10-29T11:00:00Z' });
    const year = period(
      computeYearIndicators(
        2025,
        [
          rolledUp(e1, [
            attendee(e1.id, 'a@jablonec.cz', {
              organisationName: 'Statutární město Jablonec nad Nisou',
            }),
          ]),
          rolledUp(e2, [
            attendee(e2.id, 'b@jablonec.cz', {
              organisationName: 'statutarni mesto Jablonec nad Nisou',
              ico: undefined,
            }),
          ]),
        ],
        now,
        computedAt,
      ),
      'YEAR',
    );
    expect(year.organisationsInvolved).toBe(1);
    expect(year.organisations).toEqual([
      { ico: '00262340', name: 'Statutární město Jablonec nad Nisou', participants: 2 },
    ]);
  });

  it('counts the same organisation across events once per period', () => {
    const oct = event();
    const oct2 = event({ startsAt: '2025-10-31T08:00:00Z', endsAt: '2025-10-31T12:00:00Z' });
    const nov = event({ startsAt: '2025-11-05T08:00:00Z', endsAt: '2025-11-05T12:00:00Z' });
    const periods = computeYearIndicators(
      2025,
      [
        rolledUp(oct, [attendee(oct.id, 'a@jablonec.cz'), attendee(oct.id, 'b@jablonec.cz')]),
        rolledUp(oct2, [attendee(oct2.id, 'c@jablonec.cz')]),
        rolledUp(nov, [attendee(nov.id, 'd@jablonec.cz')]),
      ],
      now,
      computedAt,
    );
    expect(period(periods, 'M10').organisationsInvolved).toBe(1);
    expect(period(periods, 'M11').organisationsInvolved).toBe(1);
    expect(period(periods, 'Q4').organisationsInvolved).toBe(1);
    expect(period(periods, 'YEAR').organisationsInvolved).toBe(1);
    expect(period(periods, 'YEAR').modernTechEventsHeld).toBe(3);
  });

  it('counts organisations only from modern-tech events', () => {
    const other = event({ modernTechFocus: false });
    const year = period(
      computeYearIndicators(
        2025,
        [rolledUp(other, [attendee(other.id, 'x@jablonec.cz')])],
        now,
        computedAt,
      ),
      'YEAR',
    );
    expect(year.participants).toBe(1);
    expect(year.organisationsInvolved).toBe(0);
  });

  it('counts only organisations with an attendee', () => {
    const e = event();
    const year = period(
      computeYearIndicators(
        2025,
        [
          rolledUp(e, [
            attendee(e.id, 'no-show@liberec.cz', { attendedAt: undefined, ico: '00262978' }),
          ]),
        ],
        now,
        computedAt,
      ),
      'YEAR',
    );
    expect(year.registrations).toBe(1);
    expect(year.participants).toBe(0);
    expect(year.organisationsInvolved).toBe(0);
  });
});

describe('persons and registrations', () => {
  it('counts a person attending two events twice as participant, once as person', () => {
    const e1 = event();
    const e2 = event({ startsAt: '2025-10-29T07:00:00Z', endsAt: '2025-10-29T11:00:00Z' });
    const year = period(
      computeYearIndicators(
        2025,
        [
          rolledUp(e1, [attendee(e1.id, 'Jana.Novakova@Jablonec.cz')]),
          rolledUp(e2, [attendee(e2.id, ' jana.novakova@jablonec.cz ')]),
        ],
        now,
        computedAt,
      ),
      'YEAR',
    );
    expect(year.participants).toBe(2);
    expect(year.distinctPersons).toBe(1);
  });

  it('keeps counting a purged registration as the same person through its kept key', () => {
    const e = event();
    const original = attendee(e.id, 'petr@example.cz');
    const purged: CountedRegistration = {
      ...original,
      name: undefined,
      email: undefined,
      personKey: personKey(original),
      purgedAt: '2026-05-01T00:00:00Z',
    };
    const before = rolledUp(e, [original]).rollup;
    const after = rolledUp(e, [purged]).rollup;
    expect(after).toEqual(before);
  });

  it('does not reveal the address in the person key, and needs the secret to compute it', () => {
    const registration = attendee('E1', 'petr@example.cz');
    const key = personKey(registration);
    expect(key).not.toContain('petr');
    expect(createPersonKeyer('another-secret-0123456789abcdef01234')(registration)).not.toBe(key);
  });

  it('counts registrations, the waiting list and cancellations', () => {
    const e = event();
    const rollup = rolledUp(e, [
      attendee(e.id, 'a@x.cz'),
      attendee(e.id, 'b@x.cz', { status: 'waitlisted', attendedAt: undefined }),
      attendee(e.id, 'c@x.cz', { status: 'cancelled', attendedAt: undefined }),
    ]).rollup;
    expect(rollup).toMatchObject({ registrations: 2, waitlisted: 1, cancelled: 1, attendances: 1 });
  });
});

describe('survey answers', () => {
  it('averages satisfaction and usefulness and gives the response rate', () => {
    const e = event();
    const entry = {
      event: e,
      rollup: buildEventRollup({
        event: e,
        registrations: [
          attendee(e.id, 'a@x.cz'),
          attendee(e.id, 'b@x.cz'),
          attendee(e.id, 'c@x.cz'),
          attendee(e.id, 'd@x.cz'),
        ],
        answers: [
          { satisfaction: 5, usefulness: 4, recommend: true },
          { satisfaction: 4, usefulness: 4, recommend: false },
          { satisfaction: 4, usefulness: 3 },
        ],
        personKey,
        computedAt,
      }),
    };
    const year = period(computeYearIndicators(2025, [entry], now, computedAt), 'YEAR');
    expect(year.averageSatisfaction).toBe(4.33);
    expect(year.averageUsefulness).toBe(3.67);
    expect(year.surveyResponses).toBe(3);
    expect(year.responseRate).toBe(0.75);
    expect(year.recommendShare).toBe(0.5);
  });

  it('reports no average, not zero, when nobody answered', () => {
    const e = event();
    const year = period(
      computeYearIndicators(2025, [rolledUp(e, [attendee(e.id, 'a@x.cz')])], now, computedAt),
      'YEAR',
    );
    expect(year.averageSatisfaction).toBeNull();
    expect(year.averageUsefulness).toBeNull();
    expect(year.responseRate).toBe(0);
  });
});

describe('rollup freshness', () => {
  const e = event({ endsAt: '2025-10-22T10:00:00.000Z', confirmedCount: 3 });
  const base: EventRollup = buildEventRollup({
    event: e,
    registrations: [],
    answers: [],
    personKey,
    computedAt: '2026-01-15T00:00:00.000Z',
  });

  it('recounts when there is no rollup, or the counters moved', () => {
    expect(rollupNeedsRefresh(e, undefined, undefined)).toBe(true);
    expect(rollupNeedsRefresh({ ...e, confirmedCount: 4 }, base, undefined)).toBe(true);
    expect(rollupNeedsRefresh({ ...e, updatedAt: '2026-01-10T00:00:00Z' }, base, undefined)).toBe(
      true,
    );
  });

  it('keeps a settled rollup until its dirty marker changes', () => {
    expect(rollupNeedsRefresh(e, base, undefined)).toBe(false);
    expect(rollupNeedsRefresh(e, base, '2026-01-16T00:00:00Z')).toBe(true);
    expect(
      rollupNeedsRefresh(e, { ...base, dirtySeen: '2026-01-16T00:00:00Z' }, '2026-01-16T00:00:00Z'),
    ).toBe(false);
  });

  it('recounts while the event is still settling', () => {
    const settling = {
      ...base,
      computedAt: new Date(
        Date.parse(e.endsAt) + (rollupSettleDays - 1) * 86_400_000,
      ).toISOString(),
    };
    expect(rollupNeedsRefresh(e, settling, undefined)).toBe(true);
  });
});

describe('public form and CSV', () => {
  it('publishes counts only, never organisation names', () => {
    const e = event();
    const periods = computeYearIndicators(
      2025,
      [rolledUp(e, [attendee(e.id, 'a@jablonec.cz')])],
      now,
      computedAt,
    );
    const json = publicIndicators(2025, periods);
    expect(json).toMatchObject({
      year: 2025,
      eventsHeld: 1,
      modernTechEventsHeld: 1,
      organisationsInvolved: 1,
      participants: 1,
      averageSatisfaction: null,
    });
    expect(json.quarters).toHaveLength(4);
    expect(json.months).toHaveLength(12);
    expect(json.months[9]).toMatchObject({ month: 10, participants: 1 });
    // The municipality counts in the coverage; its district is named, never the organisation.
    expect(json.coverage).toMatchObject({ reached: 1, municipalities: 215 });
    expect(json.quarters[3]?.coverage.reached).toBe(1);
    const withoutDistricts = JSON.stringify(json).replaceAll('"district":"Jablonec nad Nisou"', '');
    expect(withoutDistricts).not.toMatch(/Jablonec|00262340|example|jablonec\.cz/);
  });

  it('reads a year never computed as zeros', () => {
    expect(publicIndicators(2024, [])).toMatchObject({
      year: 2024,
      generatedAt: null,
      eventsHeld: 0,
      averageSatisfaction: null,
    });
  });

  it('writes the CSV for Czech Excel: BOM, semicolons, Czech headers and period names', () => {
    const csv = indicatorsCsv(computeYearIndicators(2025, [], now, computedAt));
    expect(csv.startsWith('\uFEFFRok;Období;Uskutečněné akce celkem;')).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(18);
    expect(lines[1]).toMatch(/^2025;celý rok;0;0;0;/);
    expect(lines[2]).toMatch(/^2025;1\. čtvrtletí;/);
    expect(lines[17]).toMatch(/^2025;prosinec;/);
  });
});
