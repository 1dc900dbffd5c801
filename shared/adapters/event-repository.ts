import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { eventSchema, type TrainingEvent } from '../domain/event';
import { type EventNotice, statusChangeMail } from '../domain/mail-message';
import type { AddressHasher, RateCounter } from '../domain/rate-limit';
import { type Registration, registrationSchema } from '../domain/registration';
import { table } from '../resources';
import { keys, withoutKeys } from './keys';
import { noticeItem, noticeKey, outboxWrite } from './mail-outbox';
import { personIndexWrite } from './people-repository';
import { counterWrites, refusedCounter } from './rate-limit-counters';
import { armRetentionDue, createRetentionDueRepository, retentionDueItem } from './retention-due';

/** Attempts of a registration cancelled by a concurrent transaction, after the first. */
const conflictRetries = 6;

export type RegisterOutcome =
  | { outcome: 'confirmed' | 'waitlisted'; registration: Registration }
  | { outcome: 'duplicate'; existingRegistrationId: string }
  | { outcome: 'closed' }
  | { outcome: 'rate-limited'; counter: RateCounter };

/**
 * The writes that move someone from the waiting list onto a seat. `checkCapacity: false` is for
 * the door, where the room has already taken them; a promotion waits for a free seat.
 */
export function confirmWaitlistedWrites(
  tableName: string,
  registration: Pick<Registration, 'eventId' | 'id'>,
  nowIso: string,
  options: { checkCapacity: boolean; attended: boolean },
): NonNullable<TransactWriteCommandInput['TransactItems']> {
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.registration(registration.eventId, registration.id),
        UpdateExpression: `SET #status = :confirmed, confirmedAt = :now${options.attended ? ', attendedAt = :now' : ''}`,
        ConditionExpression: '#status = :waitlisted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':confirmed': 'confirmed',
          ':waitlisted': 'waitlisted',
          ':now': nowIso,
        },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: keys.event(registration.eventId),
        UpdateExpression:
          'SET confirmedCount = confirmedCount + :one, waitlistedCount = waitlistedCount - :one',
        ...(options.checkCapacity
          ? {
              ConditionExpression: '#status = :published AND confirmedCount < #capacity',
              ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
              ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
            }
          : { ExpressionAttributeValues: { ':one': 1 } }),
      },
    },
  ];
}

async function queryAll(
  dynamo: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export { queryAll };

/**
 * Events and their registrations. Capacity is enforced by DynamoDB itself: the seat counter on
 * the event item is incremented in the same transaction that writes the registration, on the
 * condition that a seat is left, so concurrent requests can never oversell.
 */
export function createEventRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
) {
  const retentionDue = createRetentionDueRepository(dynamo, tableName);
  const parseEvent = (item: Record<string, unknown>) => eventSchema.parse(withoutKeys(item));
  const parseRegistration = (item: Record<string, unknown>) =>
    registrationSchema.parse(withoutKeys(item));

  function eventItem(event: TrainingEvent) {
    return {
      ...keys.event(event.id),
      ...keys.eventsByStart(event.startsAt, event.id),
      ...event,
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
      const { id, confirmedCount, waitlistedCount, createdAt, ...details } = event;
      const names: Record<string, string> = { '#revision': 'revision' };
      const values: Record<string, unknown> = { ':expected': expectedRevision };
      const sets: string[] = [];
      const removes: string[] = [];
      const fields: Record<string, unknown> = {
        ...details,
        ...keys.eventsByStart(event.startsAt, event.id),
      };
      for (const optional of [
        'onlineUrl',
        'registrationOpensAt',
        'registrationClosesAt',
        'seriesId',
        'reminderOffsetsHours',
        'clientAllowancePerHour',
      ]) {
        if (!(optional in fields) || fields[optional] === undefined) {
          names[`#${optional}`] = optional;
          removes.push(`#${optional}`);
          delete fields[optional];
        }
      }
      for (const [name, value] of Object.entries(fields)) {
        names[`#${name}`] = name;
        values[`:${name}`] = value;
        sets.push(`#${name} = :${name}`);
      }
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.event(id),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND #revision = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        await retentionDue.reschedule(id, event.endsAt);
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Events by start time, oldest first; bounded by the optional ISO instants. */
    async listEventsByStart(range: { from?: string; to?: string } = {}): Promise<TrainingEvent[]> {
      const from = range.from ?? '0';
      const to = range.to ? `${range.to}#\uffff` : '\uffff';
      const items = await queryAll(dynamo, {
        TableName: tableName,
        IndexName: table.indexes.byStart.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: {
          '#pk': table.indexes.byStart.partitionKey,
          '#sk': table.indexes.byStart.sortKey,
        },
        ExpressionAttributeValues: { ':pk': keys.eventsByStartPartition, ':from': from, ':to': to },
      });
      return items.map(parseEvent);
    },

    /**
     * Takes a seat, or a waiting-list place when none is left, in one transaction with the email
     * claim. With `openAt` (an instant as toISOString) the transaction also requires the
     * registration window to be open then: not started, opened, not yet closed. Stored event
     * instants are UTC ISO strings of that same form, which order as text the way they order in
     * time, so the endpoint needs no read of the event beforehand and never acts on a stale one.
     * 'closed' covers a missing, draft, cancelled or closed event alike; the caller reads the
     * event to say which. With `mailOutbox` the email announcing the outcome is written to the
     * mail outbox in the same transaction (the caller queues it too; see sweep-mail-outbox).
     * `rateCounters` are incremented in the same transaction too, each on the condition that it
     * is below its limit; one that is not refuses the registration ('rate-limited').
     */
    async register(
      registration: Registration & { email: string },
      options: {
        waitlistOnly?: boolean;
        openAt?: string;
        mailOutbox?: boolean;
        rateCounters?: readonly RateCounter[];
      } = {},
    ): Promise<RegisterOutcome> {
      const rateCounters = options.rateCounters ?? [];
      const eventKey = keys.event(registration.eventId);
      const claim = {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.emailClaim(registration.eventId, addressHash(registration.email)),
            registrationId: registration.id,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
      const attempt = async (
        status: 'confirmed' | 'waitlisted',
        conflicts = 0,
      ): Promise<RegisterOutcome> => {
        const stored: Registration = {
          ...registration,
          status,
          ...(status === 'confirmed' ? { confirmedAt: registration.createdAt } : {}),
        };
        const counter = status === 'confirmed' ? 'confirmedCount' : 'waitlistedCount';
        const conditions = ['#status = :published'];
        const names: Record<string, string> = { '#status': 'status' };
        const values: Record<string, unknown> = { ':one': 1, ':published': 'published' };
        if (options.openAt) {
          conditions.push(
            '#startsAt > :openAt',
            '(attribute_not_exists(#opensAt) OR #opensAt <= :openAt)',
            '(attribute_not_exists(#closesAt) OR #closesAt > :openAt)',
          );
          Object.assign(names, {
            '#startsAt': 'startsAt',
            '#opensAt': 'registrationOpensAt',
            '#closesAt': 'registrationClosesAt',
          });
          values[':openAt'] = options.openAt;
        }
        if (status === 'confirmed') {
          conditions.push('confirmedCount < #capacity');
          names['#capacity'] = 'capacity';
        }
        try {
          await dynamo.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: tableName,
                    Key: eventKey,
                    UpdateExpression: `SET ${counter} = ${counter} + :one`,
                    ConditionExpression: conditions.join(' AND '),
                    ExpressionAttributeNames: names,
                    ExpressionAttributeValues: values,
                  },
                },
                claim,
                {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...keys.registration(registration.eventId, registration.id),
                      ...stored,
                    },
                  },
                },
                ...(options.mailOutbox
                  ? [
                      outboxWrite(
                        tableName,
                        statusChangeMail(stored, status),
                        Date.parse(stored.createdAt),
                      ),
                    ]
                  : []),
                personIndexWrite(tableName, addressHash(registration.email), registration),
                armRetentionDue(tableName, registration.eventId, registration.createdAt),
                ...counterWrites(tableName, rateCounters),
              ],
            }),
          );
          return { outcome: status, registration: stored };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const overLimit = refusedCounter(error.CancellationReasons, rateCounters);
          if (overLimit) return { outcome: 'rate-limited', counter: overLimit };
          const [eventReason, claimReason] = error.CancellationReasons ?? [];
          if (claimReason?.Code === 'ConditionalCheckFailed') {
            const existing = await dynamo.send(
              new GetCommand({
                TableName: tableName,
                Key: claim.Put.Item.pk ? { pk: claim.Put.Item.pk, sk: claim.Put.Item.sk } : {},
                ConsistentRead: true,
              }),
            );
            return {
              outcome: 'duplicate',
              existingRegistrationId: String(existing.Item?.registrationId ?? ''),
            };
          }
          if (eventReason?.Code === 'ConditionalCheckFailed') {
            if (status === 'confirmed') return attempt('waitlisted');
            return { outcome: 'closed' };
          }
          // DynamoDB cancels a transaction that meets another one on the same item, which on a
          // popular event's seat counter is the rule in a burst, not the exception: try again
          // after a growing, jittered pause (at most about 1.6 s in all).
          const conflicted = error.CancellationReasons?.some(
            (r) => r.Code === 'TransactionConflict',
          );
          if (conflicted && conflicts < conflictRetries) {
            await new Promise((resolve) =>
              setTimeout(resolve, Math.random() * 25 * 2 ** conflicts),
            );
            return attempt(status, conflicts + 1);
          }
          throw error;
        }
      };
      return attempt(options.waitlistOnly ? 'waitlisted' : 'confirmed');
    },

    async getRegistration(eventId: string, registrationId: string) {
      const result = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.registration(eventId, registrationId),
          ConsistentRead: true,
        }),
      );
      return result.Item ? parseRegistration(result.Item) : undefined;
    },

    /** The event's registrations in the order they came, which is the waiting-list order. */
    async listRegistrations(eventId: string): Promise<Registration[]> {
      const items = await queryAll(dynamo, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.eventPartition(eventId),
          ':prefix': keys.registrationPrefix,
        },
        ConsistentRead: true,
      });
      return items.map(parseRegistration);
    },

    /**
     * Cancels one registration, frees its seat and its email claim (so the person may register
     * again). Returns undefined when it was already cancelled: cancelling is idempotent. With
     * `mailOutbox` the cancellation email goes into the mail outbox in the same transaction.
     */
    async cancelRegistration(
      registration: Registration,
      nowIso: string,
      options: { mailOutbox?: boolean } = {},
    ): Promise<Registration | undefined> {
      if (registration.status === 'cancelled') return undefined;
      const counter = registration.status === 'confirmed' ? 'confirmedCount' : 'waitlistedCount';
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.registration(registration.eventId, registration.id),
                  UpdateExpression: 'SET #status = :cancelled, cancelledAt = :now',
                  ConditionExpression: '#status = :previous',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':cancelled': 'cancelled',
                    ':previous': registration.status,
                    ':now': nowIso,
                  },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: keys.event(registration.eventId),
                  UpdateExpression: `SET ${counter} = ${counter} - :one`,
                  ExpressionAttributeValues: { ':one': 1 },
                },
              },
              ...(registration.email
                ? [
                    {
                      Delete: {
                        TableName: tableName,
                        Key: keys.emailClaim(registration.eventId, addressHash(registration.email)),
                        ConditionExpression: 'registrationId = :id',
                        ExpressionAttributeValues: { ':id': registration.id },
                      },
                    },
                  ]
                : []),
              ...(options.mailOutbox
                ? [
                    outboxWrite(
                      tableName,
                      statusChangeMail(registration, 'cancelled'),
                      Date.parse(nowIso),
                    ),
                  ]
                : []),
            ],
          }),
        );
        return { ...registration, status: 'cancelled', cancelledAt: nowIso };
      } catch (error) {
        if (error instanceof TransactionCanceledException) return undefined;
        throw error;
      }
    },

    /**
     * Moves the first person of the waiting list onto a free seat. Returns undefined when the
     * event is full or nobody waits; a lost race simply tries the next call. With `mailOutbox`
     * the promotion email goes into the mail outbox in the same transaction.
     */
    async promoteNext(
      eventId: string,
      nowIso: string,
      options: { mailOutbox?: boolean } = {},
    ): Promise<Registration | undefined> {
      const registrations = await this.listRegistrations(eventId);
      const next = registrations.find((r) => r.status === 'waitlisted');
      if (!next) return undefined;
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              ...confirmWaitlistedWrites(tableName, next, nowIso, {
                checkCapacity: true,
                attended: false,
              }),
              ...(options.mailOutbox
                ? [outboxWrite(tableName, statusChangeMail(next, 'promoted'), Date.parse(nowIso))]
                : []),
            ],
          }),
        );
        return { ...next, status: 'confirmed', confirmedAt: nowIso };
      } catch (error) {
        if (error instanceof TransactionCanceledException) return undefined;
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
          if (error instanceof ConditionalCheckFailedException) return undefined;
          throw error;
        });
      return result?.Attributes ? parseEvent(result.Attributes) : undefined;
    },
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
