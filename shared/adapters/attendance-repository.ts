import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AddressHasher } from '../domain/rate-limit';
import { type Registration, registrationSchema } from '../domain/registration';
import type {
  AttendanceStore,
  MarkAbsentOutcome,
  MarkPresentOutcome,
  WalkInOutcome,
} from '../use-cases/ports';
import { conditionFailedAt, isConditionFailure, isTransactionCancelled } from './dynamo/errors';
import { keys, withoutKeys } from './dynamo/keys';
import { personIndexWrite } from './people-repository';
import { confirmWaitlistedWrites } from './registrations-repository';
import { armRetentionDue } from './retention-due';

/**
 * Attendance on registration items. Every write is conditional on the state it was decided
 * from, so two organisers checking people in at two doors never double-count; a lost race is
 * re-read and reported as it now stands.
 */
export function createAttendanceRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
): AttendanceStore {
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
      // Any cancelled transaction: the registration is read again and decided anew.
      if (isConditionFailure(error) || isTransactionCancelled(error)) return 'retry';
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
        if (conditionFailedAt(error, 0)) return 'event-closed';
        if (conditionFailedAt(error, 2)) return 'email-taken';
        throw error;
      }
    },
  };
}

export type AttendanceRepository = AttendanceStore;
