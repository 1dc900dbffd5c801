import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';

/**
 * What travels on the mail queue: references, and the two files the mailer attaches as they
 * were made (the indicator CSV, a certificate's PDF), so that the mailer needs no S3 client,
 * the largest part of its cold start after SES. The mailer reads the current event and
 * registration from the table, so no address sits in queues or dead-letter queues; a
 * certificate's message carries the PDF with the name as printed, which the certificate register
 * keeps for years anyway (README, Personal data).
 */
const ref = { eventId: z.string(), registrationId: z.string() };

/**
 * When and where an event was before a change, so the email can say „Původně … / Nově …“.
 * Optional: messages queued before it existed still parse and say only what holds now.
 */
const previousTimeAndPlace = lazySchema(() =>
  z.optional(
    z.object({
      startsAt: z.string(),
      endsAt: z.string(),
      venue: z.string(),
      onlineUrl: z.optional(z.string()),
    }),
  ),
);

export const mailMessageSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('registration-confirmed'), ...ref }),
    z.object({ kind: z.literal('registration-waitlisted'), ...ref }),
    /** Someone registered again with the same address; the mailbox owner learns their status. */
    z.object({ kind: z.literal('duplicate-registration'), ...ref, attemptAt: z.string() }),
    z.object({ kind: z.literal('promoted'), ...ref }),
    z.object({ kind: z.literal('registration-cancelled'), ...ref }),
    z.object({ kind: z.literal('event-cancelled'), ...ref, revision: z.number() }),
    z.object({
      kind: z.literal('event-changed'),
      ...ref,
      revision: z.number(),
      previous: previousTimeAndPlace,
    }),
    /** Registration closed or the event started while they still waited: no seat after all. */
    z.object({ kind: z.literal('waitlist-closed'), ...ref }),
    z.object({
      kind: z.literal('reminder'),
      ...ref,
      offsetHours: z.number(),
      startsAt: z.string(),
    }),
    z.object({ kind: z.literal('survey-invitation'), ...ref }),
    z.object({ kind: z.literal('survey-reminder'), ...ref }),
    /** The certificate of attendance; `pdf` is the file the renderer stored, base64. */
    z.object({ kind: z.literal('certificate'), ...ref, number: z.string(), pdf: z.string() }),
    z.object({
      kind: z.literal('indicator-export'),
      recipient: z.string(),
      year: z.number(),
      /** Where the export is stored; with the recipient, the email's identity. */
      csvKey: z.string(),
      generatedAt: z.string(),
      /** The CSV itself, as stored under `csvKey`. */
      csv: z.string(),
    }),
  ]),
);
export type MailMessage = z.infer<typeof mailMessageSchema>;
export type MailKind = MailMessage['kind'];

/**
 * The identity of one email: a redelivered message, or the same message queued twice by a
 * re-run sweeper, maps to the same key, and the mailer skips a key already recorded as sent.
 */
export function mailDedupeKey(message: MailMessage): string {
  switch (message.kind) {
    case 'duplicate-registration':
      // At most one such notice per address and event each hour, so nobody can flood a mailbox.
      return `${message.kind}#${message.registrationId}#${message.attemptAt.slice(0, 13)}`;
    case 'event-cancelled':
    case 'event-changed':
      return `${message.kind}#${message.registrationId}#${message.revision}`;
    case 'reminder':
      return `${message.kind}#${message.registrationId}#${message.offsetHours}#${message.startsAt}`;
    case 'indicator-export':
      return `${message.kind}#${message.recipient}#${message.csvKey}`;
    case 'certificate':
      // A reissued certificate (new number) is a new email; the same one is sent once.
      return `${message.kind}#${message.registrationId}#${message.number}`;
    default:
      return `${message.kind}#${message.registrationId}`;
  }
}

/** A registration's change of status that its holder is told about by email. */
export type StatusChange = 'confirmed' | 'waitlisted' | 'promoted' | 'cancelled';

const statusChangeKinds = {
  confirmed: 'registration-confirmed',
  waitlisted: 'registration-waitlisted',
  promoted: 'promoted',
  cancelled: 'registration-cancelled',
} as const satisfies Record<StatusChange, MailKind>;

/** The email announcing a registration's change of status. */
export function statusChangeMail(
  registration: { eventId: string; id: string },
  change: StatusChange,
): MailMessage {
  return {
    kind: statusChangeKinds[change],
    eventId: registration.eventId,
    registrationId: registration.id,
  };
}

/**
 * An event-wide change everyone registered must hear about. It is stored in the outbox before
 * the change, because its emails are too many for the change's own transaction; the outbox
 * sweeper sends them later if queueing them right after the change did not happen.
 */
export const eventNoticeSchema = lazySchema(() =>
  z.object({
    kind: z.enum(['event-cancelled', 'event-changed', 'waitlist-closed']),
    eventId: z.string(),
    /** The event's revision once the change is stored. */
    revision: z.number(),
    /** With event-changed: the time and place before the change. */
    previous: previousTimeAndPlace,
  }),
);
export type EventNotice = z.infer<typeof eventNoticeSchema>;

export function eventNoticeKey(notice: EventNotice): string {
  return `notice#${notice.kind}#${notice.eventId}#${notice.revision}`;
}

/**
 * The emails a notice owes, judged by the stored event: none when the change never got stored
 * (a refused edit, a crash before the write) or a later change superseded it. A cancellation
 * is final, so it is announced at whatever revision the event reached. A closed waiting list is
 * announced to those still waiting once the event records it was closed.
 */
export function eventNoticeMessages(
  notice: EventNotice,
  event: { status: string; revision: number; waitlistClosedAt?: string },
  registrations: { id: string; status: string }[],
): Extract<MailMessage, { kind: EventNotice['kind'] }>[] {
  if (notice.kind === 'waitlist-closed') {
    if (event.status !== 'published' || !event.waitlistClosedAt) return [];
    return registrations
      .filter((r) => r.status === 'waitlisted')
      .map((r) => ({
        kind: 'waitlist-closed' as const,
        eventId: notice.eventId,
        registrationId: r.id,
      }));
  }
  const stored =
    notice.kind === 'event-cancelled'
      ? event.status === 'cancelled'
      : event.status === 'published' && event.revision === notice.revision;
  if (!stored) return [];
  return registrations
    .filter((r) => r.status !== 'cancelled')
    .map((r) => ({
      kind: notice.kind,
      eventId: notice.eventId,
      registrationId: r.id,
      revision: event.revision,
      ...(notice.kind === 'event-changed' && notice.previous ? { previous: notice.previous } : {}),
    }));
}
