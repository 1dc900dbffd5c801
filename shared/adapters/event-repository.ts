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
import { eventSchema, type TrainingEvent, waitlistLimit } from '../domain/event';
import { type EventNotice, mailDedupeKey, statusChangeMail } from '../domain/mail-message';
import type { AddressHasher, RateCounter } from '../domain/rate-limit';
import { type Registration, registrationSchema } from '../domain/registration';
import { table } from '../resources';
import { batchGet, batchWrite } from './batch';
import { keys, withoutKeys } from './keys';

import { noticeItem, noticeKey, outboxWrite } from './mail-outbox';
import { personIndexWrite } from './people-repository';
import { counterWrites, refusedCounter } from './rate-limit-counters';
import { armRetentionDue, createRetentionDueRepository, retentionDueItem } from './retention-due';

/** SES's mailbox simulator: its addresses succeed, bounce or complain and reach nobody. */
export const sesSimulatorDomain = '@simulator.amazonses.com';

/** Attempts of a registration cancelled by a concurrent transaction, after the first. */
const conflictRetries = 6;
/** A promotion runs behind a cancellation and may meet a burst; it keeps trying longer. */
const promotionConflictRetries = 12;

export type RegisterOutcome =
  | { outcome: 'confirmed' | 'waitlisted'; registration: Registration }
  | { outcome: 'duplicate'; existingRegistrationId: string }
  | { outcome: 'closed' }
  | { outcome: 'rate-limited'; counter: RateCounter }
  /** The event is full and so is its waiting list. */
  | { outcome: 'waitlist-full' };

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The writes that move someone from the waiting list onto a seat: the registration, its place
 * in line and the counters. `promotion` is for a freed seat: it must be free and the event still
 * taking people at `nowIso` (published, not started, registration not closed). Without it, the
 * door has let them in: the room has already taken them, whatever the counters say.
 */
export function confirmWaitlistedWrites(
  tableName: string,
  registration: Pick<Registration, 'eventId' | 'id' | 'createdAt'>,
  nowIso: string,
  options: { promotion: boolean; attended: boolean },
): TransactItem[] {
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
      Delete: {
        TableName: tableName,
        Key: keys.waitlistEntry(registration.eventId, registration.createdAt, registration.id),
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: keys.event(registration.eventId),
        UpdateExpression:
          'SET confirmedCount = confirmedCount + :one, waitlistedCount = waitlistedCount - :one',
        ...(options.promotion
          ? {
              ConditionExpression: `confirmedCount < #capacity AND ${openAtCondition}`,
              ExpressionAttributeNames: { ...openAtNames, '#capacity': 'capacity' },
              ExpressionAttributeValues: { ...openAtValues(nowIso), ':one': 1 },
            }
          : { ExpressionAttributeValues: { ':one': 1 } }),
      },
    },
  ];
}

/**
 * The event takes people at `:openAt`: published, not started, its registration window open.
 * Stored event instants are UTC ISO strings, which order as text the way they order in time.
 */
const openAtCondition = [
  '#status = :published',
  '#startsAt > :openAt',
  '(attribute_not_exists(#opensAt) OR #opensAt <= :openAt)',
  '(attribute_not_exists(#closesAt) OR #closesAt > :openAt)',
].join(' AND ');
const openAtNames = {
  '#status': 'status',
  '#startsAt': 'startsAt',
  '#opensAt': 'registrationOpensAt',
  '#closesAt': 'registrationClosesAt',
};
const openAtValues = (openAt: string) => ({ ':published': 'published', ':openAt': openAt });

/** The event's counters as a failed condition returned them (low-level attribute values). */
interface SeatState {
  confirmed: number;
  capacity: number;
  waiting: number;
  waitlistLimit: number;
}

function seatState(item: Record<string, { N?: string }> | undefined): SeatState | undefined {
  if (!item?.capacity?.N) return undefined;
  return {
    confirmed: Number(item.confirmedCount?.N ?? 0),
    capacity: Number(item.capacity.N),
    waiting: Number(item.waitlistedCount?.N ?? 0),
    waitlistLimit: item.waitlistLimit?.N ? Number(item.waitlistLimit.N) : Number.POSITIVE_INFINITY,
  };
}

/** A seat goes to a newcomer only while one is free and nobody waits for it. */
function seatForNewcomer(state: SeatState): boolean {
  return state.confirmed < state.capacity && state.waiting === 0;
}

/** Growing, jittered pause before trying a transaction that met another one again. */
function conflictPause(conflicts: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** conflicts));
}

function hasConflict(error: TransactionCanceledException): boolean {
  return Boolean(error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict'));
}

export type PromoteOutcome =
  | { outcome: 'promoted'; registration: Pick<Registration, 'eventId' | 'id' | 'createdAt'> }
  /** Nobody waits, no seat is free, or the event takes nobody any more. */
  | { outcome: 'settled' };

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
      waitlistLimit: waitlistLimit(event),
    };
  }

  async function getEvent(eventId: string): Promise<TrainingEvent | undefined> {
    const result = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: keys.event(eventId), ConsistentRead: true }),
    );
    return result.Item ? parseEvent(result.Item) : undefined;
  }

  /**
   * Events this container last found full (or with people waiting). A registration for one of
   * them tries the waiting list first, so a burst on a full event costs one transaction each,
   * not a refused seat and then a place. Only a guess: the conditions decide, and a wrong guess
   * costs one more attempt. Bounded, since a container lives through many events.
   */
  const likelyFull = new Set<string>();
  function noteSeatState(eventId: string, full: boolean) {
    if (!full) {
      likelyFull.delete(eventId);
      return;
    }
    if (likelyFull.size >= 1000) likelyFull.clear();
    likelyFull.add(eventId);
  }

  /**
   * The one transaction of a registration: the event's counter under its conditions, the email
   * claim, the registration, its place in line when it waits, and its email in the outbox. Each
   * part is one entry of the list, so a further guard is one more entry.
   */
  function registrationWrites(
    stored: Registration,
    email: string,
    options: { openAt?: string; mailOutbox?: boolean },
  ): TransactItem[] {
    const waiting = stored.status === 'waitlisted';
    const conditions: string[] = [];
    const names: Record<string, string> = { '#capacity': 'capacity' };
    const values: Record<string, unknown> = { ':one': 1, ':zero': 0 };
    if (options.openAt) {
      conditions.push(openAtCondition);
      Object.assign(names, openAtNames);
      Object.assign(values, openAtValues(options.openAt));
    } else {
      conditions.push('#status = :published');
      names['#status'] = 'status';
      values[':published'] = 'published';
    }
    if (waiting) {
      // The mirror image of a seat's condition, so every attempt has exactly one right kind.
      conditions.push(
        '(confirmedCount >= #capacity OR waitlistedCount > :zero)',
        '(attribute_not_exists(waitlistLimit) OR waitlistedCount < waitlistLimit)',
      );
    } else {
      conditions.push('confirmedCount < #capacity', 'waitlistedCount = :zero');
    }
    const counter = waiting ? 'waitlistedCount' : 'confirmedCount';
    return [
      {
        Update: {
          TableName: tableName,
          Key: keys.event(stored.eventId),
          UpdateExpression: `SET ${counter} = ${counter} + :one`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          // On refusal the counters tell a full event from a closed one without another read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.emailClaim(stored.eventId, addressHash(email)),
            registrationId: stored.id,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.registration(stored.eventId, stored.id), ...stored },
        },
      },
      ...(waiting
        ? [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.waitlistEntry(stored.eventId, stored.createdAt, stored.id),
                  registrationId: stored.id,
                  registeredAt: stored.createdAt,
                },
              },
            },
          ]
        : []),
      ...(options.mailOutbox
        ? [
            outboxWrite(
              tableName,
              statusChangeMail(stored, stored.status === 'confirmed' ? 'confirmed' : 'waitlisted'),
              Date.parse(stored.createdAt),
            ),
          ]
        : []),
      // Found by its address for access and erasure; its event due for the purge, late or not.
      personIndexWrite(tableName, addressHash(email), stored),
      armRetentionDue(tableName, stored.eventId, stored.createdAt),
    ];
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
      const names: Record<string, string> = { '#revision': 'revision' };
      const values: Record<string, unknown> = { ':expected': expectedRevision };
      const sets: string[] = [];
      const removes: string[] = [];
      const fields: Record<string, unknown> = {
        ...details,
        ...keys.eventsByStart(event.startsAt, event.id),
        waitlistLimit: waitlistLimit(event),
      };
      for (const optional of [
        'waitlistCapacity',
        'onlineUrl',
        'registrationOpensAt',
        'registrationClosesAt',
        'seriesId',
        'reminderOffsetsHours',
        'clientAllowancePerHour',
        'certificates',
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
            // Nobody loses a confirmed seat to a lower capacity, however late they registered.
            ConditionExpression:
              'attribute_exists(pk) AND #revision = :expected AND confirmedCount <= :capacity',
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
     * Takes a seat, or a place at the end of the waiting list, in one transaction with the email
     * claim. The event item's conditions decide, so concurrent requests never oversell and never
     * pass anyone waiting: a seat only while one is free and nobody waits (`confirmedCount <
     * capacity AND waitlistedCount = 0`), a waiting-list place only while that does not hold and
     * the list is below its cap. With `openAt` (an instant as toISOString) the transaction also
     * requires the registration window to be open then, so the endpoint needs no read of the
     * event beforehand. 'closed' covers a missing, draft, cancelled or closed event alike; the
     * caller reads the event to say which. With `mailOutbox` the email announcing the outcome is
     * written to the mail outbox in the same transaction (the caller queues it too).
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
      const claimKey = keys.emailClaim(registration.eventId, addressHash(registration.email));
      let status: 'confirmed' | 'waitlisted' =
        options.waitlistOnly || likelyFull.has(registration.eventId) ? 'waitlisted' : 'confirmed';
      for (let retries = 0; ; retries++) {
        const stored: Registration = {
          ...registration,
          status,
          ...(status === 'confirmed' ? { confirmedAt: registration.createdAt } : {}),
        };
        try {
          await dynamo.send(
            new TransactWriteCommand({
              TransactItems: [
                ...registrationWrites(stored, registration.email, options),
                // Last, so a refusal's reasons are read by their position (refusedCounter).
                ...counterWrites(tableName, rateCounters),
              ],
            }),
          );
          noteSeatState(registration.eventId, status === 'waitlisted');
          return { outcome: status, registration: stored };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const overLimit = refusedCounter(error.CancellationReasons, rateCounters);
          if (overLimit) return { outcome: 'rate-limited', counter: overLimit };
          const [eventReason, claimReason] = error.CancellationReasons ?? [];
          if (claimReason?.Code === 'ConditionalCheckFailed') {
            const existing = await dynamo.send(
              new GetCommand({ TableName: tableName, Key: claimKey, ConsistentRead: true }),
            );
            return {
              outcome: 'duplicate',
              existingRegistrationId: String(existing.Item?.registrationId ?? ''),
            };
          }
          if (eventReason?.Code === 'ConditionalCheckFailed') {
            const state = seatState(eventReason.Item as Record<string, { N?: string }> | undefined);
            if (!state) return { outcome: 'closed' };
            const seat = seatForNewcomer(state);
            noteSeatState(registration.eventId, !seat);
            // The counters moved since this attempt chose: the other kind of place is due.
            if (seat !== (status === 'confirmed') && retries < conflictRetries) {
              status = seat ? 'confirmed' : 'waitlisted';
              if (status === 'confirmed' && options.waitlistOnly) return { outcome: 'closed' };
              continue;
            }
            if (!seat && state.waiting >= state.waitlistLimit) return { outcome: 'waitlist-full' };
            return { outcome: 'closed' };
          }
          // DynamoDB cancels a transaction that meets another one on the same item, which on a
          // popular event's seat counter is the rule in a burst, not the exception: try again
          // after a growing, jittered pause (at most about 1.6 s in all).
          if (hasConflict(error) && retries < conflictRetries) {
            await conflictPause(retries);
            continue;
          }
          throw error;
        }
      }
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

    /**
     * Of these registrations, the ones whose confirmation or waiting-list email SES accepted
     * (their sent-mail records, shared/adapters/sent-mail-repository.ts).
     */
    async confirmationsSent(eventId: string, registrationIds: string[]): Promise<Set<string>> {
      const keyOf = (kind: 'registration-confirmed' | 'registration-waitlisted', id: string) =>
        keys.sentMail(mailDedupeKey({ kind, eventId, registrationId: id }));
      const wanted = registrationIds.flatMap((id) => [
        { id, key: keyOf('registration-confirmed', id) },
        { id, key: keyOf('registration-waitlisted', id) },
      ]);
      const found = await batchGet(
        dynamo,
        tableName,
        wanted.map((w) => w.key),
      );
      const sent = new Set(
        found.filter((item) => item.state === 'sent').map((item) => `${item.pk}`),
      );
      return new Set(wanted.filter((w) => sent.has(w.key.pk)).map((w) => w.id));
    },

    /**
     * Deletes a test event (`hidden`) with everything stored under it, and lifts the
     * suppression of its registrants' SES mailbox simulator addresses, which reach no person,
     * so the next smoke test can bounce again. Other events are never deleted: their
     * registrations are the indicators' evidence.
     */
    async deleteTestEvent(eventId: string): Promise<'deleted' | 'not-found' | 'not-a-test-event'> {
      const event = await this.getEvent(eventId);
      if (!event) return 'not-found';
      if (!event.hidden) return 'not-a-test-event';
      const registrations = await this.listRegistrations(eventId);
      const items = await queryAll(dynamo, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.eventPartition(eventId) },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      });
      const simulatorAddresses = [
        ...new Set(
          registrations
            .map((r) => r.email)
            .filter((email): email is string => Boolean(email?.endsWith(sesSimulatorDomain))),
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
              ...(registration.status === 'waitlisted'
                ? [
                    {
                      Delete: {
                        TableName: tableName,
                        Key: keys.waitlistEntry(
                          registration.eventId,
                          registration.createdAt,
                          registration.id,
                        ),
                      },
                    },
                  ]
                : []),
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
     * Moves the longest-waiting person onto a free seat: one consistent read of the first place
     * in line, one transaction. The transaction's conditions hold it to the rules: the person
     * still waits, a seat is free, and the event still takes people at `nowIso`. Someone who
     * left the line meanwhile makes it look again; a transaction that met another one is tried
     * again. 'settled' when nobody waits, no seat is free or the event takes nobody any more.
     * With `mailOutbox` the promotion email goes into the mail outbox in the same transaction.
     */
    async promoteNext(
      eventId: string,
      nowIso: string,
      options: { mailOutbox?: boolean } = {},
    ): Promise<PromoteOutcome> {
      for (let conflicts = 0; ; ) {
        const first = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': keys.eventPartition(eventId),
              ':prefix': keys.waitlistPrefix,
            },
            ConsistentRead: true,
            Limit: 1,
          }),
        );
        const entry = first.Items?.[0];
        if (!entry) return { outcome: 'settled' };
        const next = {
          eventId,
          id: String(entry.registrationId),
          createdAt: String(entry.registeredAt),
        };
        try {
          await dynamo.send(
            new TransactWriteCommand({
              TransactItems: [
                ...confirmWaitlistedWrites(tableName, next, nowIso, {
                  promotion: true,
                  attended: false,
                }),
                ...(options.mailOutbox
                  ? [outboxWrite(tableName, statusChangeMail(next, 'promoted'), Date.parse(nowIso))]
                  : []),
              ],
            }),
          );
          return { outcome: 'promoted', registration: next };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const [personReason, , eventReason] = error.CancellationReasons ?? [];
          if (eventReason?.Code === 'ConditionalCheckFailed') return { outcome: 'settled' };
          // No longer waiting (cancelled or promoted by someone else since the read), so its
          // place in line is gone or, were it left behind, must go: the line has a new head.
          if (personReason?.Code === 'ConditionalCheckFailed') {
            await dynamo.send(
              new DeleteCommand({
                TableName: tableName,
                Key: keys.waitlistEntry(eventId, next.createdAt, next.id),
              }),
            );
            continue;
          }
          if (hasConflict(error) && conflicts < promotionConflictRetries) {
            await conflictPause(Math.min(conflicts++, 5));
            continue;
          }
          throw error;
        }
      }
    },

    /**
     * Writes the place in line of every waiting registration of the event. For registrations
     * stored before places in line existed; a place left behind by a concurrent promotion is
     * removed by the next promotion that meets it.
     */
    async restoreWaitlistEntries(eventId: string): Promise<number> {
      const waiting = (await this.listRegistrations(eventId)).filter(
        (r) => r.status === 'waitlisted',
      );
      await batchWrite(
        dynamo,
        tableName,
        waiting.map((r) => ({
          PutRequest: {
            Item: {
              ...keys.waitlistEntry(eventId, r.createdAt, r.id),
              registrationId: r.id,
              registeredAt: r.createdAt,
            },
          },
        })),
      );
      return waiting.length;
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
        if (error instanceof ConditionalCheckFailedException) return false;
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
