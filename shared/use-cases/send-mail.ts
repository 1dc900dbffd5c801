import type { TrainingEvent } from '../domain/event';
import { type MailMessage, mailDedupeKey } from '../domain/mail-message';
import { normaliseEmail, type Registration } from '../domain/registration';
import { reminderApplies } from '../domain/reminders';
import type { Logger } from '../log';
import type { Mailer, OutgoingEmail, SentMailRef, SentMailStore } from '../mail/ports';
import { type MailSettings, type RegistrationMail, renderMail } from '../mail/render';
import type { EventStore, RegistrationStore } from './ports';

export interface SendMailDeps extends MailSettings {
  events: Pick<EventStore, 'getEvent'> & Pick<RegistrationStore, 'getRegistration'>;
  sentMail: SentMailStore;
  suppression: { isSuppressed(normalisedEmail: string): Promise<boolean> };
  mailer: Mailer;
  now: () => Date;
  /**
   * How long a claim stops other deliveries of the same message. Longer than one send with its
   * retries, shorter than the queue's visibility timeout, so a redelivery after a crash can
   * take the claim over.
   */
  leaseMs?: number;
  log?: Logger;
}

export type SkipReason =
  | 'event-not-found'
  | 'registration-not-found'
  | 'not-applicable'
  | 'superseded'
  | 'contact-purged'
  | 'undeliverable'
  | 'suppressed';

export type SendMailResult =
  | { outcome: 'sent'; sesMessageId: string }
  | { outcome: 'skipped'; reason: SkipReason }
  | { outcome: 'already-sent' }
  /** Another delivery holds a live claim; try again later (it may still crash). */
  | { outcome: 'in-progress' };

const defaultLeaseMs = 120_000;

/**
 * Whether this message still makes sense for the registration and event as they are now; the
 * queue may hold it for minutes, and people cancel or organisers edit meanwhile.
 */
function skipReason(
  message: RegistrationMail,
  event: TrainingEvent,
  registration: Registration,
  now: Date,
): SkipReason | undefined {
  const active = registration.status !== 'cancelled';
  switch (message.kind) {
    case 'registration-confirmed':
    case 'promoted':
      return registration.status === 'confirmed' && event.status === 'published'
        ? undefined
        : 'not-applicable';
    case 'waitlist-closed':
    case 'registration-waitlisted':
      // Promoted meanwhile: the promotion email says all there is to say.
      return registration.status === 'waitlisted' && event.status === 'published'
        ? undefined
        : 'not-applicable';
    case 'duplicate-registration':
      return active && event.status === 'published' ? undefined : 'not-applicable';
    case 'registration-cancelled':
      return registration.status === 'cancelled' ? undefined : 'not-applicable';
    case 'event-cancelled':
      if (message.revision < event.revision) return 'superseded';
      return active && event.status === 'cancelled' ? undefined : 'not-applicable';
    case 'event-changed':
      if (message.revision < event.revision) return 'superseded';
      return active && event.status === 'published' ? undefined : 'not-applicable';
    case 'reminder': {
      // A moved event has new reminders; the old one would announce the wrong day.
      if (message.startsAt !== event.startsAt) return 'superseded';
      const dueAt = new Date(Date.parse(event.startsAt) - message.offsetHours * 3_600_000);
      const applies =
        event.status === 'published' &&
        reminderApplies(
          { dueAt: dueAt.toISOString(), eventStartsAt: event.startsAt },
          registration,
          now.getTime(),
        );
      return applies ? undefined : 'not-applicable';
    }
    case 'survey-invitation':
    case 'survey-reminder':
      return active && event.status === 'published' ? undefined : 'not-applicable';
    case 'certificate':
      return registration.status === 'confirmed' && registration.attendedAt
        ? undefined
        : 'not-applicable';
  }
}

type Prepared = { email: OutgoingEmail; ref: SentMailRef } | { skip: SkipReason };

/** Loads what the email is about, decides whether it still applies and renders it. */
async function prepare(deps: SendMailDeps, message: MailMessage, now: Date): Promise<Prepared> {
  if (message.kind === 'indicator-export') {
    if (await deps.suppression.isSuppressed(normaliseEmail(message.recipient))) {
      return { skip: 'suppressed' };
    }
    return { email: renderMail(message, { ...deps, now }), ref: { kind: message.kind } };
  }

  const event = await deps.events.getEvent(message.eventId);
  if (!event) return { skip: 'event-not-found' };
  const registration = await deps.events.getRegistration(message.eventId, message.registrationId);
  if (!registration) return { skip: 'registration-not-found' };
  const reason = skipReason(message, event, registration, now);
  if (reason) return { skip: reason };
  if (!registration.email) return { skip: 'contact-purged' };
  if (registration.undeliverable) return { skip: 'undeliverable' };
  if (await deps.suppression.isSuppressed(normaliseEmail(registration.email))) {
    return { skip: 'suppressed' };
  }
  return {
    email: renderMail(message, { ...deps, now, event, registration }),
    ref: { kind: message.kind, eventId: event.id, registrationId: registration.id },
  };
}

/**
 * Sends the email one mail-queue message stands for, once per dedupe key (at least once; twice only after a crash between SES accepting and the sent record).
 * 1. A key already recorded as sent sends nothing.
 * 2. Load the current event and registration; skip what no longer applies (cancelled, purged,
 *    suppressed, superseded by a newer change).
 * 3. Render, claim the key, send through SES, record the SES MessageId for bounce handling.
 * Failures throw (after releasing the claim) so the queue retries the message.
 */
export async function sendMail(deps: SendMailDeps, message: MailMessage): Promise<SendMailResult> {
  const key = mailDedupeKey(message);
  if (await deps.sentMail.isSent(key)) return { outcome: 'already-sent' };
  const now = deps.now();
  const prepared = await prepare(deps, message, now);
  if ('skip' in prepared) return { outcome: 'skipped', reason: prepared.skip };

  const claim = await deps.sentMail.claim(key, {
    nowMs: now.getTime(),
    leaseMs: deps.leaseMs ?? defaultLeaseMs,
    ref: prepared.ref,
  });
  if (claim === 'sent') return { outcome: 'already-sent' };
  if (claim === 'in-progress') return { outcome: 'in-progress' };

  let sesMessageId: string;
  try {
    ({ messageId: sesMessageId } = await deps.mailer.send(prepared.email));
  } catch (error) {
    await deps.sentMail.release(key).catch(() => undefined);
    throw error;
  }
  try {
    await deps.sentMail.markSent(key, {
      sesMessageId,
      sentAt: deps.now().toISOString(),
      ref: prepared.ref,
    });
  } catch (error) {
    // The email is out: failing the message now would send it again once the lease expires.
    // Acknowledging it only costs the bounce mapping and the guard against a re-queued copy.
    deps.log?.error('mail.record-failed', {
      kind: message.kind,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  return { outcome: 'sent', sesMessageId };
}
