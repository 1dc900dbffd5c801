import { describe, expect, it } from 'vitest';
import {
  atPragueTime,
  formatPragueAtTime,
  formatPragueCsvDateTime,
  formatPragueDate,
  formatPragueDateAfter,
  formatPragueDateTime,
  formatPragueLongDate,
  formatPragueRange,
  formatPragueRangeInSentence,
  formatPragueShortDateTime,
  formatPragueTime,
  pragueLocalToUtcIso,
  pragueParts,
  startOfPragueDayUtc,
  timePreposition,
  utcIsoToPragueLocal,
} from '../../shared/domain/prague-time';

// 2025 transitions: 30 March 01:00Z (02:00 CET → 03:00 CEST), 26 October 01:00Z (03:00 CEST → 02:00 CET).

describe('pragueLocalToUtcIso', () => {
  it.each([
    ['summer time', '2025-10-22T09:00', '2025-10-22T07:00:00.000Z'],
    ['winter time', '2025-01-15T09:00', '2025-01-15T08:00:00.000Z'],
    ['new year midnight', '2026-01-01T00:00', '2025-12-31T23:00:00.000Z'],
    ['with seconds', '2025-10-22T09:00:30', '2025-10-22T07:00:30.000Z'],
    ['with milliseconds', '2025-10-22T09:00:30.5', '2025-10-22T07:00:30.500Z'],
  ])('converts %s', (_label, local, utc) => {
    expect(pragueLocalToUtcIso(local)).toBe(utc);
  });

  describe('spring forward, 30 March 2025', () => {
    it.each([
      ['2025-03-30T01:59', '2025-03-30T00:59:00.000Z'],
      ['2025-03-30T03:00', '2025-03-30T01:00:00.000Z'],
      ['2025-03-30T03:30', '2025-03-30T01:30:00.000Z'],
      ['2025-03-30T09:00', '2025-03-30T07:00:00.000Z'],
    ])('converts the valid time %s', (local, utc) => {
      expect(pragueLocalToUtcIso(local)).toBe(utc);
    });

    it.each([
      ['2025-03-30T02:00', '2025-03-30T01:00:00.000Z'],
      ['2025-03-30T02:30', '2025-03-30T01:30:00.000Z'],
      ['2025-03-30T02:59', '2025-03-30T01:59:00.000Z'],
    ])('moves the non-existent %s forward to the later valid time', (local, utc) => {
      expect(pragueLocalToUtcIso(local)).toBe(utc);
      // 02:30 does not exist, so it is shown as 03:30 afterwards.
      expect(utcIsoToPragueLocal(utc)).toBe(local.replace('T02:', 'T03:'));
    });
  });

  describe('fall back, 26 October 2025', () => {
    it.each([
      ['2025-10-26T01:59', '2025-10-25T23:59:00.000Z'],
      ['2025-10-26T03:00', '2025-10-26T02:00:00.000Z'],
      ['2025-10-26T09:00', '2025-10-26T08:00:00.000Z'],
    ])('converts the unambiguous time %s', (local, utc) => {
      expect(pragueLocalToUtcIso(local)).toBe(utc);
    });

    it.each([
      ['2025-10-26T02:00', '2025-10-26T00:00:00.000Z'],
      ['2025-10-26T02:30', '2025-10-26T00:30:00.000Z'],
      ['2025-10-26T02:59', '2025-10-26T00:59:00.000Z'],
    ])('resolves the ambiguous %s to the earlier (summer-time) instant', (local, utc) => {
      expect(pragueLocalToUtcIso(local)).toBe(utc);
    });
  });

  it.each([
    '',
    '2025-10-22',
    '2025-10-22 09:00',
    '2025-10-22T9:00',
    '2025-10-22T09:00Z',
    '2025-10-22T09:00+02:00',
    '2025-02-29T09:00',
    '2025-04-31T09:00',
    '2025-13-01T09:00',
    '2025-10-22T24:00',
    '2025-10-22T09:60',
    'not a date',
  ])('rejects %j', (local) => {
    expect(() => pragueLocalToUtcIso(local)).toThrow(RangeError);
  });

  it('accepts 29 February in a leap year', () => {
    expect(pragueLocalToUtcIso('2028-02-29T10:00')).toBe('2028-02-29T09:00:00.000Z');
  });
});

describe('utcIsoToPragueLocal', () => {
  it.each([
    ['2025-10-22T07:00:00.000Z', '2025-10-22T09:00'],
    ['2025-01-15T08:00:00Z', '2025-01-15T09:00'],
    ['2024-12-31T23:30:00Z', '2025-01-01T00:30'],
    ['2025-10-22T07:00:59.999Z', '2025-10-22T09:00'],
    ['2025-03-30T00:59:00Z', '2025-03-30T01:59'],
    ['2025-03-30T01:00:00Z', '2025-03-30T03:00'],
    ['2025-10-26T00:30:00Z', '2025-10-26T02:30'],
    ['2025-10-26T01:30:00Z', '2025-10-26T02:30'],
  ])('%s → %s', (utc, local) => {
    expect(utcIsoToPragueLocal(utc)).toBe(local);
  });

  it('round-trips every quarter hour around both transitions (except the repeated hour)', () => {
    const windows = [
      ['2025-03-29T12:00:00Z', '2025-03-31T12:00:00Z'],
      ['2025-10-25T12:00:00Z', '2025-10-27T12:00:00Z'],
    ] as const;
    const repeatedHourStart = Date.parse('2025-10-26T01:00:00Z');
    const repeatedHourEnd = Date.parse('2025-10-26T02:00:00Z');
    let checked = 0;
    for (const [from, to] of windows) {
      for (let ms = Date.parse(from); ms <= Date.parse(to); ms += 15 * 60_000) {
        const utc = new Date(ms).toISOString();
        const back = pragueLocalToUtcIso(utcIsoToPragueLocal(utc));
        const inRepeatedHour = ms >= repeatedHourStart && ms < repeatedHourEnd;
        // The second 02:xx (CET) maps back to the first 02:xx (CEST), one hour earlier.
        const expected = inRepeatedHour ? new Date(ms - 3_600_000).toISOString() : utc;
        expect(back).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(2 * (48 * 4 + 1));
  });
});

describe('pragueParts', () => {
  it('returns Prague wall-clock fields with an ISO weekday', () => {
    expect(pragueParts('2025-10-22T07:00:00Z')).toEqual({
      year: 2025,
      month: 10,
      day: 22,
      hour: 9,
      minute: 0,
      weekday: 3,
    });
  });

  it('reports midnight as hour 0 of the next Prague day', () => {
    expect(pragueParts('2025-10-21T22:00:00Z')).toEqual({
      year: 2025,
      month: 10,
      day: 22,
      hour: 0,
      minute: 0,
      weekday: 3,
    });
  });

  it('numbers Sunday 7 and Monday 1', () => {
    expect(pragueParts('2025-10-26T12:00:00Z').weekday).toBe(7);
    expect(pragueParts('2025-10-27T12:00:00Z').weekday).toBe(1);
  });

  it('rolls over the year in Prague before UTC does', () => {
    expect(pragueParts('2025-12-31T23:15:00Z')).toMatchObject({
      year: 2026,
      month: 1,
      day: 1,
      hour: 0,
      minute: 15,
    });
  });

  it('throws RangeError for an invalid instant', () => {
    expect(() => pragueParts('not a date')).toThrow(RangeError);
    expect(() => formatPragueDateTime('')).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('formats the full date and time in Czech', () => {
    expect(formatPragueDateTime('2025-10-22T07:00:00Z')).toBe('středa 22. října 2025 v 9:00');
    expect(formatPragueDateTime('2025-03-30T01:00:00Z')).toBe('neděle 30. března 2025 ve 3:00');
    expect(formatPragueDateTime('2025-10-26T01:30:00Z')).toBe('neděle 26. října 2025 ve 2:30');
    expect(formatPragueDateTime('2025-01-01T11:05:00Z')).toBe('středa 1. ledna 2025 ve 12:05');
  });

  it.each([
    ['2025-01-06T10:00:00Z', 'pondělí 6. ledna 2025'],
    ['2025-02-04T10:00:00Z', 'úterý 4. února 2025'],
    ['2025-03-05T10:00:00Z', 'středa 5. března 2025'],
    ['2025-04-03T10:00:00Z', 'čtvrtek 3. dubna 2025'],
    ['2025-05-02T10:00:00Z', 'pátek 2. května 2025'],
    ['2025-06-07T10:00:00Z', 'sobota 7. června 2025'],
    ['2025-07-06T10:00:00Z', 'neděle 6. července 2025'],
    ['2025-08-11T10:00:00Z', 'pondělí 11. srpna 2025'],
    ['2025-09-16T10:00:00Z', 'úterý 16. září 2025'],
    ['2025-10-15T10:00:00Z', 'středa 15. října 2025'],
    ['2025-11-20T10:00:00Z', 'čtvrtek 20. listopadu 2025'],
    ['2025-12-19T10:00:00Z', 'pátek 19. prosince 2025'],
  ])('uses genitive month names: %s → %s', (iso, expected) => {
    expect(formatPragueLongDate(iso)).toBe(expected);
  });

  it('formats the numeric date with Czech spacing', () => {
    expect(formatPragueDate('2025-10-22T07:00:00Z')).toBe('22. 10. 2025');
    expect(formatPragueDate('2025-01-05T12:00:00Z')).toBe('5. 1. 2025');
    // 23:30 UTC on 21 October is already the 22nd in Prague.
    expect(formatPragueDate('2025-10-21T22:30:00Z')).toBe('22. 10. 2025');
  });

  it('formats the time without a leading zero on the hour', () => {
    expect(formatPragueTime('2025-10-22T07:00:00Z')).toBe('9:00');
    expect(formatPragueTime('2025-10-22T08:05:00Z')).toBe('10:05');
    expect(formatPragueTime('2025-10-21T22:00:00Z')).toBe('0:00');
    expect(formatPragueTime('2025-01-15T22:59:00Z')).toBe('23:59');
  });
});

describe('formatPragueRange', () => {
  it('shows one date with a time span for a same-day event', () => {
    expect(formatPragueRange('2025-10-22T07:00:00Z', '2025-10-22T10:00:00Z')).toBe(
      'středa 22. října 2025, 9:00–12:00',
    );
  });

  it('decides "same day" in Prague, not in UTC', () => {
    expect(formatPragueRange('2025-10-21T22:30:00Z', '2025-10-22T06:00:00Z')).toBe(
      'středa 22. října 2025, 0:30–8:00',
    );
    expect(formatPragueRange('2025-10-22T20:00:00Z', '2025-10-22T22:30:00Z')).toBe(
      'středa 22. října 2025 ve 22:00 – čtvrtek 23. října 2025 v 0:30',
    );
  });

  it('shows both full date-times for a multi-day event', () => {
    expect(formatPragueRange('2025-10-22T07:00:00Z', '2025-10-23T14:30:00Z')).toBe(
      'středa 22. října 2025 v 9:00 – čtvrtek 23. října 2025 v 16:30',
    );
  });

  it('handles a same-day event spanning the autumn transition', () => {
    expect(formatPragueRange('2025-10-25T23:00:00Z', '2025-10-26T03:00:00Z')).toBe(
      'neděle 26. října 2025, 1:00–4:00',
    );
  });
});

describe('dates inside a sentence', () => {
  // One instant per weekday, 20–26 October 2025, at 14:00 Prague (summer time).
  const week = [
    '2025-10-20T12:00:00Z',
    '2025-10-21T12:00:00Z',
    '2025-10-22T12:00:00Z',
    '2025-10-23T12:00:00Z',
    '2025-10-24T12:00:00Z',
    '2025-10-25T12:00:00Z',
    '2025-10-26T13:00:00Z',
  ];

  it.each([
    [
      'do',
      [
        'do pondělí 20.',
        'do úterý 21.',
        'do středy 22.',
        'do čtvrtka 23.',
        'do pátku 24.',
        'do soboty 25.',
        'do neděle 26.',
      ],
    ],
    [
      'od',
      [
        'od pondělí 20.',
        'od úterý 21.',
        'od středy 22.',
        'od čtvrtka 23.',
        'od pátku 24.',
        'od soboty 25.',
        'od neděle 26.',
      ],
    ],
    [
      'k',
      [
        'k pondělí 20.',
        'k úterý 21.',
        'ke středě 22.',
        'ke čtvrtku 23.',
        'k pátku 24.',
        'k sobotě 25.',
        'k neděli 26.',
      ],
    ],
    [
      'v',
      [
        'v pondělí 20.',
        'v úterý 21.',
        've středu 22.',
        've čtvrtek 23.',
        'v pátek 24.',
        'v sobotu 25.',
        'v neděli 26.',
      ],
    ],
  ] as const)('after „%s“ the weekday takes its case', (preposition, expected) => {
    expect(week.map((iso) => formatPragueDateAfter(preposition, iso))).toEqual(
      expected.map((start) => `${start} října 2025`),
    );
  });

  it('declines the weekday by the case asked for', () => {
    const wednesday = '2025-10-22T12:00:00Z';
    expect(formatPragueLongDate(wednesday, 'nominative')).toBe('středa 22. října 2025');
    expect(formatPragueLongDate(wednesday, 'genitive')).toBe('středy 22. října 2025');
    expect(formatPragueLongDate(wednesday, 'dative')).toBe('středě 22. října 2025');
    expect(formatPragueLongDate(wednesday, 'accusative')).toBe('středu 22. října 2025');
  });

  it('adds the time with the right form of „v“', () => {
    expect(formatPragueDateAfter('do', '2025-10-22T12:00:00Z', { time: true })).toBe(
      'do středy 22. října 2025 ve 14:00',
    );
    expect(formatPragueDateAfter('od', '2025-10-22T07:00:00Z', { time: true })).toBe(
      'od středy 22. října 2025 v 9:00',
    );
  });

  it.each([
    [0, 'v'],
    [1, 'v'],
    [2, 've'],
    [3, 've'],
    [4, 've'],
    [5, 'v'],
    [9, 'v'],
    [11, 'v'],
    [12, 've'],
    [13, 've'],
    [14, 've'],
    [15, 'v'],
    [19, 'v'],
    [20, 've'],
    [21, 've'],
    [22, 've'],
    [23, 've'],
  ] as const)('at %i o’clock the preposition is „%s“', (hour, preposition) => {
    expect(timePreposition(hour)).toBe(preposition);
  });

  it('puts „ve“ before 2:00 and 3:00 on the days the clocks change', () => {
    // Spring forward, 30 March 2025: 2:00 does not exist, 3:00 CEST is 1:00 UTC.
    expect(formatPragueAtTime('2025-03-30T01:00:00Z')).toBe('ve 3:00');
    expect(formatPragueAtTime('2025-03-30T00:59:00Z')).toBe('v 1:59');
    // Fall back, 26 October 2025: 2:30 happens twice, both read „ve 2:30“.
    expect(formatPragueAtTime('2025-10-26T00:30:00Z')).toBe('ve 2:30');
    expect(formatPragueAtTime('2025-10-26T01:30:00Z')).toBe('ve 2:30');
    expect(formatPragueDateAfter('k', '2025-10-26T01:00:00Z', { time: true })).toBe(
      'k neděli 26. října 2025 ve 2:00',
    );
  });

  it('offers the short form that reads the same after any preposition', () => {
    expect(formatPragueShortDateTime('2025-10-22T12:00:00Z')).toBe('22. 10. 2025, 14:00');
  });

  it('writes CSV date-times in the form a spreadsheet sorts', () => {
    expect(formatPragueCsvDateTime('2025-10-22T07:00:00Z')).toBe('22. 10. 2025 9:00');
    expect(formatPragueCsvDateTime('2025-01-05T22:30:00Z')).toBe('5. 1. 2025 23:30');
  });

  it('puts a range into a sentence', () => {
    expect(formatPragueRangeInSentence('2025-10-22T07:00:00Z', '2025-10-22T10:00:00Z')).toBe(
      've středu 22. října 2025 od 9:00 do 12:00',
    );
    expect(formatPragueRangeInSentence('2025-10-22T07:00:00Z', '2025-10-23T12:00:00Z')).toBe(
      'od středy 22. října 2025 v 9:00 do čtvrtka 23. října 2025 ve 14:00',
    );
  });
});

describe('startOfPragueDayUtc', () => {
  it.each([
    ['summer', '2025-10-22T10:00:00Z', '2025-10-21T22:00:00.000Z'],
    ['winter', '2025-01-15T12:00:00Z', '2025-01-14T23:00:00.000Z'],
    ['spring-forward day (starts in CET)', '2025-03-30T12:00:00Z', '2025-03-29T23:00:00.000Z'],
    ['fall-back day (starts in CEST)', '2025-10-26T12:00:00Z', '2025-10-25T22:00:00.000Z'],
    [
      'late UTC evening already next Prague day',
      '2025-10-21T22:30:00Z',
      '2025-10-21T22:00:00.000Z',
    ],
    ['exactly midnight', '2025-10-21T22:00:00.000Z', '2025-10-21T22:00:00.000Z'],
  ])('%s', (_label, iso, expected) => {
    expect(startOfPragueDayUtc(iso)).toBe(expected);
  });
});

describe('atPragueTime', () => {
  it('finds the next morning at 9:00 after an event', () => {
    expect(atPragueTime('2025-10-22T10:00:00Z', 9, 0, 1)).toBe('2025-10-23T07:00:00.000Z');
  });

  it('adds calendar days, not 24-hour periods, across the autumn transition', () => {
    // Saturday 25 Oct 16:00 CEST → Sunday 26 Oct 9:00 CET
    expect(atPragueTime('2025-10-25T14:00:00Z', 9, 0, 1)).toBe('2025-10-26T08:00:00.000Z');
  });

  it('adds calendar days across the spring transition', () => {
    // Saturday 29 Mar 15:00 CET → Sunday 30 Mar 9:00 CEST
    expect(atPragueTime('2025-03-29T14:00:00Z', 9, 0, 1)).toBe('2025-03-30T07:00:00.000Z');
  });

  it('uses the Prague calendar day of the instant', () => {
    // 23:30 Prague on the 22nd; same day at 9:00 is earlier than the instant itself.
    expect(atPragueTime('2025-10-22T21:30:00Z', 9, 0)).toBe('2025-10-22T07:00:00.000Z');
    // 00:30 Prague on the 23rd, although UTC still says the 22nd.
    expect(atPragueTime('2025-10-22T22:30:00Z', 9, 0)).toBe('2025-10-23T07:00:00.000Z');
  });

  it('supports negative offsets and month/year rollover', () => {
    expect(atPragueTime('2025-10-22T10:00:00Z', 17, 30, -1)).toBe('2025-10-21T15:30:00.000Z');
    expect(atPragueTime('2025-12-31T12:00:00Z', 9, 0, 1)).toBe('2026-01-01T08:00:00.000Z');
    expect(atPragueTime('2025-03-01T12:00:00Z', 9, 0, -1)).toBe('2025-02-28T08:00:00.000Z');
  });

  it('pushes a time inside the spring gap forward', () => {
    expect(atPragueTime('2025-03-29T12:00:00Z', 2, 30, 1)).toBe('2025-03-30T01:30:00.000Z');
  });

  it.each([
    [24, 0, 0],
    [-1, 0, 0],
    [9, 60, 0],
    [9.5, 0, 0],
    [9, 0, 0.5],
    [Number.NaN, 0, 0],
  ])('rejects hour %d, minute %d, addDays %d', (hour, minute, addDays) => {
    expect(() => atPragueTime('2025-10-22T10:00:00Z', hour, minute, addDays)).toThrow(RangeError);
  });
});
