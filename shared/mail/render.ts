import { buildEventIcs, type CalendarMethod } from '../domain/calendar';
import { certificateFileName, certificateVerificationUrl } from '../domain/certificate';
import type { TrainingEvent } from '../domain/event';
import { eventCalendarUid, type RenderedEmail } from '../domain/mail-content';
import type { MailMessage } from '../domain/mail-message';
import { normaliseEmail, type Registration } from '../domain/registration';
import type { OrganiserContact } from '../domain/vocabulary';
import { cancelUrl, checkinUrl, eventUrl, type LinkSettings, surveyUrl } from '../web/links';
import { certificateEmail } from './emails/certificate-email';
import { eventCancelledEmail, eventChangedEmail, reminderEmail } from './emails/event-emails';
import { indicatorExportEmail, indicatorExportFileName } from './emails/indicator-export-email';
import { qrPng } from './emails/qr-png';
import {
  duplicateRegistrationEmail,
  promotedEmail,
  type RegistrationEmailInput,
  registrationCancelledEmail,
  registrationConfirmedEmail,
  registrationWaitlistedEmail,
  waitlistClosedEmail,
} from './emails/registration-emails';
import { surveyInvitationEmail, surveyReminderEmail } from './emails/survey-emails';
import type { OutgoingAttachment, OutgoingEmail } from './ports';

/** What every email is rendered with: fixed per deployment. */
export interface MailSettings {
  links: LinkSettings;
  /** The key of certificates' verification links (Config's hashingSecret). */
  certificateSecret: string;
  /** The organiser named in calendar entries: the sender of the emails. */
  sender: { name: string; address: string };
  /** How to reach the organisers, in every email's signature. */
  contact: OrganiserContact;
}

/**
 * What one email is rendered from: the settings, the moment of sending, and for an email about a
 * registration the event and the registration as they are stored now.
 */
export interface MailContext extends MailSettings {
  now: Date;
  event?: TrainingEvent;
  registration?: Registration;
}

export type RegistrationMail = Exclude<MailMessage, { kind: 'indicator-export' }>;
type TemplateMail = Exclude<RegistrationMail, { kind: 'certificate' }>;
type Rendered = { rendered: RenderedEmail; attachments: OutgoingAttachment[] };

const qrCid = 'qr-prezence@chytra-skoleni.cz';

function icsAttachment(
  context: MailContext,
  event: TrainingEvent,
  method: CalendarMethod,
): OutgoingAttachment {
  const url = eventUrl(context.links, event.id);
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
    organiserName: context.sender.name,
    organiserEmail: context.sender.address,
    method,
    sequence: event.revision,
    stampedAt: context.now.toISOString(),
  });
  return {
    filename: method === 'CANCEL' ? 'zruseni-akce.ics' : 'akce.ics',
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}

function renderTemplate(
  context: MailContext,
  message: TemplateMail,
  event: TrainingEvent,
  registration: Registration,
): Rendered {
  const { now, contact } = context;
  const links = {
    event: eventUrl(context.links, event.id),
    cancel: cancelUrl(context.links, event, registration.id),
  };
  const plain: RegistrationEmailInput = { event, registration, links, now, contact };
  switch (message.kind) {
    case 'registration-confirmed':
    case 'promoted':
    case 'reminder': {
      const template =
        message.kind === 'registration-confirmed'
          ? registrationConfirmedEmail
          : message.kind === 'promoted'
            ? promotedEmail
            : reminderEmail;
      const qr: OutgoingAttachment = {
        filename: 'qr-prezence.png',
        content: qrPng(checkinUrl(context.links, event, registration.id)),
        contentType: 'image/png',
        cid: qrCid,
      };
      return {
        rendered: template({ ...plain, qrCid }),
        attachments: [qr, icsAttachment(context, event, 'PUBLISH')],
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
        attachments: [icsAttachment(context, event, 'CANCEL')],
      };
    case 'event-changed':
      return {
        rendered: eventChangedEmail({
          ...plain,
          ...(message.previous ? { previous: message.previous } : {}),
        }),
        attachments: [icsAttachment(context, event, 'PUBLISH')],
      };
    case 'survey-invitation':
    case 'survey-reminder': {
      const template =
        message.kind === 'survey-invitation' ? surveyInvitationEmail : surveyReminderEmail;
      return {
        rendered: template({
          event,
          links: { survey: surveyUrl(context.links, event, registration.id) },
          now,
          contact,
        }),
        attachments: [],
      };
    }
  }
}

function renderCertificate(
  context: MailContext,
  message: Extract<MailMessage, { kind: 'certificate' }>,
  event: TrainingEvent,
): Rendered {
  const fileName = certificateFileName(message.number);
  return {
    rendered: certificateEmail({
      event,
      number: message.number,
      fileName,
      verificationUrl: certificateVerificationUrl(
        {
          publicBaseUrl: context.links.publicBaseUrl,
          certificateSecret: context.certificateSecret,
        },
        message.number,
      ),
      contact: context.contact,
    }),
    attachments: [
      {
        filename: fileName,
        content: Buffer.from(message.pdf, 'base64'),
        contentType: 'application/pdf',
      },
    ],
  };
}

/**
 * The email a mail message stands for: template, links, the calendar file and the check-in QR
 * code, and the attachments the message carries. An email about a registration needs the event
 * and the registration (with its address) in the context.
 */
export function renderMail(message: MailMessage, context: MailContext): OutgoingEmail {
  if (message.kind === 'indicator-export') {
    const fileName = indicatorExportFileName(message.year, message.generatedAt);
    return {
      ...indicatorExportEmail({
        year: message.year,
        generatedAt: message.generatedAt,
        fileName,
        contact: context.contact,
      }),
      to: { address: normaliseEmail(message.recipient) },
      attachments: [
        { filename: fileName, content: message.csv, contentType: 'text/csv; charset=utf-8' },
      ],
    };
  }
  const { event, registration } = context;
  if (!event || !registration?.email) {
    throw new Error(`A ${message.kind} email needs its event and a registration with an address`);
  }
  const { rendered, attachments } =
    message.kind === 'certificate'
      ? renderCertificate(context, message, event)
      : renderTemplate(context, message, event, registration);
  return {
    ...rendered,
    to: {
      address: normaliseEmail(registration.email),
      ...(registration.name ? { name: registration.name } : {}),
    },
    attachments,
  };
}
