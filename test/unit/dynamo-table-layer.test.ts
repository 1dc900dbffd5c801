import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  conditionFailedAt,
  hasTransactionConflict,
  isConditionFailure,
  isTransactionCancelled,
} from '../../shared/adapters/dynamo/errors';
import { keys, parseKeys, withoutKeys } from '../../shared/adapters/dynamo/keys';
import { updateExpression } from '../../shared/adapters/dynamo/update';
import { table } from '../../shared/resources';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    $metadata: {},
    message: 'Transaction cancelled',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('condition failures', () => {
  it('are a refused single write or a transaction cancelled by any item’s condition', () => {
    expect(
      isConditionFailure(new ConditionalCheckFailedException({ $metadata: {}, message: 'x' })),
    ).toBe(true);
    // Told apart by name: the local IAM enforcement raises errors of other class instances.
    expect(
      isConditionFailure(
        Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }),
      ),
    ).toBe(true);
    expect(isConditionFailure(cancelled('None', 'ConditionalCheckFailed'))).toBe(true);
    expect(isConditionFailure(cancelled('None', 'TransactionConflict'))).toBe(false);
    expect(isConditionFailure(new Error('ProvisionedThroughputExceededException'))).toBe(false);
  });

  it('name the transaction item that was refused, and conflicts apart from refusals', () => {
    const error = cancelled('None', 'ConditionalCheckFailed', 'None');
    expect([0, 1, 2].map((index) => conditionFailedAt(error, index))).toEqual([false, true, false]);
    expect(hasTransactionConflict(error)).toBe(false);
    expect(hasTransactionConflict(cancelled('TransactionConflict', 'None'))).toBe(true);
    expect(isTransactionCancelled(error)).toBe(true);
    expect(
      isTransactionCancelled(new ConditionalCheckFailedException({ $metadata: {}, message: 'x' })),
    ).toBe(false);
    expect(conditionFailedAt(new Error('x'), 0)).toBe(false);
  });
});

describe('keys', () => {
  it('are read back by their parsers, and other keys are not mistaken for them', () => {
    expect(parseKeys.eventId(keys.event('E1').pk)).toBe('E1');
    expect(parseKeys.eventId(keys.registration('E2', 'R1').pk)).toBe('E2');
    expect(parseKeys.registrationId(keys.registration('E2', 'R1').sk)).toBe('R1');
    expect(parseKeys.suppressedAddressHash(keys.suppressedAddress('h#1').pk)).toBe('h#1');
    expect(parseKeys.eventId(keys.suppressedAddress('E1').pk)).toBeUndefined();
    expect(parseKeys.registrationId(keys.waitlistEntry('E1', 'T', 'R1').sk)).toBeUndefined();
    expect(parseKeys.eventId('EVENT#')).toBeUndefined();
    expect(parseKeys.eventId(undefined)).toBeUndefined();
  });

  it('put items into the indexes under the attribute names shared/resources.ts gives them', () => {
    const { byStart, byDueTime } = table.indexes;
    expect(keys.eventsByStart('2026-01-01T08:00:00.000Z', 'E1')).toEqual({
      [byStart.partitionKey]: 'EVENTS',
      [byStart.sortKey]: '2026-01-01T08:00:00.000Z#E1',
    });
    expect(Object.keys(keys.surveyDue('2026-01-01T08:00:00.000Z', 'E1')).sort()).toEqual(
      [byDueTime.partitionKey, byDueTime.sortKey].sort(),
    );
  });

  it('are taken off an item before the domain sees it', () => {
    const item = {
      ...keys.event('E1'),
      ...keys.eventsByStart('2026-01-01T08:00:00.000Z', 'E1'),
      ...keys.reminderDue('2026-01-01T08:00:00.000Z', 'E1', 24),
      expiresAt: 1,
      title: 'Akce',
    };
    expect(withoutKeys(item)).toEqual({ title: 'Akce' });
  });
});

describe('update expressions', () => {
  it('set given fields and remove undefined ones and the names listed, all through placeholders', () => {
    expect(
      updateExpression({ status: 'published', capacity: 20, onlineUrl: undefined }, ['gsi2pk']),
    ).toEqual({
      UpdateExpression: 'SET #status = :status, #capacity = :capacity REMOVE #onlineUrl, #gsi2pk',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#capacity': 'capacity',
        '#onlineUrl': 'onlineUrl',
        '#gsi2pk': 'gsi2pk',
      },
      ExpressionAttributeValues: { ':status': 'published', ':capacity': 20 },
    });
  });

  it('leave out a clause with nothing in it', () => {
    expect(updateExpression({ title: 'Nový název' }).UpdateExpression).toBe('SET #title = :title');
    expect(updateExpression({}, ['dueAt']).UpdateExpression).toBe('REMOVE #dueAt');
  });
});
