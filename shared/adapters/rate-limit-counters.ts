import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RateCounter } from '../domain/rate-limit';
import type { RateCounterStore } from '../use-cases/ports';
import { cancellationReasons } from './dynamo/errors';
import { keys } from './dynamo/keys';
import type { TransactItem } from './dynamo/transaction';

/**
 * The registration transaction's entries for its rate-limit counters: each adds one to its
 * window's count on the condition that the count is still below the limit, so the counters and
 * the registration commit or fail together. Append them last; see refusedCounter.
 */
export function counterWrites(tableName: string, counters: readonly RateCounter[]): TransactItem[] {
  return counters.map((counter) => ({
    Update: {
      TableName: tableName,
      Key: keys.rateCounter(counter.key),
      UpdateExpression: 'ADD #n :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':limit': counter.limit,
        ':expiresAt': counter.expiresAt,
      },
    },
  }));
}

/**
 * The counter whose condition cancelled the transaction, if any. `reasons` is DynamoDB's list of
 * CancellationReasons, one per transaction item in order; the counters are its last entries.
 */
export function refusedCounter(
  reasons: readonly CancellationReason[] | undefined,
  counters: readonly RateCounter[],
): RateCounter | undefined {
  if (!reasons || counters.length === 0 || reasons.length < counters.length) return undefined;
  const counterReasons = reasons.slice(reasons.length - counters.length);
  return counters.find((_, index) => counterReasons[index]?.Code === 'ConditionalCheckFailed');
}

/**
 * Counts an attempt that stores no registration (a repeated address, which only queues a note
 * to the address already registered), so repeating one address cannot flood its mailbox with
 * notes either. Returns the counter that refused it, if one did; then nothing was counted.
 */
export function createRateCounterStore(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
): RateCounterStore {
  return {
    async count(counters: readonly RateCounter[]): Promise<RateCounter | undefined> {
      if (counters.length === 0) return undefined;
      try {
        await dynamo.send(
          new TransactWriteCommand({ TransactItems: counterWrites(tableName, counters) }),
        );
        return undefined;
      } catch (error) {
        const refused = refusedCounter(cancellationReasons(error), counters);
        if (refused) return refused;
        throw error;
      }
    },
  };
}

export type { RateCounterStore };
