import { type TargetGroup, type TrainingEvent, targetGroups } from './event';
import { eventCalendarUid } from './mail-content';
import { pragueParts } from './prague-time';

/*
 * The subscribable calendar (GET /kalendar.ics) and each event's own .ics, written by hand:
 * times as Prague wall-clock time with a VTIMEZONE, which ical-generator only does with a
 * time-zone library, a cold-start cost this small text does not need. The entries use the UID
 * of the confirmation email's .ics (eventCalendarUid), so a calendar that has both shows one.
 */

/** Europe/Prague since 1996: CEST from the last Sunday of March, CET from the last of October. */
const pragueTimeZone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Prague',
  'X-LIC-LOCATION:Europe/Prague',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Target groups as they appear in addresses (?pro=starostove); the JSON keys work too. */
export const targetGroupSlugs: Record<TargetGroup, string> = {
  clerks: 'urednici',
  mayors: 'starostove',
  'regional-staff': 'krajske-organizace',
  citizens: 'obcane',
  other: 'ostatni',
};

export function targetGroupFromSlug(value: string | undefined): TargetGroup | undefined {
  const slug = value?.trim().toLowerCase() ?? '';
  return targetGroups.find((group) => group === slug || targetGroupSlugs[group] === slug);
}

/** "Umělá inteligence" → "umela-inteligence": a topic as it appears in ?tema=. */
export function topicSlug(topic: string): string {
  return topic
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export interface EventFilter {
  /** A target group slug or key; unknown values match nothing. */
  pro?: string | undefined;
  /** A topic slug; unknown values match nothing. */
  tema?: string | undefined;
}

/** Filters by target group and topic; an empty value means "any", an unknown one "none". */
export function matchesFilter(event: TrainingEvent, filter: EventFilter): boolean {
  const pro = filter.pro?.trim() ?? '';
  if (pro !== '') {
    const group = targetGroupFromSlug(pro);
    if (!group || !event.targetGroups.includes(group)) return false;
  }
  const tema = filter.tema?.trim() ?? '';
  if (tema !== '') {
    const wanted = topicSlug(tema);
    if (!wanted || !event.topics.some((topic) => topicSlug(topic) === wanted)) return false;
  }
  return true;
}

/**
 * What the feed lists: published events that have not ended, and cancelled ones until they
 * would have ended (so subscribed calendars remove them). Drafts never.
 */
export function inCalendarFeed(event: TrainingEvent, nowMs: number): boolean {
  if (event.status === 'draft') return false;
  return Date.parse(event.endsAt) > nowMs;
}

export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space. */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (currentBytes + bytes > limit) {
      parts.push(current);
      current = '';
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

function pragueLocal(iso: string): string {
  const p = pragueParts(iso);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}00`;
}

export function utcStamp(iso: string): string {
  return `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

export interface FeedSettings {
  /** Absolute, without a trailing slash. */
  publicBaseUrl: string;
  calendarName: string;
  organiser: { name: string; email: string };
}

function eventLines(event: TrainingEvent, settings: FeedSettings): string[] {
  const url = `${settings.publicBaseUrl.replace(/\/+$/, '')}/akce/${event.id}`;
  const description = [
    event.description.trim(),
    event.onlineUrl ? `Připojení: ${event.onlineUrl}` : '',
    url,
  ]
    .filter(Boolean)
    .join('\n\n');
  const cancelled = event.status === 'cancelled';
  return [
    'BEGIN:VEVENT',
    `UID:${eventCalendarUid(event.id)}`,
    `SEQUENCE:${event.revision}`,
    // The last change, not the request time: the same event gives the same bytes.
    `DTSTAMP:${utcStamp(event.updatedAt)}`,
    `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
    `DTSTART;TZID=Europe/Prague:${pragueLocal(event.startsAt)}`,
    `DTEND;TZID=Europe/Prague:${pragueLocal(event.endsAt)}`,
    `SUMMARY:${escapeText(cancelled ? `ZRUŠENO: ${event.title}` : event.title)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `LOCATION:${escapeText(event.venue)}`,
    `URL:${url}`,
    `ORGANIZER;CN="${settings.organiser.name.replace(/"/g, "'")}":mailto:${settings.organiser.email}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    ...(event.topics.length > 0
      ? [`CATEGORIES:${event.topics.map((topic) => escapeText(topic)).join(',')}`]
      : []),
    'END:VEVENT',
  ];
}

/** A whole VCALENDAR (METHOD:PUBLISH) of the given events, in the order given. */
export function buildCalendarFeed(
  events: readonly TrainingEvent[],
  settings: FeedSettings,
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//chytra-skoleni//kalendar//CS',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(settings.calendarName)}`,
    `NAME:${escapeText(settings.calendarName)}`,
    'X-WR-TIMEZONE:Europe/Prague',
    // Clients that honour it poll hourly; new events are rarely more urgent than that.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...pragueTimeZone,
    ...events.flatMap((event) => eventLines(event, settings)),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
