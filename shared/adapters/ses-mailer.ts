import {
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../mail/ports';

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

/** A display name as a mail header carries it: RFC 2047 encoded words when it is not ASCII. */
export function mailbox(address: string, name?: string): string {
  if (!name) return address;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  // An encoded word is at most 75 characters: 45 bytes of UTF-8 in base64, never a split letter.
  const words: string[] = [];
  let bytes: number[] = [];
  for (const char of name) {
    const encoded = [...Buffer.from(char, 'utf8')];
    if (bytes.length + encoded.length > 45) {
      words.push(`=?UTF-8?B?${Buffer.from(bytes).toString('base64')}?=`);
      bytes = [];
    }
    bytes.push(...encoded);
  }
  words.push(`=?UTF-8?B?${Buffer.from(bytes).toString('base64')}?=`);
  return `${words.join(' ')} <${address}>`;
}

/**
 * The SESv2 request of one email: simple content, which SES turns into MIME itself (text and
 * HTML alternatives, the inline QR image by its Content-ID, attachments), so the mailer carries
 * no MIME library. Simple content is authorized as ses:SendEmail.
 */
export function sendEmailInput(
  from: { name: string; address: string },
  email: OutgoingEmail,
  configurationSet?: string,
): SendEmailCommandInput {
  const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
  return {
    FromEmailAddress: mailbox(from.address, from.name),
    Destination: { ToAddresses: [mailbox(email.to.address, email.to.name)] },
    Content: {
      Simple: {
        Subject: utf8(email.subject),
        Body: { Text: utf8(email.text), Html: utf8(email.html) },
        Headers: [
          { Name: 'Auto-Submitted', Value: 'auto-generated' },
          { Name: 'Content-Language', Value: 'cs' },
        ],
        Attachments: email.attachments.map((attachment) => ({
          FileName: attachment.filename,
          RawContent:
            typeof attachment.content === 'string'
              ? Buffer.from(attachment.content, 'utf8')
              : attachment.content,
          ContentType: attachment.contentType,
          // SES's default, seven bits, would break a PDF, a PNG and the diacritics of an .ics.
          ContentTransferEncoding: 'BASE64',
          ...(attachment.cid
            ? { ContentDisposition: 'INLINE', ContentId: attachment.cid }
            : { ContentDisposition: 'ATTACHMENT' }),
        })),
      },
    },
    ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
  };
}

/**
 * Sends through SES v2 with simple content. SES throttling is retried here with jittered
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
      const input = sendEmailInput(settings.from, email, settings.configurationSet);
      for (let attempt = 1; ; attempt++) {
        await limiter.take();
        try {
          const result = await ses.send(new SendEmailCommand(input));
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
