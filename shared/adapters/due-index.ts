import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { table } from '../resources';

/**
 * Items of one due-time index partition whose moment has come, oldest first, at most `limit`.
 * Sort keys start with the ISO due time followed by '#', and '~' sorts after '#', so the key
 * condition alone selects what is due: the cost is what is due, never the table.
 */
export async function queryDue(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  now: Date,
  limit: number,
): Promise<{ items: Record<string, unknown>[]; more: boolean }> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: table.indexes.byDueTime.name,
        KeyConditionExpression: '#pk = :pk AND #sk <= :upTo',
        ExpressionAttributeNames: {
          '#pk': table.indexes.byDueTime.partitionKey,
          '#sk': table.indexes.byDueTime.sortKey,
        },
        ExpressionAttributeValues: { ':pk': partition, ':upTo': `${now.toISOString()}~` },
        Limit: limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < limit);
  return { items, more: Boolean(startKey) };
}
