/**
 * Instants are stored as UTC ISO 8601 strings; people read and enter them as Prague wall-clock
 * time. Only the built-in Intl time-zone database is used for the offset, so CET/CEST rules stay
 * in sync with the runtime's tzdata instead of being hard-coded here.
 */

const TIME_ZONE = 'Europe/Prague';
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Czech names are spelled out here rather than taken from Intl because the cs-CZ output of ICU
 * differs between Node builds (small-icu falls back to English) and ICU releases (the " v "
 * connector and spacing in `dateStyle: 'full'` have changed over time).
 */
const WEEKDAYS_CS = ['pondělí', 'úterý', 'středa', 'čtvrtek', 'pátek', 'sobota', 'neděle'] as const;
/** The Czech month names by case, January first: the one place they are spelled. */
export const czechMonths = {
  /** "leden": a month on its own, in a table or a chart's text alternative. */
  nominative: [
    'leden',
    'únor',
    'březen',
    'duben',
    'květen',
    'červen',
    'červenec',
    'srpen',
    'září',
    'říjen',
    'listopad',
    'prosinec',
  ],
  /** "22. října 2025": in a date. */
  genitive: [
    'ledna',
    'února',
    'března',
    'dubna',
    'května',
    'června',
    'července',
    'srpna',
    'září',
    'října',
    'listopadu',
    'prosince',
  ],
  /** "v říjnu": after the preposition v. */
  locative: [
    'v lednu',
    'v únoru',
    'v březnu',
    'v dubnu',
    'v květnu',
    'v červnu',
    'v červenci',
    'v srpnu',
    'v září',
    'v říjnu',
    'v listopadu',
    'v prosinci',
  ],
  /** "říj": under a chart's bar. */
  short: ['led', 'úno', 'bře', 'dub', 'kvě', 'čvn', 'čvc', 'srp', 'zář', 'říj', 'lis', 'pro'],
} as const satisfies Record<string, readonly string[]>;

export interface PragueParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  /** 0–59 */
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/**
 * Made on first use: the process's first DateTimeFormat sets up ICU (~15 ms), which functions
 * that import this module without converting a time (retention, through indicators.ts) would
 * otherwise pay at every cold start.
 */
let partsFormat: Intl.DateTimeFormat | undefined;

function pragueFormat(): Intl.DateTimeFormat {
  // hourCycle 'h23' avoids the "24:00" that some engines emit for midnight with hour12: false.
  partsFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return partsFormat;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new RangeError(`Invalid ISO 8601 instant: ${JSON.stringify(iso)}`);
  }
  return ms;
}

function wallClockAt(utcMs: number): WallClock {
  const values: Record<string, number> = {};
  for (const part of pragueFormat().formatToParts(utcMs)) {
    if (part.type !== 'literal') {
      values[part.type] = Number(part.value);
    }
  }
  return {
    year: values.year ?? Number.NaN,
    month: values.month ?? Number.NaN,
    day: values.day ?? Number.NaN,
    hour: values.hour ?? Number.NaN,
    minute: values.minute ?? Number.NaN,
    second: values.second ?? Number.NaN,
  };
}

/** Prague offset from UTC in minutes (60 in winter, 120 in summer) at the given instant. */
function offsetMinutesAt(utcMs: number): number {
  const wall = wallClockAt(utcMs);
  const wallAsUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
  );
  const wholeSecondUtc = Math.floor(utcMs / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSecondUtc) / MINUTE_MS);
}

/**
 * Resolves a Prague wall-clock time (expressed as if it were UTC) to the real instant.
 * Matches Temporal's 'compatible' disambiguation: in the autumn overlap the earlier (summer-time)
 * instant wins, and a time inside the spring gap is pushed forward by the gap length.
 */
function wallClockToUtcMs(wallAsUtc: number): number {
  // Prague changes offset at most once a day, so the offsets a day either side cover all options.
  const offsetBefore = offsetMinutesAt(wallAsUtc - DAY_MS);
  const offsetAfter = offsetMinutesAt(wallAsUtc + DAY_MS);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .filter((offset) => offsetMinutesAt(wallAsUtc - offset * MINUTE_MS) === offset)
    .map((offset) => wallAsUtc - offset * MINUTE_MS);
  if (candidates.length > 0) {
    return Math.min(...candidates);
  }
  // Gap: reading the wall time with the pre-transition offset lands after the jump.
  return wallAsUtc - offsetBefore * MINUTE_MS;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isoWeekday(year: number, month: number, day: number): number {
  const sundayBased = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sundayBased === 0 ? 7 : sundayBased;
}

export function pragueParts(iso: string): PragueParts {
  const wall = wallClockAt(parseInstant(iso));
  return {
    year: wall.year,
    month: wall.month,
    day: wall.day,
    hour: wall.hour,
    minute: wall.minute,
    weekday: isoWeekday(wall.year, wall.month, wall.day),
  };
}

/**
 * A date inside a sentence takes the case its preposition or verb asks for: "do středy",
 * "ke středě", "ve středu". Only the weekday declines; "22. října 2025" reads the same in all.
 */
export type DateCase = 'nominative' | 'genitive' | 'dative' | 'accusative';

const WEEKDAYS_BY_CASE: Record<DateCase, readonly string[]> = {
  nominative: WEEKDAYS_CS,
  genitive: ['pondělí', 'úterý', 'středy', 'čtvrtka', 'pátku', 'soboty', 'neděle'],
  dative: ['pondělí', 'úterý', 'středě', 'čtvrtku', 'pátku', 'sobotě', 'neděli'],
  accusative: ['pondělí', 'úterý', 'středu', 'čtvrtek', 'pátek', 'sobotu', 'neděli'],
};

/** The prepositions a date follows in our texts, each with the case it governs. */
export type DatePreposition = 'do' | 'od' | 'k' | 'v';

const CASE_AFTER: Record<DatePreposition, DateCase> = {
  do: 'genitive',
  od: 'genitive',
  k: 'dative',
  v: 'accusative',
};

/**
 * "k" and "v" take a vowel before a word that starts with the same or a hard-to-join consonant:
 * "ke středě", "ve čtvrtek", "ve 2:00". Hours read as "dvě, tři, čtyři, dvanáct, třináct,
 * čtrnáct, dvacet…" start with such a cluster; "v 9:00" (v devět) does not.
 */
const VOCALISED_HOURS = new Set([2, 3, 4, 12, 13, 14, 20, 21, 22, 23]);

function vocalisedBeforeWord(preposition: DatePreposition, word: string): string {
  if (preposition === 'k' && /^(k|g|st|č|ct)/i.test(word)) return 'ke';
  if (preposition === 'v' && /^(v|f|st|č|ct)/i.test(word)) return 've';
  return preposition;
}

/** "v" or "ve" before a clock time: "v 9:00", "ve 14:00". */
export function timePreposition(hour: number): 'v' | 've' {
  return VOCALISED_HOURS.has(hour) ? 've' : 'v';
}

/** "středa 22. října 2025"; `dateCase` declines the weekday: "středy 22. října 2025". */
export function formatPragueLongDate(iso: string, dateCase: DateCase = 'nominative'): string {
  const p = pragueParts(iso);
  return `${WEEKDAYS_BY_CASE[dateCase][p.weekday - 1]} ${p.day}. ${czechMonths.genitive[p.month - 1]} ${p.year}`;
}

/** "9:00" — Czech writes hours without a leading zero. */
export function formatPragueTime(iso: string): string {
  const p = pragueParts(iso);
  return `${p.hour}:${pad2(p.minute)}`;
}

/** "v 9:00", "ve 14:00": a clock time inside a sentence. */
export function formatPragueAtTime(iso: string): string {
  return `${timePreposition(pragueParts(iso).hour)} ${formatPragueTime(iso)}`;
}

/** "22. 10. 2025" */
export function formatPragueDate(iso: string): string {
  const p = pragueParts(iso);
  return `${p.day}. ${p.month}. ${p.year}`;
}

/** "22. 10. 2025, 14:00": the short form, the same after any preposition. */
export function formatPragueShortDateTime(iso: string): string {
  return `${formatPragueDate(iso)}, ${formatPragueTime(iso)}`;
}

/**
 * "22. 10. 2025 9:00" for CSV files: the form Excel in a Czech locale reads as a date and time,
 * so the column sorts chronologically.
 */
export function formatPragueCsvDateTime(iso: string): string {
  return `${formatPragueDate(iso)} ${formatPragueTime(iso)}`;
}

/** "středa 22. října 2025 v 9:00", "středy 22. října 2025 ve 14:00" (genitive). */
export function formatPragueDateTime(iso: string, dateCase: DateCase = 'nominative'): string {
  return `${formatPragueLongDate(iso, dateCase)} ${formatPragueAtTime(iso)}`;
}

/**
 * The date with its preposition, in the case the preposition governs:
 * "do středy 22. října 2025 ve 14:00", "ke středě 22. října 2025", "ve středu 22. října 2025".
 */
export function formatPragueDateAfter(
  preposition: DatePreposition,
  iso: string,
  options: { time?: boolean } = {},
): string {
  const dateCase = CASE_AFTER[preposition];
  const date = options.time
    ? formatPragueDateTime(iso, dateCase)
    : formatPragueLongDate(iso, dateCase);
  return `${vocalisedBeforeWord(preposition, date)} ${date}`;
}

/**
 * "středa 22. října 2025, 9:00–12:00" for a single day,
 * otherwise "středa 22. října 2025 v 9:00 – čtvrtek 23. října 2025 ve 12:00".
 */
export function formatPragueRange(startIso: string, endIso: string): string {
  if (formatPragueDate(startIso) === formatPragueDate(endIso)) {
    return `${formatPragueLongDate(startIso)}, ${formatPragueTime(startIso)}–${formatPragueTime(endIso)}`;
  }
  return `${formatPragueDateTime(startIso)} – ${formatPragueDateTime(endIso)}`;
}

/**
 * The range inside a sentence ("se bude konat …"): "ve středu 22. října 2025 od 9:00 do 12:00",
 * or "od středy 22. října 2025 v 9:00 do čtvrtka 23. října 2025 ve 12:00".
 */
export function formatPragueRangeInSentence(startIso: string, endIso: string): string {
  if (formatPragueDate(startIso) === formatPragueDate(endIso)) {
    return `${formatPragueDateAfter('v', startIso)} od ${formatPragueTime(startIso)} do ${formatPragueTime(endIso)}`;
  }
  return `${formatPragueDateAfter('od', startIso, { time: true })} ${formatPragueDateAfter('do', endIso, { time: true })}`;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Converts an HTML `datetime-local` value ("2025-10-22T09:00", seconds optional) entered in
 * Prague to a UTC ISO string. Throws RangeError for malformed or impossible calendar values,
 * because silently rolling "31. 4." over to 1 May would schedule an event on the wrong day.
 */
export function pragueLocalToUtcIso(local: string): string {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) {
    throw new RangeError(`Invalid datetime-local value: ${JSON.stringify(local)}`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((v) => Number(v ?? 0));
  const millisecond = Number((match[7] ?? '0').padEnd(3, '0'));
  const wallAsUtc = Date.UTC(
    year ?? 0,
    (month ?? 0) - 1,
    day ?? 0,
    hour ?? 0,
    minute ?? 0,
    second ?? 0,
    millisecond,
  );
  const check = new Date(wallAsUtc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() + 1 !== month ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new RangeError(`Invalid datetime-local value: ${JSON.stringify(local)}`);
  }
  return new Date(wallClockToUtcMs(wallAsUtc)).toISOString();
}

/** "2025-10-22T09:00" for prefilling `<input type="datetime-local">`; seconds are dropped. */
export function utcIsoToPragueLocal(iso: string): string {
  const p = pragueParts(iso);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * The UTC instant at which `hour:minute` Prague time occurs on the Prague calendar day of
 * `dateIso`, shifted by `addDays` calendar days (not 24-hour periods, so DST days work).
 * E.g. "the next morning at 9:00 after the event ends" = atPragueTime(endIso, 9, 0, 1).
 */
export function atPragueTime(dateIso: string, hour: number, minute: number, addDays = 0): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`Hour must be an integer 0–23, got ${hour}`);
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`Minute must be an integer 0–59, got ${minute}`);
  }
  if (!Number.isInteger(addDays)) {
    throw new RangeError(`addDays must be an integer, got ${addDays}`);
  }
  const p = pragueParts(dateIso);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day + addDays, hour, minute);
  return new Date(wallClockToUtcMs(wallAsUtc)).toISOString();
}

/** The UTC instant of Prague midnight starting the Prague calendar day that contains `iso`. */
export function startOfPragueDayUtc(iso: string): string {
  return atPragueTime(iso, 0, 0);
}

/**
 * "2026-10-15T09:00:00+02:00": the instant as Prague wall-clock time with its offset, the form
 * open data and schema.org expect (a reader sees the local time and can still compare instants).
 * Seconds are kept; fractions are dropped.
 */
export function formatPragueIsoWithOffset(iso: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new RangeError(`Not an ISO 8601 instant: ${iso}`);
  const p = pragueParts(iso);
  const seconds = Math.floor((((instant / 1000) % 60) + 60) % 60);
  const wallMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds);
  const offsetMinutes = Math.round((wallMs - Math.floor(instant / 1000) * 1000) / MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(seconds)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
