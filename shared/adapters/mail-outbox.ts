import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type MailMessage, mailDedupeKey, mailMessageSchema } from '../domain/mail-message';
import { queryDue } from './due-index';
import { keys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * How long a message may take from its change to SES before the sweeper queues it again. Longer
 * than a burst's backlog at a sandbox SES rate and the mail queue's own retries, so a copy is
 * queued only for messages whose send to the queue was lost, almost never for slow ones.
 */
export const outboxGraceMs = 15 * 60_000;

/** Entries the sweeper never reached (it stopped for days) are dropped by DynamoDB's TTL. */
const backstopSeconds = 14 * 86_400;

/** BatchWriteItem takes at most 25 requests per call. */
const batchWriteLimit = 25;

/**
 * The outbox entry for a message, to go into the transaction that stores the change the
 * message announces: the change and the knowledge that it must be announced commit together.
 */
export function outboxWrite(tableName: string, message: MailMessage, nowMs: number): TransactItem {
  const dedupeKey = mailDedupeKey(message);
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.mailOutbox(dedupeKey),
        ...keys.mailOutboxDue(new Date(nowMs + outboxGraceMs).toISOString(), dedupeKey),
        message,
        expiresAt: Math.floor(nowMs / 1000) + backstopSeconds,
      },
    },
  };
}

export interface OutboxEntry {
  dedupeKey: string;
  /** Undefined when the stored message no longer parses; the entry is only cleared then. */
  message?: MailMessage;
  key: { pk: string; sk: string };
}

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
        const parsed = mailMessageSchema.safeParse(item.message);
        return parsed.success
          ? { dedupeKey: mailDedupeKey(parsed.data), message: parsed.data, key }
          : { dedupeKey: key.pk, key };
      });
      return { entries, more };
    },

    /** Deletes the entries; deleting one already gone is no error, so a re-run is harmless. */
    async clear(entries: OutboxEntry[]): Promise<void> {
      for (let start = 0; start < entries.length; start += batchWriteLimit) {
        let requests: NonNullable<
          ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
        >[string] = entries
          .slice(start, start + batchWriteLimit)
          .map((entry) => ({ DeleteRequest: { Key: entry.key } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 5) throw new Error('DynamoDB left outbox deletes unprocessed');
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
          const result = await dynamo.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = result.UnprocessedItems?.[tableName] ?? [];
        }
      }
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
): Promise<void> {
  try {
    await queue.enqueue(messages);
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        msg: 'mail.left-to-outbox',
        kinds: messages.map((m) => m.kind),
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
  }
}
