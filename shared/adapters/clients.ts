import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * SDK clients: each function creates the ones it uses once, at module scope. Locally only the
 * endpoint changes: the SQS client must not take its endpoint from the queue URL, and S3 needs
 * path-style addressing.
 */

export type ServiceClient = DynamoDBClient | SQSClient | SESv2Client | S3Client;

const clientObservers = new Set<(client: ServiceClient) => void>();

/**
 * Sees every client created from now on, e.g. for a benchmark that counts calls with a
 * middleware. Functions never register one. Returns the function that stops observing.
 */
export function observeClients(observer: (client: ServiceClient) => void): () => void {
  clientObservers.add(observer);
  return () => clientObservers.delete(observer);
}

function observed<T extends ServiceClient>(client: T): T {
  for (const observer of clientObservers) observer(client);
  return client;
}

/** The region, and locally the emulators' endpoints (shared/config.ts, runtime settings). */
export interface Endpoints {
  AWS_REGION: string;
  AWS_ENDPOINT_URL_DYNAMODB?: string | undefined;
  AWS_ENDPOINT_URL_SQS?: string | undefined;
  AWS_ENDPOINT_URL_SESV2?: string | undefined;
  AWS_ENDPOINT_URL_S3?: string | undefined;
}

export function createDynamo(cfg: Endpoints): DynamoDBDocumentClient {
  const client = observed(
    new DynamoDBClient({
      region: cfg.AWS_REGION,
      ...(cfg.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: cfg.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    }),
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createSqs(cfg: Endpoints): SQSClient {
  return observed(
    new SQSClient({
      region: cfg.AWS_REGION,
      ...(cfg.AWS_ENDPOINT_URL_SQS
        ? { endpoint: cfg.AWS_ENDPOINT_URL_SQS, useQueueUrlAsEndpoint: false }
        : {}),
    }),
  );
}

export function createSes(cfg: Endpoints): SESv2Client {
  return observed(
    new SESv2Client({
      region: cfg.AWS_REGION,
      ...(cfg.AWS_ENDPOINT_URL_SESV2 ? { endpoint: cfg.AWS_ENDPOINT_URL_SESV2 } : {}),
    }),
  );
}

export function createS3(cfg: Endpoints): S3Client {
  return observed(
    new S3Client({
      region: cfg.AWS_REGION,
      ...(cfg.AWS_ENDPOINT_URL_S3
        ? { endpoint: cfg.AWS_ENDPOINT_URL_S3, forcePathStyle: true }
        : {}),
    }),
  );
}
