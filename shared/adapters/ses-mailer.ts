import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Mailer, OutgoingEmail } from '../use-cases/send-mail';

export interface SesMailerSettings {
  from: { name: string; address: string };
  configurationSet?: string | undefined;
  /** Sends per second for this container (SES_MAX_SEND_RATE). */
  maxSendRate: number;
  /** Attempts of one email while SES throttles, the first one included. */
  maxAttempts?: number;
  /** Base of the exponential back-off in milliseconds. */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const throttlingNames = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'LimitExceededException',
  'Throttling',
]);

export function isThrottlingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (name !== undefined && throttlingNames.has(name)) || $metadata?.httpStatusCode === 429;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Evenly spaced sends, one every 1/`ratePerSecond` seconds, with no burst: SES counts its rate
 * over short windows, so a bucket that let a whole second's worth out at once was throttled even
 * when set exactly at the account rate. Per container; the stack divides the account rate among
 * the mailer's concurrent containers.
 */
export function createRateLimiter(
  ratePerSecond: number,
  clock: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = defaultSleep,
) {
  const capacity = 1;
  let tokens = capacity;
  let refilledAt = clock();
  return {
    async take(): Promise<void> {
      for (;;) {
        const now = clock();
        tokens = Math.min(capacity, tokens + ((now - refilledAt) / 1000) * ratePerSecond);
        refilledAt = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.ceil(((1 - tokens) / ratePerSecond) * 1000));
      }
    },
  };
}

/** MIME message with text and HTML alternatives, inline images and attachments, all UTF-8. */
export async function composeRawEmail(
  from: { name: string; address: string },
  email: OutgoingEmail,
): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: email.to.name ? { name: email.to.name, address: email.to.address } : email.to.address,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'cs' },
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      content:
        typeof attachment.content === 'string'
          ? attachment.content
          : Buffer.from(attachment.content),
      contentType: attachment.contentType,
      ...(attachment.cid ? { cid: attachment.cid, contentDisposition: 'inline' } : {}),
    })),
  });
  return composer.compile().build();
}

/**
 * Sends through SES v2 with raw content. SES throttling is retried here with jittered
 * exponential back-off (on top of the SDK's own retries); when it persists the error is thrown,
 * the message goes back to the queue and comes again later.
 */
export function createSesMailer(ses: SESv2Client, settings: SesMailerSettings): Mailer {
  const sleep = settings.sleep ?? defaultSleep;
  const limiter = createRateLimiter(settings.maxSendRate, Date.now, sleep);
  const maxAttempts = settings.maxAttempts ?? 4;
  const backoffBaseMs = settings.backoffBaseMs ?? 250;

  return {
    async send(email) {
      const raw = await composeRawEmail(settings.from, email);
      for (let attempt = 1; ; attempt++) {
        await limiter.take();
        try {
          const result = await ses.send(
            new SendEmailCommand({
              FromEmailAddress: settings.from.address,
              Destination: { ToAddresses: [email.to.address] },
              Content: { Raw: { Data: raw } },
              ...(settings.configurationSet
                ? { ConfigurationSetName: settings.configurationSet }
                : {}),
            }),
          );
          if (!result.MessageId) throw new Error('SES accepted the email without a MessageId');
          return { messageId: result.MessageId };
        } catch (error) {
          if (!isThrottlingError(error) || attempt >= maxAttempts) throw error;
          // Full jitter: containers throttled together do not retry together.
          await sleep(Math.random() * backoffBaseMs * 2 ** (attempt - 1));
        }
      }
    },
  };
}
