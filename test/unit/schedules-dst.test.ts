import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import {
  type JobName,
  jobNames,
  localCron,
  schedules,
  scheduleTimeZone,
} from '../../shared/resources';

/**
 * EventBridge Scheduler and the local runtime both read the schedules in Europe/Prague wall-clock
 * time. On the spring night the hour 02:00–02:59 does not exist, on the autumn night it happens
 * twice: a nightly job in that hour is skipped once and runs twice once a year in AWS (croner
 * moves the spring run to 03:00 instead, which hides the gap locally). These tests walk croner
 * over the daylight-saving days and require every nightly job at a wall-clock time that exists
 * exactly once, and every interval job evenly spaced through the changed night.
 */

const pragueFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: scheduleTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM` in Prague. */
function pragueWallClock(instant: Date): string {
  const parts = Object.fromEntries(
    pragueFormat.formatToParts(instant).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Last Sunday of a month (1-based), as YYYY-MM-DD. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

const years = [2025, 2026, 2027, 2028, 2029, 2030];
const springDays = years.map((year) => lastSunday(year, 3));
const autumnDays = years.map((year) => lastSunday(year, 10));

/** The Prague day before, the day of and the day after each change. */
const daysAround = (day: string): string[] =>
  [-1, 0, 1].map((shift) => {
    const date = new Date(`${day}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + shift);
    return date.toISOString().slice(0, 10);
  });
const checkedDays = [...springDays, ...autumnDays].flatMap(daysAround);

/** Every run croner fires whose Prague date is `day`. */
function runsOn(job: JobName, day: string): Date[] {
  const cron = new Cron(localCron(schedules[job]), { timezone: scheduleTimeZone, paused: true });
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000);
  const until = Date.parse(`${day}T00:00:00Z`) + 27 * 3_600_000;
  const runs: Date[] = [];
  for (let next = cron.nextRun(from); next && next.getTime() < until; next = cron.nextRun(next)) {
    if (pragueWallClock(next).startsWith(day)) runs.push(next);
  }
  return runs;
}

/** How many instants of `day` show the Prague wall-clock time `hh:mm` (0 skipped, 2 repeated). */
function occurrencesOfWallClock(day: string, hhmm: string): number {
  const asUtc = Date.parse(`${day}T${hhmm}:00Z`);
  return [1, 2].filter(
    (offsetHours) =>
      pragueWallClock(new Date(asUtc - offsetHours * 3_600_000)) === `${day} ${hhmm}`,
  ).length;
}

const nightlyJobs = jobNames.filter((job) => schedules[job].hour !== '*');
const intervalJobs = jobNames.filter((job) => schedules[job].hour === '*');

it('knows the daylight-saving days it walks over', () => {
  expect(springDays.slice(0, 2)).toEqual(['2025-03-30', '2026-03-29']);
  expect(autumnDays.slice(0, 2)).toEqual(['2025-10-26', '2026-10-25']);
  expect(nightlyJobs).toEqual(expect.arrayContaining(['indicators', 'retention']));
  expect(occurrencesOfWallClock('2025-03-30', '02:00')).toBe(0);
  expect(occurrencesOfWallClock('2025-10-26', '02:00')).toBe(2);
  expect(occurrencesOfWallClock('2025-10-26', '03:30')).toBe(1);
});

describe.each(nightlyJobs)('nightly job %s', (job) => {
  const definition = schedules[job];
  const hhmm = `${definition.hour.padStart(2, '0')}:${definition.minute.padStart(2, '0')}`;

  it.each(checkedDays)('fires exactly once on %s, at a wall-clock time that exists once', (day) => {
    const runs = runsOn(job, day);
    expect(runs.map(pragueWallClock)).toEqual([`${day} ${hhmm}`]);
    expect(occurrencesOfWallClock(day, hhmm)).toBe(1);
  });
});

describe.each(intervalJobs)('interval job %s', (job) => {
  const step = Number(schedules[job].minute.replace('*/', ''));

  it.each(checkedDays)('fires evenly through %s without a gap or a repeat', (day) => {
    const runs = runsOn(job, day).map((run) => run.getTime());
    const dayMinutes = runs.length * step;
    expect([23 * 60, 24 * 60, 25 * 60]).toContain(dayMinutes);
    const gaps = new Set(runs.slice(1).map((run, i) => (run - (runs[i] as number)) / 60_000));
    expect([...gaps]).toEqual([step]);
  });
});
