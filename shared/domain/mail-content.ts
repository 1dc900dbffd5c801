import { countCs, DAYS } from './czech-plural';
import { startOfPragueDayUtc } from './prague-time';

/** One rendered email: the same content as plain text and as HTML. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);
}

/** Subjects are one header line: a title with a line break must not break the header. */
export function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * The calendar entry's identity. It must be the same in the confirmation, every change and the
 * cancellation, so a calendar updates or removes the entry instead of adding another one.
 */
export function eventCalendarUid(eventId: string): string {
  return `event-${eventId}@chytra-skoleni.cz`;
}

const DAY_MS = 86_400_000;

/**
 * Prague calendar days from `now` to the start: a reminder sent in the evening for a morning
 * event says "zítra", not "za 0 dní". DST days last 23 or 25 hours, hence the rounding.
 */
export function pragueDaysUntil(startIso: string, now: Date): number {
  const startDay = Date.parse(startOfPragueDayUtc(startIso));
  const today = Date.parse(startOfPragueDayUtc(now.toISOString()));
  return Math.round((startDay - today) / DAY_MS);
}

/** "dnes", "zítra", "za 2 dny", "za 7 dní" — when the event starts, seen from `now`. */
export function startsInPhrase(startIso: string, now: Date): string {
  const days = pragueDaysUntil(startIso, now);
  if (days <= 0) return 'dnes';
  if (days === 1) return 'zítra';
  return `za ${countCs(days, DAYS)}`;
}
