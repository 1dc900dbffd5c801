import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema';
import { normaliseEmail } from '../domain/registration';

/**
 * SES event notifications (configuration-set event publishing: `eventType`; identity
 * notifications: `notificationType`), as SNS delivers them to the queue: wrapped in an SNS
 * envelope, or bare with raw message delivery. Only what is acted upon is validated.
 */
const snsEnvelopeSchema = lazySchema(() =>
  z.object({
    Type: z.string(),
    Message: z.string(),
  }),
);

const recipientsSchema = lazySchema(() =>
  z.array(z.object({ emailAddress: z.string() })).check(z.minLength(1)),
);

const sesEventSchema = lazySchema(() =>
  z.object({
    eventType: z.optional(z.string()),
    notificationType: z.optional(z.string()),
    mail: z.optional(z.object({ messageId: z.optional(z.string()) })),
  }),
);

const bounceSchema = lazySchema(() =>
  z.object({
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipientsSchema }),
  }),
);

const complaintSchema = lazySchema(() =>
  z.object({
    complaint: z.object({ complainedRecipients: recipientsSchema }),
  }),
);

export interface MailEventsDeps {
  suppression: {
    suppress(
      normalisedEmail: string,
      details: { reason: 'bounce' | 'complaint'; at: string },
    ): Promise<void>;
    markRegistrationUndeliverable(eventId: string, registrationId: string): Promise<boolean>;
  };
  sentMail: {
    findBySesMessageId(
      sesMessageId: string,
    ): Promise<{ eventId?: string | undefined; registrationId?: string | undefined } | undefined>;
  };
  now: () => Date;
}

export type MailEventResult =
  | { outcome: 'ignored'; eventType: string }
  | {
      outcome: 'suppressed';
      reason: 'bounce' | 'complaint';
      addresses: number;
      registrationMarked: boolean;
    };

/** A body that is no SES notification; the consumer fails it so it ends in the dead-letter queue. */
export class InvalidMailEventError extends Error {
  override name = 'InvalidMailEventError';
  constructor(readonly code: string) {
    super(code);
  }
}

function invalid(code: string): InvalidMailEventError {
  return new InvalidMailEventError(code);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('invalid_json');
  }
}

/** "Jana <jana@example.cz>" and "jana@example.cz" alike become the normalised address. */
export function addressOf(emailAddress: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(emailAddress);
  return normaliseEmail(angle?.[1] ?? emailAddress);
}

/** The SES event inside a queue message body (SNS envelope or raw delivery). */
export function unwrapNotification(body: string): unknown {
  const outer = parseJson(body);
  const envelope = snsEnvelopeSchema.safeParse(outer);
  if (envelope.success) {
    return envelope.data.Type === 'Notification' ? parseJson(envelope.data.Message) : undefined;
  }
  return outer;
}

/**
 * Handles one SES notification.
 * 1. Unwrap and validate; other SNS message types and SES event types are acknowledged.
 * 2. Permanent bounces and complaints: suppress each recipient address (idempotent).
 * 3. Mark the registration the email was sent for as undeliverable, found by SES MessageId.
 * Invalid input throws an InvalidMailEventError, so the message ends in the dead-letter queue.
 */
export async function handleMailEvent(
  deps: MailEventsDeps,
  body: string,
): Promise<MailEventResult> {
  const unwrapped = unwrapNotification(body);
  if (unwrapped === undefined) return { outcome: 'ignored', eventType: 'sns-control' };
  const parsed = sesEventSchema.safeParse(unwrapped);
  const eventType = parsed.success
    ? (parsed.data.eventType ?? parsed.data.notificationType)
    : undefined;
  if (!parsed.success || !eventType) {
    throw invalid('invalid_notification');
  }

  let reason: 'bounce' | 'complaint';
  let recipients: { emailAddress: string }[];
  if (eventType === 'Bounce') {
    const bounce = bounceSchema.safeParse(unwrapped);
    if (!bounce.success) throw invalid('invalid_bounce');
    // Transient bounces (full mailbox, greylisting) heal themselves; SES retries them.
    if (bounce.data.bounce.bounceType !== 'Permanent') {
      return { outcome: 'ignored', eventType: `Bounce/${bounce.data.bounce.bounceType}` };
    }
    reason = 'bounce';
    recipients = bounce.data.bounce.bouncedRecipients;
  } else if (eventType === 'Complaint') {
    const complaint = complaintSchema.safeParse(unwrapped);
    if (!complaint.success) throw invalid('invalid_complaint');
    reason = 'complaint';
    recipients = complaint.data.complaint.complainedRecipients;
  } else {
    return { outcome: 'ignored', eventType };
  }

  const at = deps.now().toISOString();
  const addresses = [...new Set(recipients.map((r) => addressOf(r.emailAddress)))];
  for (const address of addresses) {
    await deps.suppression.suppress(address, { reason, at });
  }

  let registrationMarked = false;
  const sesMessageId = parsed.data.mail?.messageId;
  if (sesMessageId) {
    const ref = await deps.sentMail.findBySesMessageId(sesMessageId);
    if (ref?.eventId && ref.registrationId) {
      registrationMarked = await deps.suppression.markRegistrationUndeliverable(
        ref.eventId,
        ref.registrationId,
      );
    }
  }
  return { outcome: 'suppressed', reason, addresses: addresses.length, registrationMarked };
}
