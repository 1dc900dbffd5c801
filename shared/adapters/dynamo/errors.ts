import type { CancellationReason } from '@aws-sdk/client-dynamodb';

/**
 * Errors are told apart by name, not by class: the local IAM enforcement and a second copy of
 * the SDK in a bundle raise the same service errors from other class instances.
 */
function named(error: unknown, name: string): boolean {
  return (error as { name?: unknown } | undefined)?.name === name;
}

/** The reasons DynamoDB gives, one per item, for cancelling a transaction; else undefined. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!named(error, 'TransactionCanceledException')) return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

export function isTransactionCancelled(error: unknown): boolean {
  return cancellationReasons(error) !== undefined;
}

/**
 * A condition refused the write: a single write's condition, or any item's condition in a
 * transaction that was cancelled for it.
 */
export function isConditionFailure(error: unknown): boolean {
  if (named(error, 'ConditionalCheckFailedException')) return true;
  return Boolean(cancellationReasons(error)?.some(isConditionReason));
}

/** The transaction item at `index` was refused by its condition. */
export function conditionFailedAt(error: unknown, index: number): boolean {
  return isConditionReason(cancellationReasons(error)?.[index]);
}

export function isConditionReason(reason: CancellationReason | undefined): boolean {
  return reason?.Code === 'ConditionalCheckFailed';
}

/** The transaction met another one on the same item; trying again is the remedy. */
export function hasTransactionConflict(error: unknown): boolean {
  return Boolean(cancellationReasons(error)?.some((r) => r.Code === 'TransactionConflict'));
}
