import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type QueueName, queues, table } from '../../shared/resources';

/** Physical names of one local installation; tests use a prefix of their own per file. */
export interface LocalNames {
  table: string;
  bucket: string;
  queue(name: QueueName): string;
  deadLetterQueue(name: QueueName): string;
}

export function localNames(prefix: string): LocalNames {
  return {
    table: prefix,
    bucket: `${prefix}-exports`.toLowerCase(),
    queue: (name) => `${prefix}-${name}`,
    deadLetterQueue: (name) => `${prefix}-${name}-dlq`,
  };
}

export interface ProvisionedQueue {
  url: string;
  deadLetterUrl: string;
}

export interface Provisioned {
  tableName: string;
  bucket: string;
  queues: Record<QueueName, ProvisionedQueue>;
}

export async function createTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  const indexes = Object.values(table.indexes);
  const keyAttributes = [
    table.partitionKey,
    table.sortKey,
    ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributes.map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

export async function createQueues(
  sqs: SQSClient,
  names: LocalNames,
  overrides: Partial<{ visibilityTimeoutSeconds: number }> = {},
): Promise<Record<QueueName, ProvisionedQueue>> {
  const result = {} as Record<QueueName, ProvisionedQueue>;
  for (const [name, definition] of Object.entries(queues) as [
    QueueName,
    (typeof queues)[QueueName],
  ][]) {
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: names.deadLetterQueue(name),
        Attributes: {
          MessageRetentionPeriod: String(definition.deadLetterRetentionDays * 86_400),
        },
      }),
    );
    const dlqAttributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: names.queue(name),
        Attributes: {
          VisibilityTimeout: String(
            overrides.visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds,
          ),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn,
            maxReceiveCount: definition.maxReceiveCount,
          }),
        },
      }),
    );
    if (!queue.QueueUrl || !dlq.QueueUrl) throw new Error(`Queue ${name} was not created`);
    result[name] = { url: queue.QueueUrl, deadLetterUrl: dlq.QueueUrl };
  }
  return result;
}

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}
