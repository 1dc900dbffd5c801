import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { eventSchema, type TrainingEvent, waitlistLimit } from '../domain/event';
import type { EventNotice } from '../domain/mail-message';
import type { AddressHasher } from '../domain/rate-limit';
import type { EventStore } from '../use-cases/ports';
import { batchWrite } from './dynamo/batch';
import { isConditionFailure } from './dynamo/errors';
import { keys, parseKeys, withoutKeys } from './dynamo/keys';
import { indexQuery, partitionQuery, queryAll } from './dynamo/query';
import { updateExpression } from './dynamo/update';
import { noticeItem, noticeKey } from './mail-outbox';
import { createRetentionDueRepository, retentionDueItem } from './retention-due';

/** SES's mailbox simulator: its addresses succeed, bounce or complain and reach nobody. */
export const sesSimulatorDomain = '@simulator.amazonses.com';

/** Attributes an organiser may leave out; saving the event without one removes it. */
const optionalDetails = [
  'waitlistCapacity',
  'onlineUrl',
  'registrationOpensAt',
  'registrationClosesAt',
  'seriesId',
  'reminderOffsetsHours',
  'clientAllowancePerHour',
  'certificates',
] as const;

/**
 * Events: their details, status and notices. The seat counters on the event item belong to the
 * registration transactions (registrations-repository.ts); nothing here writes them.
 */
export function createEventsRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
): EventStore {
  const retentionDue = createRetentionDueRepository(dynamo, tableName);
  const parseEvent = (item: Record<string, unknown>) => eventSchema.parse(withoutKeys(item));

  function eventItem(event: TrainingEvent) {
    return {
      ...keys.event(event.id),
      ...keys.eventsByStart(event.startsAt, event.id),
      ...event,
      waitlistLimit: waitlistLimit(event),
    };
  }

  async function getEvent(eventId: string): Promise<TrainingEvent | undefined> {
    const result = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: keys.event(eventId), ConsistentRead: true }),
    );
    return result.Item ? parseEvent(result.Item) : undefined;
  }

  return {
    getEvent,

    /** The event with its retention schedule, so personal data written later knows its due time. */
    async createEvent(event: TrainingEvent): Promise<void> {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: eventItem(event),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: tableName, Item: retentionDueItem(event.id, event.endsAt) } },
          ],
        }),
      );
    },

    /**
     * Replaces the organiser-editable fields; the seat counters are left to the transactions
     * that own them, so an edit never loses a registration that happened meanwhile.
     */
    async saveEventDetails(event: TrainingEvent, expectedRevision: number): Promise<boolean> {
      const { id, confirmedCount, waitlistedCount, waitlistClosedAt, createdAt, ...details } =
        event;
      const update = updateExpression({
        ...Object.fromEntries(optionalDetails.map((name) => [name, undefined])),
        ...details,
        ...keys.eventsByStart(event.startsAt, event.id),
        waitlistLimit: waitlistLimit(event),
      });
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.event(id),
            ...update,
            // Nobody loses a confirmed seat to a lower capacity, however late they registered.
            ConditionExpression:
              'attribute_exists(pk) AND #revision = :expected AND confirmedCount <= :capacity',
            ExpressionAttributeNames: {
              ...update.ExpressionAttributeNames,
              '#revision': 'revision',
            },
            ExpressionAttributeValues: {
              ...update.ExpressionAttributeValues,
              ':expected': expectedRevision,
            },
          }),
        );
        await retentionDue.reschedule(id, event.endsAt);
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Events by start time, oldest first; bounded by the optional ISO instants. */
    async listEventsByStart(range: { from?: string; to?: string } = {}): Promise<TrainingEvent[]> {
      const items = await queryAll(
        dynamo,
        indexQuery(tableName, 'byStart', keys.eventsByStartPartition, {
          condition: '#sk BETWEEN :from AND :to',
          values: {
            ':from': range.from ?? '0',
            ':to': range.to ? `${range.to}#\uffff` : '\uffff',
          },
        }),
      );
      return items.map(parseEvent);
    },

    /**
     * Deletes a test event (`hidden`) with everything stored under it, and lifts the
     * suppression of its registrants' SES mailbox simulator addresses, which reach no person,
     * so the next smoke test can bounce again. Other events are never deleted: their
     * registrations are the indicators' evidence.
     */
    async deleteTestEvent(eventId: string): Promise<'deleted' | 'not-found' | 'not-a-test-event'> {
      const event = await getEvent(eventId);
      if (!event) return 'not-found';
      if (!event.hidden) return 'not-a-test-event';
      const items = await queryAll(dynamo, {
        ...partitionQuery(tableName, keys.eventPartition(eventId)),
        ProjectionExpression: 'pk, sk, #email',
        ExpressionAttributeNames: { '#email': 'email' },
        ConsistentRead: true,
      });
      const simulatorAddresses = [
        ...new Set(
          items
            .filter((item) => parseKeys.registrationId(item.sk) !== undefined)
            .map((item) => item.email)
            .filter(
              (email): email is string =>
                typeof email === 'string' && email.endsWith(sesSimulatorDomain),
            ),
        ),
      ];
      await batchWrite(dynamo, tableName, [
        ...items.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
        ...simulatorAddresses.map((address) => ({
          DeleteRequest: { Key: keys.suppressedAddress(addressHash(address)) },
        })),
      ]);
      return 'deleted';
    },

    /**
     * Records that the event's waiting list closed (registration closed or the event started)
     * and its people are being told. False when already recorded, or the event is not published.
     */
    async markWaitlistClosed(eventId: string, nowIso: string): Promise<boolean> {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.event(eventId),
            UpdateExpression: 'SET waitlistClosedAt = :now',
            ConditionExpression: '#status = :published AND attribute_not_exists(waitlistClosedAt)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':now': nowIso, ':published': 'published' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Stores an event-wide notice in the outbox; call it before the change it announces. */
    async recordNotice(notice: EventNotice, nowMs: number): Promise<void> {
      await dynamo.send(new PutCommand({ TableName: tableName, Item: noticeItem(notice, nowMs) }));
    },

    /** Removes a notice whose emails are queued, or whose change was refused. */
    async clearNotice(notice: EventNotice): Promise<void> {
      await dynamo.send(new DeleteCommand({ TableName: tableName, Key: noticeKey(notice) }));
    },

    async setEventStatus(eventId: string, status: 'published' | 'cancelled', nowIso: string) {
      const result = await dynamo
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.event(eventId),
            UpdateExpression: 'SET #status = :status, updatedAt = :now, revision = revision + :one',
            ConditionExpression: 'attribute_exists(pk) AND #status <> :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ':now': nowIso, ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        )
        .catch((error: unknown) => {
          if (isConditionFailure(error)) return undefined;
          throw error;
        });
      return result?.Attributes ? parseEvent(result.Attributes) : undefined;
    },
  };
}
