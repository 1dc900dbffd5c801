import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AddressHasher } from '../domain/rate-limit';
import { type Registration, registrationSchema } from '../domain/registration';
import { confirmWaitlistedWrites } from './event-repository';
import { keys, withoutKeys } from './keys';
import { personIndexWrite } from './people-repository';
import { armRetentionDue } from './retention-due';

export type MarkPresentOutcome =
  /** Now marked present. */
  | { outcome: 'marked'; registration: Registration }
  /** Was on the waiting list: let in at the door, so now confirmed and present. */
  | { outcome: 'admitted'; registration: Registration }
  | { outcome: 'already-present'; registration: Registration }
  | { outcome: 'cancelled'; registration: Registration }
  | { outcome: 'not-found' };

export type MarkAbsentOutcome =
  | { outcome: 'unmarked'; registration: Registration }
  | { outcome: 'already-absent'; registration: Registration }
  | { outcome: 'not-found' };

export type WalkInOutcome = 'created' | 'email-taken' | 'event-closed';

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/**
 * Attendance on registration items. Every write is conditional on the state it was decided
 * from, so two organisers checking people in at two doors never double-count; a lost race is
 * re-read and reported as it now stands.
 */
export function createAttendanceRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
) {
  async function get(eventId: string, registrationId: string) {
    const result = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.registration(eventId, registrationId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? registrationSchema.parse(withoutKeys(result.Item)) : undefined;
  }

  async function markPresentOnce(
    registration: Registration,
    nowIso: string,
  ): Promise<MarkPresentOutcome | 'retry'> {
    if (registration.status === 'cancelled') return { outcome: 'cancelled', registration };
    if (registration.attendedAt) return { outcome: 'already-present', registration };
    const key = keys.registration(registration.eventId, registration.id);
    try {
      if (registration.status === 'confirmed') {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression: 'SET attendedAt = :now',
            ConditionExpression: '#status = :confirmed AND attribute_not_exists(attendedAt)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':now': nowIso, ':confirmed': 'confirmed' },
          }),
        );
        return { outcome: 'marked', registration: { ...registration, attendedAt: nowIso } };
      }
      // Someone from the waiting list who came anyway and was let in: the seat counters follow,
      // without a capacity check, because the room has already taken them.
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: confirmWaitlistedWrites(tableName, registration, nowIso, {
            promotion: false,
            attended: true,
          }),
        }),
      );
      return {
        outcome: 'admitted',
        registration: {
          ...registration,
          status: 'confirmed',
          confirmedAt: nowIso,
          attendedAt: nowIso,
        },
      };
    } catch (error) {
      if (isConditionFailure(error) || error instanceof TransactionCanceledException)
        return 'retry';
      throw error;
    }
  }

  return {
    getRegistration: get,

    /** Idempotent: the first check-in time is kept. */
    async markPresent(registration: Registration, nowIso: string): Promise<MarkPresentOutcome> {
      let current: Registration | undefined = registration;
      // The registration changed under us at most a couple of times (promoted, cancelled).
      for (let attempt = 0; attempt < 3 && current; attempt++) {
        const result = await markPresentOnce(current, nowIso);
        if (result !== 'retry') return result;
        current = await get(registration.eventId, registration.id);
      }
      if (!current) return { outcome: 'not-found' };
      throw new Error('Attendance could not be recorded after repeated conflicting changes');
    },

    /** Undoes a check-in made by mistake; idempotent. */
    async markAbsent(registration: Registration): Promise<MarkAbsentOutcome> {
      if (!registration.attendedAt) return { outcome: 'already-absent', registration };
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.registration(registration.eventId, registration.id),
            UpdateExpression: 'REMOVE attendedAt',
            ConditionExpression: 'attribute_exists(attendedAt)',
          }),
        );
        const { attendedAt, ...rest } = registration;
        return { outcome: 'unmarked', registration: rest };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const current = await get(registration.eventId, registration.id);
        return current
          ? { outcome: 'already-absent', registration: current }
          : { outcome: 'not-found' };
      }
    },

    /**
     * Records someone who came without registering: confirmed and present at once. The seat
     * counter grows without a capacity check (they are already in the room), so the counts stay
     * true to the people present; an address given at the door is claimed like any other, so the
     * same person cannot end up registered twice.
     */
    async addWalkIn(registration: Registration): Promise<WalkInOutcome> {
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.event(registration.eventId),
                  UpdateExpression: 'SET confirmedCount = confirmedCount + :one',
                  ConditionExpression: 'attribute_exists(pk) AND #status = :published',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.registration(registration.eventId, registration.id),
                    ...registration,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...(registration.email
                ? [
                    {
                      Put: {
                        TableName: tableName,
                        Item: {
                          ...keys.emailClaim(registration.eventId, addressHash(registration.email)),
                          registrationId: registration.id,
                        },
                        ConditionExpression: 'attribute_not_exists(pk)',
                      },
                    },
                    personIndexWrite(tableName, addressHash(registration.email), registration),
                  ]
                : []),
              armRetentionDue(tableName, registration.eventId, registration.createdAt),
            ],
          }),
        );
        return 'created';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [eventReason, , claimReason] = error.CancellationReasons ?? [];
        if (eventReason?.Code === 'ConditionalCheckFailed') return 'event-closed';
        if (claimReason?.Code === 'ConditionalCheckFailed') return 'email-taken';
        throw error;
      }
    },
  };
}

export type AttendanceRepository = ReturnType<typeof createAttendanceRepository>;
