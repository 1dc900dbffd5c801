/**
 * What IAM authorizes for one SDK call: the action or actions AWS checks and the resource ARN of
 * each, with the condition keys the policies may test. Most operations are authorized as the
 * action of the same name on the resource the call names; the exceptions are listed per service
 * (batch and transaction calls, raw email, index queries, object keys).
 */

export interface LocalAccount {
  /** The account every local ARN carries, on the policy side and on the request side alike. */
  accountId: string;
  region: string;
  /** SES identities that exist (are verified) locally: domains or addresses. */
  sesIdentities: readonly string[];
}

export interface AuthorizationRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

export class UnmappedOperationError extends Error {
  override name = 'UnmappedOperationError';
}

type Input = Record<string, unknown>;

const partition = 'aws';

function text(input: Input, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

function required(input: Input, key: string, operation: string): string {
  const value = text(input, key);
  if (value === undefined) throw new UnmappedOperationError(`${operation} without ${key}`);
  return value;
}

function request(
  action: string,
  resource: string,
  context: AuthorizationRequest['context'] = {},
): AuthorizationRequest {
  return { action, resource, context };
}

// --- DynamoDB ---------------------------------------------------------------------------------

function tableArn(account: LocalAccount, tableName: string): string {
  return `arn:${partition}:dynamodb:${account.region}:${account.accountId}:table/${tableName}`;
}

/** Each item of a transaction is authorized as the single-item action on its own table. */
const transactWriteActions = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
} as const;

function dynamoRequests(
  operation: string,
  input: Input,
  account: LocalAccount,
): AuthorizationRequest[] {
  switch (operation) {
    case 'TransactWriteItems': {
      const items = (input.TransactItems ?? []) as Record<string, Input | undefined>[];
      return items.flatMap((item) =>
        Object.entries(transactWriteActions).flatMap(([kind, action]) => {
          const part = item[kind];
          return part
            ? [request(action, tableArn(account, required(part, 'TableName', operation)))]
            : [];
        }),
      );
    }
    case 'TransactGetItems': {
      const items = (input.TransactItems ?? []) as { Get?: Input }[];
      return items.flatMap((item) =>
        item.Get
          ? [
              request(
                'dynamodb:GetItem',
                tableArn(account, required(item.Get, 'TableName', operation)),
              ),
            ]
          : [],
      );
    }
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((input.RequestItems ?? {}) as Input).map((tableName) =>
        request(`dynamodb:${operation}`, tableArn(account, tableName)),
      );
    case 'Query':
    case 'Scan': {
      const table = tableArn(account, required(input, 'TableName', operation));
      const index = text(input, 'IndexName');
      return [request(`dynamodb:${operation}`, index ? `${table}/index/${index}` : table)];
    }
    case 'ListTables':
      return [request('dynamodb:ListTables', '*')];
    default:
      return [
        request(
          `dynamodb:${operation}`,
          tableArn(account, required(input, 'TableName', operation)),
        ),
      ];
  }
}

// --- SQS --------------------------------------------------------------------------------------

function queueArn(account: LocalAccount, queueName: string): string {
  return `arn:${partition}:sqs:${account.region}:${account.accountId}:${queueName}`;
}

/** The queue's name is the last segment of its URL, locally as in AWS. */
function queueNameOf(queueUrl: string): string {
  const name = new URL(queueUrl).pathname.split('/').filter(Boolean).at(-1);
  if (!name) throw new UnmappedOperationError(`No queue name in ${queueUrl}`);
  return name;
}

/** Batch calls are authorized as the action of one message. */
const sqsBatchActions: Record<string, string> = {
  SendMessageBatch: 'sqs:SendMessage',
  DeleteMessageBatch: 'sqs:DeleteMessage',
  ChangeMessageVisibilityBatch: 'sqs:ChangeMessageVisibility',
};

function sqsRequests(
  operation: string,
  input: Input,
  account: LocalAccount,
): AuthorizationRequest[] {
  if (operation === 'ListQueues') return [request('sqs:ListQueues', '*')];
  const queueName =
    operation === 'GetQueueUrl' || operation === 'CreateQueue'
      ? required(input, 'QueueName', operation)
      : queueNameOf(required(input, 'QueueUrl', operation));
  return [request(sqsBatchActions[operation] ?? `sqs:${operation}`, queueArn(account, queueName))];
}

// --- S3 ---------------------------------------------------------------------------------------

/** Operations on one object that IAM authorizes under another action's name. */
const s3ObjectActions: Record<string, string> = {
  HeadObject: 's3:GetObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
};

const s3BucketActions: Record<string, string> = {
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  ListObjectVersions: 's3:ListBucketVersions',
};

function s3Requests(operation: string, input: Input): AuthorizationRequest[] {
  const bucket = required(input, 'Bucket', operation);
  const key = text(input, 'Key');
  const bucketAction = s3BucketActions[operation];
  if (bucketAction) return [request(bucketAction, `arn:${partition}:s3:::${bucket}`)];
  if (operation === 'DeleteObjects') {
    const objects = ((input.Delete as { Objects?: { Key?: string }[] } | undefined)?.Objects ??
      []) as { Key?: string }[];
    return objects.map((object) =>
      request('s3:DeleteObject', `arn:${partition}:s3:::${bucket}/${object.Key ?? ''}`),
    );
  }
  if (key === undefined) return [request(`s3:${operation}`, `arn:${partition}:s3:::${bucket}`)];
  return [
    request(
      s3ObjectActions[operation] ?? `s3:${operation}`,
      `arn:${partition}:s3:::${bucket}/${key}`,
    ),
  ];
}

// --- SES v2 -----------------------------------------------------------------------------------

/** The address inside "Name <address>" or a bare address. */
function addressOf(mailbox: string): string {
  const angle = /<([^>]+)>/.exec(mailbox);
  return (angle?.[1] ?? mailbox).trim();
}

/** The From header of a raw MIME message, for a send that names no FromEmailAddress. */
function rawFromHeader(data: unknown): string | undefined {
  if (!(data instanceof Uint8Array) && typeof data !== 'string') return undefined;
  const head = (typeof data === 'string' ? data : Buffer.from(data).toString('utf8')).split(
    /\r?\n\r?\n/,
    1,
  )[0];
  const unfolded = head?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const from = /^from:(.*)$/im.exec(unfolded);
  return from?.[1] ? addressOf(from[1]) : undefined;
}

/**
 * SES authorizes a send on the identity of the From address: the address itself when it is an
 * identity, otherwise its domain (then its parent domains), as it picks the verified identity.
 */
function identityOf(fromAddress: string, account: LocalAccount): string {
  const address = fromAddress.toLowerCase();
  const identities = account.sesIdentities.map((identity) => identity.toLowerCase());
  if (identities.includes(address)) return address;
  let domain = address.slice(address.lastIndexOf('@') + 1);
  while (domain.includes('.')) {
    if (identities.includes(domain)) return domain;
    domain = domain.slice(domain.indexOf('.') + 1);
  }
  return address.slice(address.lastIndexOf('@') + 1);
}

function sesArn(account: LocalAccount, resource: string): string {
  return `arn:${partition}:ses:${account.region}:${account.accountId}:${resource}`;
}

function sesRequests(
  operation: string,
  input: Input,
  account: LocalAccount,
): AuthorizationRequest[] {
  if (operation !== 'SendEmail' && operation !== 'SendBulkEmail') {
    throw new UnmappedOperationError(`SESv2 ${operation} has no IAM mapping here`);
  }
  const content = (input.Content ?? input.DefaultContent ?? {}) as {
    Raw?: { Data?: unknown };
    Simple?: unknown;
    Template?: unknown;
  };
  // SESv2 SendEmail with raw content is authorized as SendRawEmail; simple and templated
  // content as SendEmail.
  const action =
    operation === 'SendBulkEmail'
      ? 'ses:SendBulkEmail'
      : content.Raw
        ? 'ses:SendRawEmail'
        : 'ses:SendEmail';
  const from = text(input, 'FromEmailAddress') ?? rawFromHeader(content.Raw?.Data);
  if (!from) throw new UnmappedOperationError(`SESv2 ${operation} without a From address`);
  const fromAddress = addressOf(from);
  const destination = (input.Destination ?? {}) as Record<string, string[] | undefined>;
  const recipients = [
    ...(destination.ToAddresses ?? []),
    ...(destination.CcAddresses ?? []),
    ...(destination.BccAddresses ?? []),
  ].map(addressOf);
  const context: AuthorizationRequest['context'] = {
    'ses:FromAddress': fromAddress,
    'ses:ApiVersion': '2',
    ...(recipients.length ? { 'ses:Recipients': recipients } : {}),
  };
  const requests = [
    request(action, sesArn(account, `identity/${identityOf(fromAddress, account)}`), context),
  ];
  const configurationSet = text(input, 'ConfigurationSetName');
  if (configurationSet) {
    requests.push(
      request(action, sesArn(account, `configuration-set/${configurationSet}`), context),
    );
  }
  return requests;
}

/**
 * The authorization requests of one call; every one must be allowed. `serviceId` is the SDK
 * client's (DynamoDB, SQS, S3, SESv2), `operation` the command name without `Command`.
 */
export function authorizationRequests(
  serviceId: string,
  operation: string,
  input: Input,
  account: LocalAccount,
): AuthorizationRequest[] {
  switch (serviceId) {
    case 'DynamoDB':
      return dynamoRequests(operation, input, account);
    case 'SQS':
      return sqsRequests(operation, input, account);
    case 'S3':
      return s3Requests(operation, input);
    case 'SESv2':
      return sesRequests(operation, input, account);
    default:
      throw new UnmappedOperationError(`No IAM mapping for the ${serviceId} client`);
  }
}
