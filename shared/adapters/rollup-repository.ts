import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  type CountedAnswer,
  type CountedRegistration,
  countedAnswerSchema,
  type EventRollup,
  eventRollupSchema,
} from '../domain/indicators';
import { lazySchema } from '../domain/lazy-schema';
import { registrationSchema } from '../domain/registration';
import { answerFreeTextAttributes } from '../domain/retention';
import { log } from '../log';
import { batchGet, batchWrite } from './dynamo/batch';
import { isConditionFailure } from './dynamo/errors';
import { keys, parseKeys, withoutKeys } from './dynamo/keys';
import { partitionQuery, queryAll } from './dynamo/query';

/*
 * The items of an event's partition that the indicators and the retention purge work with:
 * the per-event rollup, the "recount me" marker, and the registrations read raw. The purge
 * lives here too because what it must keep is exactly what a rollup reads.
 */

const countedRegistrationSchema = lazySchema(() =>
  z.extend(registrationSchema, {
    personKey: z.optional(z.string()),
  }),
);

const dirtyMarkerSchema = lazySchema(() => z.object({ changedAt: z.string() }));
const purgedMarkerSchema = lazySchema(() => z.object({ purgedAt: z.string() }));
const watermarkSchema = lazySchema(() => z.object({ startKey: z.string() }));

function logSkipped(what: string, item: Record<string, unknown>): void {
  // Keys only: the item itself may hold a name or an address.
  log.warn(`Skipped an invalid ${what}`, { pk: item.pk, sk: item.sk });
}

export interface RollupState {
  rollup?: EventRollup;
  dirtyAt?: string;
}

export function createRollupRepository(dynamo: DynamoDBDocumentClient, tableName: string) {
  const partitionItems = (eventId: string, prefix: string) =>
    queryAll(dynamo, {
      ...partitionQuery(tableName, keys.eventPartition(eventId), prefix),
      ConsistentRead: true,
    });

  return {
    /** The stored rollup and dirty marker of each event: two keys per event, batched. */
    async getStates(eventIds: string[]): Promise<Map<string, RollupState>> {
      const states = new Map<string, RollupState>(eventIds.map((id) => [id, {}]));
      const items = await batchGet(
        dynamo,
        tableName,
        eventIds.flatMap((id) => [keys.indicatorRollup(id), keys.indicatorsDirty(id)]),
      );
      for (const item of items) {
        const eventId = parseKeys.eventId(item.pk);
        const state = eventId === undefined ? undefined : states.get(eventId);
        if (!state || eventId === undefined) continue;
        if (item.sk === keys.indicatorRollup(eventId).sk) {
          const parsed = eventRollupSchema.safeParse(withoutKeys(item));
          // An unreadable rollup is simply recomputed.
          if (parsed.success) state.rollup = parsed.data;
          else logSkipped('rollup', item);
        } else {
          const parsed = dirtyMarkerSchema.safeParse(item);
          if (parsed.success) state.dirtyAt = parsed.data.changedAt;
        }
      }
      return states;
    },

    /** Everything a rollup is built from: the event's registrations and survey answers. */
    async readActivity(
      eventId: string,
    ): Promise<{ registrations: CountedRegistration[]; answers: CountedAnswer[] }> {
      const [registrationItems, answerItems] = await Promise.all([
        partitionItems(eventId, keys.registrationPrefix),
        partitionItems(eventId, keys.surveyAnswerPrefix),
      ]);
      const registrations: CountedRegistration[] = [];
      for (const item of registrationItems) {
        const parsed = countedRegistrationSchema.safeParse(withoutKeys(item));
        if (parsed.success) registrations.push(parsed.data);
        else logSkipped('registration', item);
      }
      const answers: CountedAnswer[] = [];
      for (const item of answerItems) {
        const parsed = countedAnswerSchema.safeParse(withoutKeys(item));
        if (parsed.success) answers.push(parsed.data);
        else logSkipped('survey answer', item);
      }
      return { registrations, answers };
    },

    /** A whole item, never an increment: writing the same rollup twice changes nothing. */
    async putRollup(rollup: EventRollup): Promise<void> {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.indicatorRollup(rollup.eventId), ...rollup },
        }),
      );
    },

    /**
     * For code that changes attendance or survey answers long after an event (the nightly
     * aggregation recounts events for a few weeks after their end anyway): the next run
     * recounts this event's rollup.
     */
    async markDirty(eventId: string, at: Date): Promise<void> {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.indicatorsDirty(eventId), eventId, changedAt: at.toISOString() },
        }),
      );
    },
  };
}

export type RollupRepository = ReturnType<typeof createRollupRepository>;

/** The retention purge's storage: raw registration items, email claims and its markers. */
export function createPurgeRepository(dynamo: DynamoDBDocumentClient, tableName: string) {
  const partitionItems = (eventId: string, prefix: string) =>
    queryAll(dynamo, {
      ...partitionQuery(tableName, keys.eventPartition(eventId), prefix),
      ConsistentRead: true,
    });

  return {
    async getWatermark(): Promise<string | undefined> {
      const items = await batchGet(dynamo, tableName, [keys.retentionWatermark]);
      const parsed = watermarkSchema.safeParse(items[0] ?? {});
      return parsed.success ? parsed.data.startKey : undefined;
    },

    async putWatermark(startKey: string, nowIso: string): Promise<void> {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.retentionWatermark, startKey, updatedAt: nowIso },
        }),
      );
    },

    /** Ids of the events (of those given) that already carry the purge marker. */
    async purgedEventIds(eventIds: string[]): Promise<Set<string>> {
      const items = await batchGet(dynamo, tableName, eventIds.map(keys.retentionPurged));
      return new Set(
        items
          .filter((item) => purgedMarkerSchema.safeParse(item).success)
          .map((item) => parseKeys.eventId(item.pk))
          .filter((eventId): eventId is string => eventId !== undefined),
      );
    },

    /** Raw items, so the purge sees every attribute, including ones it does not know. */
    registrationItems(eventId: string): Promise<Record<string, unknown>[]> {
      return partitionItems(eventId, keys.registrationPrefix);
    },

    /**
     * Replaces a registration with its purged form, on the condition that its status and
     * attendance did not change since it was read (a concurrent change is retried by the
     * caller with a fresh read). Returns false when the condition failed.
     */
    async replaceRegistration(
      before: Record<string, unknown>,
      after: Record<string, unknown>,
    ): Promise<boolean> {
      const attended = typeof before.attendedAt === 'string';
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: after,
            ConditionExpression: `attribute_exists(pk) AND #status = :status AND ${
              attended ? 'attendedAt = :attendedAt' : 'attribute_not_exists(attendedAt)'
            }`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': before.status,
              ...(attended ? { ':attendedAt': before.attendedAt } : {}),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async getRegistrationItem(
      eventId: string,
      registrationId: string,
    ): Promise<Record<string, unknown> | undefined> {
      const result = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.registration(eventId, registrationId),
          ConsistentRead: true,
        }),
      );
      return result.Item;
    },

    /** Deletes every email claim of the event; returns how many there were. */
    async deleteEmailClaims(eventId: string): Promise<number> {
      const claims = await partitionItems(eventId, keys.emailClaimPrefix);
      await batchWrite(
        dynamo,
        tableName,
        claims.map((claim) => ({ DeleteRequest: { Key: { pk: claim.pk, sk: claim.sk } } })),
      );
      return claims.length;
    },

    async deletePersonEntries(
      entries: { addressHash: string; eventId: string; registrationId: string }[],
    ): Promise<void> {
      await batchWrite(
        dynamo,
        tableName,
        entries.map((e) => ({
          DeleteRequest: {
            Key: keys.personRegistration(e.addressHash, e.eventId, e.registrationId),
          },
        })),
      );
    },

    /** Deletes the event's survey invitations (they tie a registration to its survey link). */
    async deleteSurveyInvitations(eventId: string): Promise<number> {
      const invitations = await partitionItems(eventId, keys.surveyInvitationPrefix);
      await batchWrite(
        dynamo,
        tableName,
        invitations.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
      );
      return invitations.length;
    },

    /** Removes the free text of the event's answers (it may name people); ratings stay. */
    async removeAnswerComments(eventId: string): Promise<number> {
      const answers = await partitionItems(eventId, keys.surveyAnswerPrefix);
      let removed = 0;
      for (const answer of answers) {
        const present = answerFreeTextAttributes.filter((name) => answer[name] !== undefined);
        if (present.length === 0) continue;
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: answer.pk, sk: answer.sk },
            UpdateExpression: `REMOVE ${present.map((_, i) => `#f${i}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(
              present.map((name, i) => [`#f${i}`, name]),
            ),
          }),
        );
        removed++;
      }
      return removed;
    },

    async markPurged(eventId: string, nowIso: string, registrations: number): Promise<void> {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.retentionPurged(eventId), eventId, purgedAt: nowIso, registrations },
        }),
      );
    },
  };
}

export type PurgeRepository = ReturnType<typeof createPurgeRepository>;
