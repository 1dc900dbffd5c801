import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { table } from '../../resources';

type Item = Record<string, unknown>;

/**
 * The one pagination loop of the table: pages of a query until it is exhausted or `limit` items
 * are read. `more` tells whether the query had items left beyond the limit.
 */
export async function queryUpTo(
  dynamo: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
): Promise<{ items: Item[]; more: boolean }> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const remaining = limit - items.length;
    const page = await dynamo.send(
      new QueryCommand({
        ...input,
        ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  return { items, more: Boolean(startKey) };
}

/** Every item a query selects, however many pages it takes. */
export async function queryAll(
  dynamo: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Item[]> {
  return (await queryUpTo(dynamo, input, Number.POSITIVE_INFINITY)).items;
}

/** Items of one partition, optionally only those whose sort key starts with `prefix`. */
export function partitionQuery(
  tableName: string,
  partition: string,
  prefix?: string,
): QueryCommandInput {
  return prefix === undefined
    ? {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
      }
    : {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
      };
}

type IndexName = keyof typeof table.indexes;

/**
 * A query on one partition of an index, with a condition on its sort key written with `#sk`
 * (e.g. `#sk BETWEEN :from AND :to`); the attribute names come from shared/resources.ts.
 */
export function indexQuery(
  tableName: string,
  index: IndexName,
  partition: string,
  sortKey?: { condition: string; values: Record<string, unknown> },
): QueryCommandInput {
  const { name, partitionKey, sortKey: sortAttribute } = table.indexes[index];
  return {
    TableName: tableName,
    IndexName: name,
    KeyConditionExpression: sortKey ? `#pk = :pk AND ${sortKey.condition}` : '#pk = :pk',
    ExpressionAttributeNames: {
      '#pk': partitionKey,
      ...(sortKey ? { '#sk': sortAttribute } : {}),
    },
    ExpressionAttributeValues: { ':pk': partition, ...sortKey?.values },
  };
}

/**
 * Items of one due-time index partition whose moment has come, oldest first, at most `limit`.
 * Sort keys start with the ISO due time followed by '#', and '~' sorts after '#', so the key
 * condition alone selects what is due: the cost is what is due, never the table.
 */
export function queryDue(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  now: Date,
  limit: number,
): Promise<{ items: Item[]; more: boolean }> {
  return queryUpTo(
    dynamo,
    indexQuery(tableName, 'byDueTime', partition, {
      condition: '#sk <= :upTo',
      values: { ':upTo': `${now.toISOString()}~` },
    }),
    limit,
  );
}
