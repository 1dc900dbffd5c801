import type { EventRepository } from '../adapters/event-repository';
import { buildEventIcs, type CalendarMethod } from '../domain/calendar';
import {
  certificateFileKey,
  certificateFileName,
  certificateVerificationUrl,
} from '../domain/certificate';
import type { TrainingEvent } from '../domain/event';
import { eventCalendarUid, type RenderedEmail } from '../domain/mail-content';
import type { MailKind, MailMessage } from '../domain/mail-message';
import { mailDedupeKey } from '../domain/mail-message';
import { normaliseEmail, type Registration } from '../domain/registration';
import { reminderApplies } from '../domain/reminders';
import type { OrganiserContact } from '../domain/vocabulary';
import { certificateEmail } from '../web/emails/certificate-email';
import { eventCancelledEmail, eventChangedEmail, reminderEmail } from '../web/emails/event-emails';
import {
  indicatorExportEmail,
  indicatorExportFileName,
} from '../web/emails/indicator-export-email';
import { qrPng } from '../web/emails/qr-png';
import {
  duplicateRegistrationEmail,
  promotedEmail,
  type RegistrationEmailInput,
  registrationCancelledEmail,
  registrationConfirmedEmail,
  registrationWaitlistedEmail,
  waitlistClosedEmail,
} from '../web/emails/registration-emails';
import { surveyInvitationEmail, surveyReminderEmail } from '../web/emails/survey-emails';
import { cancelUrl, checkinUrl, eventUrl, type LinkSettings, surveyUrl } from '../web/links';

export interface OutgoingAttachment {
  filename: string;
  content: Uint8Array | string;
  contentType: string;
  /** Set for images the HTML shows inline (`<img src="cid:…">`). */
  cid?: string;
}

/** One email to one recipient, ready to be composed and handed to SES. */
export interface OutgoingEmail extends RenderedEmail {
  to: { address: string; name?: string };
  attachments: OutgoingAttachment[];
}

export interface Mailer {
  /** Resolves with SES's MessageId once SES accepted the email; throws otherwise. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** What a sent email belongs to, so a bounce can be traced back to its registration. */
export interface SentMailRef {
  kind: MailKind;
  eventId?: string;
  registrationId?: string;
}

export type ClaimResult = 'claimed' | 'sent' | 'in-progress';

export interface SentMailStore {
  isSent(dedupeKey: string): Promise<boolean>;
  claim(
    dedupeKey: string,
    claim: { nowMs: number; leaseMs: number; ref: SentMailRef },
  ): Promise<ClaimResult>;
  markSent(
    dedupeKey: string,
    sent: { sesMessageId: string; sentAt: string; ref: SentMailRef },
  ): Promise<void>;
  release(dedupeKey: string): Promise<void>;
}

export interface SendMailDeps {
  events: Pick<EventRepository, 'getEvent' | 'getRegistration'>;
  sentMail: SentMailStore;
  suppression: { isSuppressed(normalisedEmail: string): Promise<boolean> };
  mailer: Mailer;
  /** Reads a file of the exports bucket (the indicator CSV). */
  exports: { read(key: string): Promise<Uint8Array> };
  links: LinkSettings;
  /** The key of certificates' verification links (Config's hashingSecret). */
  certificateSecret: string;
  /** The organiser named in calendar entries: the sender of the emails. */
  sender: { name: string; address: string };
  /** How to reach the organisers, in every email's signature. */
  contact: OrganiserContact;
  now: () => Date;
  /**
   * How long a claim stops other deliveries of the same message. Longer than one send with its
   * retries, shorter than the queue's visibility timeout, so a redelivery after a crash can
   * take the claim over.
   */
  leaseMs?: number;
  log?: (entry: Record<string, unknown>) => void;
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
const qrCid = 'qr-prezence@chytra-skoleni.cz';

type RegistrationMessage = Exclude<MailMessage, { kind: 'indicator-export' }>;
type TemplateMessage = Exclude<RegistrationMessage, { kind: 'certificate' }>;

/**
 * Whether this message still makes sense for the registration and event as they are now; the
 * queue may hold it for minutes, and people cancel or organisers edit meanwhile.
 */
function skipReason(
  message: RegistrationMessage,
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

function icsAttachment(
  deps: SendMailDeps,
  event: TrainingEvent,
  method: CalendarMethod,
  now: Date,
): OutgoingAttachment {
  const url = eventUrl(deps.links, event.id);
  const description = [
    event.description,
    event.onlineUrl ? `Připojení: ${event.onlineUrl}` : '',
    url,
  ]
    .filter(Boolean)
    .join('\n\n');
  const ics = buildEventIcs({
    uid: eventCalendarUid(event.id),
    title: event.title,
    description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    location: event.venue,
    url,
    organiserName: deps.sender.name,
    organiserEmail: deps.sender.address,
    method,
    sequence: event.revision,
    stampedAt: now.toISOString(),
  });
  return {
    filename: method === 'CANCEL' ? 'zruseni-akce.ics' : 'akce.ics',
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}

function renderForRegistration(
  deps: SendMailDeps,
  message: TemplateMessage,
  event: TrainingEvent,
  registration: Registration,
  now: Date,
): { rendered: RenderedEmail; attachments: OutgoingAttachment[] } {
  const links = {
    event: eventUrl(deps.links, event.id),
    cancel: cancelUrl(deps.links, event, registration.id),
  };
  const withQr = (): { input: RegistrationEmailInput; attachment: OutgoingAttachment } => ({
    input: { event, registration, links, now, contact: deps.contact, qrCid },
    attachment: {
      filename: 'qr-prezence.png',
      content: qrPng(checkinUrl(deps.links, event, registration.id)),
      contentType: 'image/png',
      cid: qrCid,
    },
  });
  const plain: RegistrationEmailInput = { event, registration, links, now, contact: deps.contact };
  switch (message.kind) {
    case 'registration-confirmed':
    case 'promoted':
    case 'reminder': {
      const { input, attachment } = withQr();
      const template =
        message.kind === 'registration-confirmed'
          ? registrationConfirmedEmail
          : message.kind === 'promoted'
            ? promotedEmail
            : reminderEmail;
      return {
        rendered: template(input),
        attachments: [attachment, icsAttachment(deps, event, 'PUBLISH', now)],
      };
    }
    case 'registration-waitlisted':
      return { rendered: registrationWaitlistedEmail(plain), attachments: [] };
    case 'waitlist-closed':
      return { rendered: waitlistClosedEmail(plain), attachments: [] };
    case 'duplicate-registration':
      return { rendered: duplicateRegistrationEmail(plain), attachments: [] };
    case 'registration-cancelled':
      return { rendered: registrationCancelledEmail(plain), attachments: [] };
    case 'event-cancelled':
      return {
        rendered: eventCancelledEmail(plain),
        attachments: [icsAttachment(deps, event, 'CANCEL', now)],
      };
    case 'event-changed':
      return {
        rendered: eventChangedEmail({
          ...plain,
          ...(message.previous ? { previous: message.previous } : {}),
        }),
        attachments: [icsAttachment(deps, event, 'PUBLISH', now)],
      };
    case 'survey-invitation':
    case 'survey-reminder': {
      const template =
        message.kind === 'survey-invitation' ? surveyInvitationEmail : surveyReminderEmail;
      return {
        rendered: template({
          event,
          links: { survey: surveyUrl(deps.links, event, registration.id) },
          now,
          contact: deps.contact,
        }),
        attachments: [],
      };
    }
  }
}

/** The certificate PDF the renderer stored; a missing file throws, so the message retries. */
async function renderCertificate(
  deps: SendMailDeps,
  message: Extract<MailMessage, { kind: 'certificate' }>,
  event: TrainingEvent,
): Promise<{ rendered: RenderedEmail; attachments: OutgoingAttachment[] }> {
  const pdf = await deps.exports.read(certificateFileKey(message.number));
  const fileName = certificateFileName(message.number);
  return {
    rendered: certificateEmail({
      event,
      number: message.number,
      fileName,
      verificationUrl: certificateVerificationUrl(
        { publicBaseUrl: deps.links.publicBaseUrl, certificateSecret: deps.certificateSecret },
        message.number,
      ),
      contact: deps.contact,
    }),
    attachments: [{ filename: fileName, content: pdf, contentType: 'application/pdf' }],
  };
}

type Prepared = { email: OutgoingEmail; ref: SentMailRef } | { skip: SkipReason };

async function prepare(deps: SendMailDeps, message: MailMessage, now: Date): Promise<Prepared> {
  if (message.kind === 'indicator-export') {
    const recipient = normaliseEmail(message.recipient);
    if (await deps.suppression.isSuppressed(recipient)) return { skip: 'suppressed' };
    // A missing export throws: the message retries and ends in the dead-letter queue, visibly.
    const csv = await deps.exports.read(message.csvKey);
    const fileName = indicatorExportFileName(message.year, message.generatedAt);
    return {
      email: {
        ...indicatorExportEmail({
          year: message.year,
          generatedAt: message.generatedAt,
          fileName,
          contact: deps.contact,
        }),
        to: { address: recipient },
        attachments: [{ filename: fileName, content: csv, contentType: 'text/csv; charset=utf-8' }],
      },
      ref: { kind: message.kind },
    };
  }

  const event = await deps.events.getEvent(message.eventId);
  if (!event) return { skip: 'event-not-found' };
  const registration = await deps.events.getRegistration(message.eventId, message.registrationId);
  if (!registration) return { skip: 'registration-not-found' };
  const reason = skipReason(message, event, registration, now);
  if (reason) return { skip: reason };
  if (!registration.email) return { skip: 'contact-purged' };
  if (registration.undeliverable) return { skip: 'undeliverable' };
  const address = normaliseEmail(registration.email);
  if (await deps.suppression.isSuppressed(address)) return { skip: 'suppressed' };

  const { rendered, attachments } =
    message.kind === 'certificate'
      ? await renderCertificate(deps, message, event)
      : renderForRegistration(deps, message, event, registration, now);
  return {
    email: {
      ...rendered,
      to: { address, ...(registration.name ? { name: registration.name } : {}) },
      attachments,
    },
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
    deps.log?.({
      level: 'error',
      msg: 'mail.record-failed',
      kind: message.kind,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  return { outcome: 'sent', sesMessageId };
}
