import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema';
import { isConditionFailure } from './dynamo/errors';
import { dueIndexNames, keys } from './dynamo/keys';
import { queryDue } from './dynamo/query';
import type { TransactItem } from './dynamo/transaction';

/**
 * Goes into every transaction that writes personal data to an event (a registration, a walk-in,
 * a survey comment): the event is (again) due for the purge at its end plus the retention days.
 * The writer need not know the event's end: the index key is copied from `dueKey`, which the
 * event's creation and edits keep current. An event stored before the schedule existed has no
 * `dueKey`; the write time stands in, and the purge moves the entry to the real end when it
 * finds it early. `arms` counts the writes, so the purge never takes an entry out of the index
 * that a write re-armed while the purge was running.
 */
export function armRetentionDue(tableName: string, eventId: string, nowIso: string): TransactItem {
  const fallback = keys.retentionDueSortKey(nowIso, eventId);
  return {
    Update: {
      TableName: tableName,
      Key: keys.retentionDue(eventId),
      UpdateExpression:
        'SET #duePk = :partition, #dueSk = if_not_exists(dueKey, :fallback), dueKey = if_not_exists(dueKey, :fallback), eventId = :eventId ADD arms :one',
      ExpressionAttributeNames: dueIndexNames,
      ExpressionAttributeValues: {
        ':partition': keys.retentionDuePartition,
        ':fallback': fallback,
        ':eventId': eventId,
        ':one': 1,
      },
    },
  };
}

/** The schedule item as the event's creation writes it: known end, nothing to purge yet. */
export function retentionDueItem(eventId: string, endsAt: string): Record<string, unknown> {
  return {
    ...keys.retentionDue(eventId),
    eventId,
    dueKey: keys.retentionDueSortKey(endsAt, eventId),
  };
}

const dueEntrySchema = lazySchema(() =>
  z.object({ eventId: z.string(), arms: z.optional(z.number()) }),
);
export interface RetentionDueEntry {
  eventId: string;
  arms: number;
}

export function createRetentionDueRepository(dynamo: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Entries of events that ended at or before `cutoff`, oldest first, at most `limit`. */
    async due(
      cutoff: Date,
      limit: number,
    ): Promise<{ entries: RetentionDueEntry[]; more: boolean }> {
      const { items, more } = await queryDue(
        dynamo,
        tableName,
        keys.retentionDuePartition,
        cutoff,
        limit,
      );
      const entries: RetentionDueEntry[] = [];
      for (const item of items) {
        const parsed = dueEntrySchema.safeParse(item);
        if (parsed.success)
          entries.push({ eventId: parsed.data.eventId, arms: parsed.data.arms ?? 0 });
      }
      return { entries, more };
    },

    /**
     * Records the event's (new) end. An armed entry moves with it, so an event whose end an
     * organiser moves earlier is purged on time, and one moved later is not purged early.
     */
    async reschedule(eventId: string, endsAt: string): Promise<void> {
      const dueKey = keys.retentionDueSortKey(endsAt, eventId);
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.retentionDue(eventId),
            UpdateExpression: 'SET dueKey = :dueKey, #dueSk = :dueKey, eventId = :eventId',
            ConditionExpression: 'attribute_exists(#duePk)',
            ExpressionAttributeNames: dueIndexNames,
            ExpressionAttributeValues: { ':dueKey': dueKey, ':eventId': eventId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.retentionDue(eventId),
            UpdateExpression: 'SET dueKey = :dueKey, eventId = :eventId',
            ExpressionAttributeValues: { ':dueKey': dueKey, ':eventId': eventId },
          }),
        );
      }
    },

    /**
     * Takes the entry out of the index after its event was purged, unless a write armed it again
     * meanwhile (then the next run purges what that write added). True when taken out.
     */
    async disarm(entry: RetentionDueEntry, nowIso: string): Promise<boolean> {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.retentionDue(entry.eventId),
            UpdateExpression: 'SET purgedAt = :now REMOVE #duePk, #dueSk',
            ExpressionAttributeNames: dueIndexNames,
            ConditionExpression: entry.arms ? 'arms = :arms' : 'attribute_not_exists(arms)',
            ...(entry.arms
              ? { ExpressionAttributeValues: { ':now': nowIso, ':arms': entry.arms } }
              : { ExpressionAttributeValues: { ':now': nowIso } }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}

export type RetentionDueRepository = ReturnType<typeof createRetentionDueRepository>;
