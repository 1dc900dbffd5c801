import type { RenderedEmail } from '../domain/mail-content';
import type { MailKind } from '../domain/mail-message';

export interface OutgoingAttachment {
  filename: string;
  content: Uint8Array | string;
  contentType: string;
  /** Set for images the HTML shows inline (`<img src="cid:…">`). */
  cid?: string;
}

/** One email to one recipient, ready to be handed to SES. */
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
