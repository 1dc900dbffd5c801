import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type EventNotice,
  eventNoticeKey,
  eventNoticeSchema,
  type MailMessage,
  mailDedupeKey,
  mailMessageSchema,
} from '../domain/mail-message';
import { mailOutboxKeepDays } from '../domain/retention';
import { batchWrite } from './dynamo/batch';
import { keys } from './dynamo/keys';
import { queryDue } from './dynamo/query';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * How long a message may take from its change to SES before the sweeper queues it again. Longer
 * than a burst's backlog at a sandbox SES rate and the mail queue's own retries, so a copy is
 * queued only for messages whose send to the queue was lost, almost never for slow ones.
 */
export const outboxGraceMs = 15 * 60_000;

/** Entries the sweeper never reached (it stopped for days) are dropped by DynamoDB's TTL. */
const backstopSeconds = mailOutboxKeepDays * 86_400;

/**
 * The outbox entry for a message, to go into the transaction that stores the change the
 * message announces: the change and the knowledge that it must be announced commit together.
 */
export function outboxWrite(tableName: string, message: MailMessage, nowMs: number): TransactItem {
  return {
    Put: { TableName: tableName, Item: outboxItem(mailDedupeKey(message), { message }, nowMs) },
  };
}

/** The outbox entry of an event-wide notice, stored before the change it announces. */
export function noticeItem(notice: EventNotice, nowMs: number): Record<string, unknown> {
  return outboxItem(eventNoticeKey(notice), { notice }, nowMs);
}

export function noticeKey(notice: EventNotice): { pk: string; sk: string } {
  return keys.mailOutbox(eventNoticeKey(notice));
}

function outboxItem(
  dedupeKey: string,
  payload: { message: MailMessage } | { notice: EventNotice },
  nowMs: number,
): Record<string, unknown> {
  return {
    ...keys.mailOutbox(dedupeKey),
    ...keys.mailOutboxDue(new Date(nowMs + outboxGraceMs).toISOString(), dedupeKey),
    ...payload,
    expiresAt: Math.floor(nowMs / 1000) + backstopSeconds,
  };
}

/** An entry holds one email's message or an event-wide notice; neither when it no longer parses. */
export type OutboxEntry = { key: { pk: string; sk: string } } & (
  | { message: MailMessage; dedupeKey: string }
  | { notice: EventNotice }
  | { unreadable: true }
);

export function createMailOutbox(dynamo: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Entries past their grace period, oldest first, at most `limit`. */
    async due(now: Date, limit: number): Promise<{ entries: OutboxEntry[]; more: boolean }> {
      const { items, more } = await queryDue(
        dynamo,
        tableName,
        keys.mailOutboxDuePartition,
        now,
        limit,
      );
      const entries = items.map((item): OutboxEntry => {
        const key = { pk: String(item.pk), sk: String(item.sk) };
        const message = mailMessageSchema.safeParse(item.message);
        if (message.success) {
          return { key, message: message.data, dedupeKey: mailDedupeKey(message.data) };
        }
        const notice = eventNoticeSchema.safeParse(item.notice);
        return notice.success ? { key, notice: notice.data } : { key, unreadable: true };
      });
      return { entries, more };
    },

    /** Deletes the entries; deleting one already gone is no error, so a re-run is harmless. */
    async clear(entries: OutboxEntry[]): Promise<void> {
      await batchWrite(
        dynamo,
        tableName,
        entries.map((entry) => ({ DeleteRequest: { Key: entry.key } })),
      );
    },
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;

/**
 * Queues messages whose outbox entries were just committed. The change is stored and its email
 * is safe in the outbox, so a failed queue send is not the caller's failure: the sweeper queues
 * the message once the grace period has passed.
 */
export async function enqueueBehindOutbox(
  queue: { enqueue(messages: MailMessage[]): Promise<void> },
  messages: MailMessage[],
): Promise<{ queued: boolean }> {
  try {
    await queue.enqueue(messages);
    return { queued: true };
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        msg: 'mail.left-to-outbox',
        kinds: [...new Set(messages.map((m) => m.kind))],
        count: messages.length,
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
    return { queued: false };
  }
}
