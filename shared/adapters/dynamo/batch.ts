import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** BatchGetItem takes at most 100 keys per call, BatchWriteItem 25 requests. */
const batchGetLimit = 100;
const batchWriteLimit = 25;

/** DynamoDB may leave part of a batch unprocessed under load; the rest is retried, backing off. */
const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));

/** The items found for these keys, in no particular order; missing ones are left out. */
export async function batchGet(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: { pk: string; sk: string }[],
  read: {
    ConsistentRead?: boolean;
    ProjectionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
  } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += batchGetLimit) {
    let pending: Record<string, unknown>[] | undefined = itemKeys.slice(
      start,
      start + batchGetLimit,
    );
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 0) await backOff(attempt);
      const result: BatchGetCommandOutput = await dynamo.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...read } } }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}

export async function batchWrite(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  requests: (
    | { PutRequest: { Item: Record<string, unknown> } }
    | { DeleteRequest: { Key: Record<string, unknown> } }
  )[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += batchWriteLimit) {
    let pending: typeof requests | undefined = requests.slice(start, start + batchWriteLimit);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 0) await backOff(attempt);
      const result: BatchWriteCommandOutput = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = result.UnprocessedItems?.[tableName] as typeof requests | undefined;
    }
  }
}
