import { escapeText, fold, utcStamp } from './calendar-feed';

export type CalendarMethod = 'REQUEST' | 'PUBLISH' | 'CANCEL';

export interface EventIcsInput {
  /** Must stay the same across updates and cancellation so calendars replace the entry. */
  uid: string;
  title: string;
  description?: string;
  /** UTC ISO 8601 instant. */
  startsAt: string;
  /** UTC ISO 8601 instant. */
  endsAt: string;
  location?: string;
  url?: string;
  organiserName: string;
  organiserEmail: string;
  /**
   * PUBLISH (default) makes mail clients offer "add to calendar" for an attachment; REQUEST
   * would present it as a meeting invitation expecting a reply, which we do not process.
   */
  method?: CalendarMethod;
  /** Increment on every change of an already sent event, otherwise clients ignore the update. */
  sequence?: number;
  alarmMinutesBefore?: number;
  /** DTSTAMP; defaults to the current time. Injectable for reproducible output. */
  stampedAt?: string;
}

const DEFAULT_ALARM_MINUTES = 60;

/*
 * Written by hand like the calendar feed (shared/domain/calendar-feed.ts), whose RFC 5545
 * escaping and folding it shares: the mailer renders it for most emails, and a calendar library
 * was the largest part of the mailer's bundle after the SDK.
 */

function parseInstant(label: string, iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`${label} is not a valid ISO 8601 instant: ${JSON.stringify(iso)}`);
  }
  return date;
}

/** An alarm's trigger before the start, as an RFC 5545 duration: -PT1H30M, -P1D, PT0S. */
function triggerBefore(minutes: number): string {
  if (minutes === 0) return 'PT0S';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const time = `${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
  return `-P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

export function buildEventIcs(input: EventIcsInput): string {
  const start = parseInstant('startsAt', input.startsAt);
  const end = parseInstant('endsAt', input.endsAt);
  if (end.getTime() < start.getTime()) {
    throw new RangeError('endsAt must not be before startsAt');
  }
  const alarmMinutes = input.alarmMinutesBefore ?? DEFAULT_ALARM_MINUTES;
  if (!Number.isInteger(alarmMinutes) || alarmMinutes < 0) {
    throw new RangeError(`alarmMinutesBefore must be a non-negative integer, got ${alarmMinutes}`);
  }
  const method = input.method ?? 'PUBLISH';
  const stamp =
    input.stampedAt === undefined ? new Date() : parseInstant('stampedAt', input.stampedAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//chytra-skoleni//registrace//CS',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `SEQUENCE:${input.sequence ?? 0}`,
    `DTSTAMP:${utcStamp(stamp.toISOString())}`,
    `DTSTART:${utcStamp(start.toISOString())}`,
    `DTEND:${utcStamp(end.toISOString())}`,
    `SUMMARY:${escapeText(input.title)}`,
    ...(input.location ? [`LOCATION:${escapeText(input.location)}`] : []),
    ...(input.description ? [`DESCRIPTION:${escapeText(input.description)}`] : []),
    `ORGANIZER;CN="${input.organiserName.replace(/"/g, "'")}":mailto:${input.organiserEmail}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `TRIGGER:${triggerBefore(alarmMinutes)}`,
    `DESCRIPTION:${escapeText(`Připomenutí: ${input.title}`)}`,
    'END:VALARM',
    ...(input.url ? [`URL;VALUE=URI:${input.url}`] : []),
    `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
