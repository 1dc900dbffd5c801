import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mailDedupeKey, statusChangeMail } from '../domain/mail-message';
import type { AddressHasher, RateCounter } from '../domain/rate-limit';
import { type Registration, registrationSchema } from '../domain/registration';
import type { PromoteOutcome, RegisterOutcome, RegistrationStore } from '../use-cases/ports';
import { batchGet, batchWrite } from './dynamo/batch';
import {
  cancellationReasons,
  conditionFailedAt,
  hasTransactionConflict,
  isTransactionCancelled,
} from './dynamo/errors';
import { keys, withoutKeys } from './dynamo/keys';
import { partitionQuery, queryAll } from './dynamo/query';
import type { TransactItem } from './dynamo/transaction';
import { outboxWrite } from './mail-outbox';
import { personIndexWrite } from './people-repository';
import { counterWrites, refusedCounter } from './rate-limit-counters';
import { armRetentionDue } from './retention-due';

/** Attempts of a registration cancelled by a concurrent transaction, after the first. */
const conflictRetries = 6;
/** A promotion runs behind a cancellation and may meet a burst; it keeps trying longer. */
const promotionConflictRetries = 12;

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

/**
 * Registrations and the transactions that move them: register, cancel, promote from the waiting
 * list. Capacity is enforced by DynamoDB itself: the seat counter on the event item is changed
 * in the same transaction that writes the registration, on the condition that a seat is left,
 * so concurrent requests can never oversell; the email a change announces goes into the mail
 * outbox in that same transaction.
 */
export function createRegistrationsRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
): RegistrationStore {
  const parseRegistration = (item: Record<string, unknown>) =>
    registrationSchema.parse(withoutKeys(item));

  /** The event's registrations in the order they came, which is the waiting-list order. */
  async function listRegistrations(eventId: string): Promise<Registration[]> {
    const items = await queryAll(dynamo, {
      ...partitionQuery(tableName, keys.eventPartition(eventId), keys.registrationPrefix),
      ConsistentRead: true,
    });
    return items.map(parseRegistration);
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
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          const overLimit = refusedCounter(reasons, rateCounters);
          if (overLimit) return { outcome: 'rate-limited', counter: overLimit };
          // The items of registrationWrites: the event's counters first, then the email claim.
          const [eventReason] = reasons;
          if (conditionFailedAt(error, 1)) {
            const existing = await dynamo.send(
              new GetCommand({ TableName: tableName, Key: claimKey, ConsistentRead: true }),
            );
            return {
              outcome: 'duplicate',
              existingRegistrationId: String(existing.Item?.registrationId ?? ''),
            };
          }
          if (conditionFailedAt(error, 0)) {
            const state = seatState(
              eventReason?.Item as Record<string, { N?: string }> | undefined,
            );
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
          if (hasTransactionConflict(error) && retries < conflictRetries) {
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

    listRegistrations,

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
        if (isTransactionCancelled(error)) return undefined;
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
            ...partitionQuery(tableName, keys.eventPartition(eventId), keys.waitlistPrefix),
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
          if (!isTransactionCancelled(error)) throw error;
          // The items of confirmWaitlistedWrites: the person, their place in line, the event.
          if (conditionFailedAt(error, 2)) return { outcome: 'settled' };
          // No longer waiting (cancelled or promoted by someone else since the read), so its
          // place in line is gone or, were it left behind, must go: the line has a new head.
          if (conditionFailedAt(error, 0)) {
            await dynamo.send(
              new DeleteCommand({
                TableName: tableName,
                Key: keys.waitlistEntry(eventId, next.createdAt, next.id),
              }),
            );
            continue;
          }
          if (hasTransactionConflict(error) && conflicts < promotionConflictRetries) {
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
      const waiting = (await listRegistrations(eventId)).filter((r) => r.status === 'waitlisted');
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
  };
}
