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
import { type MailOutbox, type OutboxEntry, outboxGraceMs } from '../mail/outbox';
import { batchWrite } from './dynamo/batch';
import { keys } from './dynamo/keys';
import { queryDue } from './dynamo/query';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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

/** The outbox's entries in the table (shared/mail/outbox.ts tells the whole design). */
export function createMailOutbox(dynamo: DynamoDBDocumentClient, tableName: string): MailOutbox {
  return {
    async due(now, limit) {
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

    async clear(entries) {
      await batchWrite(
        dynamo,
        tableName,
        entries.map((entry) => ({ DeleteRequest: { Key: entry.key } })),
      );
    },
  };
}
