import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { countCs, type PluralForms } from './czech-plural';
import type { EventFormat, TrainingEvent } from './event';
import { lazySchema } from './lazy-schema';
import { atPragueTime, czechMonths, pragueParts } from './prague-time';

/**
 * Certificates of attendance (osvědčení, § 20 of zákon 312/2002 Sb.): who gets one, what it
 * says, its number and the signature of its public verification link.
 */

/** Formats whose certificates are on unless the organiser switches them off. */
const certificateFormatsByDefault: ReadonlySet<EventFormat> = new Set(['training', 'course']);

export function certificatesEnabled(
  event: Pick<TrainingEvent, 'format' | 'certificates'>,
): boolean {
  return event.certificates ?? certificateFormatsByDefault.has(event.format);
}

/** Certificates are issued the morning after the event, once attendance can be completed. */
export const certificateTiming = {
  issueHour: 8,
  /** Events ended this long ago are still looked at: attendance entered late counts. */
  lookbackDays: 60,
} as const;

export function certificatesDueAt(event: { endsAt: string }): string {
  return atPragueTime(event.endsAt, certificateTiming.issueHour, 0, 1);
}

/** Registrations that earn a certificate: confirmed and marked present (walk-ins included). */
export function certificateRecipients<
  R extends { status: string; attendedAt?: string | undefined },
>(registrations: R[]): R[] {
  return registrations.filter((r) => r.status === 'confirmed' && Boolean(r.attendedAt));
}

export const certificateNumberPattern = /^([A-Z]{1,8})-(\d{4})-(\d{6})$/;

/** "LK-2026-000123": prefix, year of issue, sequence within the year. */
export function formatCertificateNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseCertificateNumber(
  value: string,
): { prefix: string; year: number; sequence: number } | undefined {
  const match = certificateNumberPattern.exec(value);
  if (!match) return undefined;
  const sequence = Number(match[3]);
  if (sequence < 1) return undefined;
  return { prefix: match[1] as string, year: Number(match[2]), sequence };
}

/** The Prague calendar year an instant falls in: the year part of the number. */
export function issueYear(iso: string): number {
  return pragueParts(iso).year;
}

/**
 * Signature of the verification link: HMAC-SHA256 of the number, domain-separated from the other
 * signed links, shortened to 128 bits. The key is the link-key ring's oldest key (Config's
 * hashingSecret), which a rotation keeps: a certificate's link must verify for as long as the
 * register keeps it, not only as long as an email link lives.
 */
export function certificateSignature(secret: string, number: string): string {
  return createHmac('sha256', secret)
    .update(`certificate:${number}`)
    .digest('base64url')
    .slice(0, 22);
}

export function verifyCertificateSignature(
  secret: string,
  number: string,
  signature: string,
): boolean {
  if (!certificateNumberPattern.test(number) || !/^[A-Za-z0-9_-]{22}$/.test(signature)) {
    return false;
  }
  const expected = Buffer.from(certificateSignature(secret, number));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Where verification links point and the key that signs them. */
export interface CertificateLinkSettings {
  publicBaseUrl: string;
  certificateSecret: string;
}

export function certificateVerificationUrl(
  settings: CertificateLinkSettings,
  number: string,
): string {
  const base = settings.publicBaseUrl.replace(/\/+$/, '');
  return `${base}/osvedceni/${number}/${certificateSignature(settings.certificateSecret, number)}`;
}

const HOURS: PluralForms = { one: 'hodina', few: 'hodiny', many: 'hodin' };

/**
 * Length of the teaching in hours, to the quarter hour. An event over several days is taken
 * as the same daily hours on each calendar day it spans (a two-day course 9:00–16:00 is 14).
 */
export function certificateHours(event: { startsAt: string; endsAt: string }): number {
  const start = pragueParts(event.startsAt);
  const end = pragueParts(event.endsAt);
  const startDay = Date.UTC(start.year, start.month - 1, start.day);
  const endDay = Date.UTC(end.year, end.month - 1, end.day);
  const days = Math.round((endDay - startDay) / 86_400_000) + 1;
  const daily =
    days === 1
      ? (Date.parse(event.endsAt) - Date.parse(event.startsAt)) / 3_600_000
      : end.hour + end.minute / 60 - (start.hour + start.minute / 60);
  const hours =
    daily > 0 ? daily * days : (Date.parse(event.endsAt) - Date.parse(event.startsAt)) / 3_600_000;
  return Math.max(0.25, Math.round(hours * 4) / 4);
}

/** "6 hodin", "4 hodiny", "6,5 hodiny". */
export function formatHoursCs(hours: number): string {
  return countCs(hours, HOURS);
}

/** "22. října 2025", "29.–31. října 2025", "30. října – 2. listopadu 2025", across years in full. */
export function formatCertificateDates(startsAt: string, endsAt: string): string {
  const s = pragueParts(startsAt);
  const e = pragueParts(endsAt);
  const full = (p: typeof s) => `${p.day}. ${czechMonths.genitive[p.month - 1]} ${p.year}`;
  if (s.year !== e.year) return `${full(s)} – ${full(e)}`;
  if (s.month !== e.month) {
    return `${s.day}. ${czechMonths.genitive[s.month - 1]} – ${full(e)}`;
  }
  if (s.day !== e.day) return `${s.day}.–${full(e)}`;
  return full(s);
}

/** "22. 10. 2025" for the date of issue. */
export function formatIssueDate(iso: string): string {
  const p = pragueParts(iso);
  return `${p.day}. ${p.month}. ${p.year}`;
}

export function certificatePlace(event: Pick<TrainingEvent, 'venue' | 'onlineUrl'>): string {
  const venue = event.venue.trim();
  if (!venue || /^online$/i.test(venue)) return 'online';
  return venue;
}

export const certificateStatuses = ['valid', 'replaced', 'revoked'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

export const certificateStatusLabels: Record<CertificateStatus, string> = {
  valid: 'platné',
  replaced: 'nahrazené novým osvědčením',
  revoked: 'zrušené',
};

export const organiserSchema = lazySchema(() =>
  z.object({
    body: z.string(),
    ico: z.string(),
    signatoryName: z.string(),
    signatoryRole: z.string(),
  }),
);
export type CertificateOrganiser = z.infer<typeof organiserSchema>;

/**
 * One register entry. It names the person as printed but holds no email address, so the
 * contact-data purge leaves it alone; it expires after the legal retention period.
 */
export const certificateSchema = lazySchema(() =>
  z.object({
    number: z.string(),
    year: z.number(),
    sequence: z.number(),
    eventId: z.string(),
    registrationId: z.string(),
    name: z.string(),
    eventTitle: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    hours: z.number(),
    place: z.string(),
    organiser: organiserSchema,
    issuedAt: z.string(),
    status: z.enum(certificateStatuses),
    replacedBy: z.optional(z.string()),
    replaces: z.optional(z.string()),
    changedAt: z.optional(z.string()),
  }),
);
export type Certificate = z.infer<typeof certificateSchema>;

/** Everything a certificate says except its number, taken from the event and the registration. */
export function certificateContent(
  event: TrainingEvent,
  registration: { id: string; name: string },
  organiser: CertificateOrganiser,
): Omit<Certificate, 'number' | 'year' | 'sequence' | 'issuedAt' | 'status'> {
  return {
    eventId: event.id,
    registrationId: registration.id,
    name: registration.name,
    eventTitle: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    hours: certificateHours(event),
    place: certificatePlace(event),
    organiser,
  };
}

/** Epoch seconds when a certificate issued at `issuedAt` leaves the register. */
export function certificateExpiresAt(issuedAt: string, retentionYears: number): number {
  const issued = new Date(issuedAt);
  issued.setUTCFullYear(issued.getUTCFullYear() + retentionYears);
  return Math.floor(issued.getTime() / 1000);
}

export function certificateFileKey(number: string): string {
  const parsed = parseCertificateNumber(number);
  return `certificates/${parsed?.year ?? 'other'}/${number}.pdf`;
}

export function certificateFileName(number: string): string {
  return `osvedceni-${number}.pdf`;
}

export function eventPrintKey(eventId: string): string {
  return `certificates/print/${eventId}.pdf`;
}

/**
 * What travels on the certificates queue: references only, like the mail queue.
 * `issue`: the attendee's certificate (the one they have, or a new one), rendered and mailed.
 * `send`: render and mail an existing certificate (after a reissue).
 * `print`: all valid certificates of an event as one PDF for printing.
 */
export const certificateJobSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('issue'), eventId: z.string(), registrationId: z.string() }),
    z.object({ kind: z.literal('send'), eventId: z.string(), number: z.string() }),
    z.object({ kind: z.literal('print'), eventId: z.string(), requestedAt: z.string() }),
  ]),
);
export type CertificateJob = z.infer<typeof certificateJobSchema>;
