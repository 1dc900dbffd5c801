import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { asFunction, decide } from '../../infra/local/iam/enforce';
import { type AuthorizationRequest, authorizationRequests } from '../../infra/local/iam/requests';
import { createDynamo, createS3, createSes, createSqs } from '../../shared/adapters/clients';
import type { FunctionName } from '../../shared/resources';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/**
 * The mapping from SDK commands to what IAM authorizes, evaluated with the real evaluator against
 * the functions' policies as the CDK app synthesizes them (bound to this file's table, queues and
 * bucket), and the errors a denied call gives through the real SDK clients.
 */

let env: TestEnvironment;
const mailFrom = 'skoleni@kraj-lbc.cz';

beforeAll(async () => {
  env = await createTestEnvironment();
});

function requestsOf(service: string, operation: string, input: Record<string, unknown>) {
  return authorizationRequests(service, operation, input, env.iam.account);
}

async function allowed(fn: FunctionName, requests: AuthorizationRequest[]): Promise<boolean> {
  expect(requests.length).toBeGreaterThan(0);
  return (await decide(fn, env.iam.policies[fn], env.iam.account, requests)).allowed;
}

const tableArn = () => `arn:aws:dynamodb:eu-central-1:000000000000:table/${env.names.table}`;
const queueArn = () => `arn:aws:sqs:eu-central-1:000000000000:${env.names.queue('mail')}`;
const rawEmail = (text: string) => ({ Raw: { Data: new TextEncoder().encode(text) } });

describe('SDK command → IAM action and resource', () => {
  it('authorizes SESv2 SendEmail with raw content as ses:SendRawEmail, simple content as ses:SendEmail', async () => {
    const raw = requestsOf('SESv2', 'SendEmail', {
      FromEmailAddress: mailFrom,
      Destination: { ToAddresses: ['jana@example.cz'] },
      Content: rawEmail('Subject: x\r\n\r\nbody'),
    });
    expect(raw).toEqual([
      {
        action: 'ses:SendRawEmail',
        resource: 'arn:aws:ses:eu-central-1:000000000000:identity/kraj-lbc.cz',
        context: {
          'ses:FromAddress': mailFrom,
          'ses:ApiVersion': '2',
          'ses:Recipients': ['jana@example.cz'],
        },
      },
    ]);
    const simple = requestsOf('SESv2', 'SendEmail', {
      FromEmailAddress: mailFrom,
      Destination: { ToAddresses: ['jana@example.cz'] },
      Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'y' } } } },
      ConfigurationSetName: 'events',
    });
    expect(simple.map((r) => [r.action, r.resource])).toEqual([
      ['ses:SendEmail', 'arn:aws:ses:eu-central-1:000000000000:identity/kraj-lbc.cz'],
      ['ses:SendEmail', 'arn:aws:ses:eu-central-1:000000000000:configuration-set/events'],
    ]);

    // As the mailer sends: simple content, through its configuration set.
    const asMailer = (from: string) =>
      requestsOf('SESv2', 'SendEmail', {
        FromEmailAddress: from,
        Destination: { ToAddresses: ['jana@example.cz'] },
        Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'y' } } } },
        ConfigurationSetName: env.config.SES_CONFIGURATION_SET,
      });
    expect(await allowed('mailer', asMailer(mailFrom))).toBe(true);
    // The mailer's grant covers the simple sends it makes, nothing else.
    expect(await allowed('mailer', raw)).toBe(false);
    expect(await allowed('site', raw)).toBe(false);
    // The role's condition: only from MAIL_FROM.
    expect(await allowed('mailer', asMailer('podvod@kraj-lbc.cz'))).toBe(false);
  });

  it('takes the sender of a raw email without FromEmailAddress from its From header', () => {
    const [request] = requestsOf('SESv2', 'SendEmail', {
      Content: rawEmail(
        `From: =?UTF-8?Q?Chytr=C3=A1?=\r\n <${mailFrom}>\r\nTo: a@example.cz\r\n\r\nFrom: body@example.cz`,
      ),
    });
    expect(request?.context['ses:FromAddress']).toBe(mailFrom);
  });

  it('authorizes each item of TransactWriteItems as its own action on its table', async () => {
    const requests = requestsOf('DynamoDB', 'TransactWriteItems', {
      TransactItems: [
        { ConditionCheck: { TableName: env.names.table, Key: {} } },
        { Put: { TableName: env.names.table, Item: {} } },
        { Update: { TableName: env.names.table, Key: {} } },
        { Delete: { TableName: 'another-table', Key: {} } },
      ],
    });
    expect(requests.map((r) => r.action)).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]);
    expect(requests.map((r) => r.resource)).toEqual([
      tableArn(),
      tableArn(),
      tableArn(),
      'arn:aws:dynamodb:eu-central-1:000000000000:table/another-table',
    ]);
    expect(await allowed('site', requests.slice(0, 3))).toBe(true);
    // One item on a table the role does not cover denies the whole transaction.
    expect(await allowed('site', requests)).toBe(false);
  });

  it('authorizes TransactGetItems as GetItem and batches as their own actions per table', () => {
    expect(
      requestsOf('DynamoDB', 'TransactGetItems', {
        TransactItems: [{ Get: { TableName: env.names.table, Key: {} } }],
      }),
    ).toEqual([{ action: 'dynamodb:GetItem', resource: tableArn(), context: {} }]);
    expect(
      requestsOf('DynamoDB', 'BatchWriteItem', {
        RequestItems: { [env.names.table]: [], other: [] },
      }).map((r) => [r.action, r.resource]),
    ).toEqual([
      ['dynamodb:BatchWriteItem', tableArn()],
      ['dynamodb:BatchWriteItem', 'arn:aws:dynamodb:eu-central-1:000000000000:table/other'],
    ]);
    expect(
      requestsOf('DynamoDB', 'BatchGetItem', { RequestItems: { [env.names.table]: {} } }),
    ).toEqual([{ action: 'dynamodb:BatchGetItem', resource: tableArn(), context: {} }]);
  });

  it('authorizes a query on an index against the index ARN', async () => {
    const onIndex = requestsOf('DynamoDB', 'Query', {
      TableName: env.names.table,
      IndexName: 'byDueTime',
    });
    expect(onIndex).toEqual([
      { action: 'dynamodb:Query', resource: `${tableArn()}/index/byDueTime`, context: {} },
    ]);
    expect(await allowed('reminders', onIndex)).toBe(true);
    const unknownIndex = requestsOf('DynamoDB', 'Query', {
      TableName: env.names.table,
      IndexName: 'byEmail',
    });
    expect(await allowed('reminders', unknownIndex)).toBe(false);
    // No function may scan the table.
    expect(
      await allowed('retention', requestsOf('DynamoDB', 'Scan', { TableName: env.names.table })),
    ).toBe(false);
  });

  it('authorizes SQS batches as the single-message actions on the queue named by the URL', async () => {
    const send = requestsOf('SQS', 'SendMessageBatch', { QueueUrl: env.queueUrls.mail });
    expect(send).toEqual([{ action: 'sqs:SendMessage', resource: queueArn(), context: {} }]);
    expect(
      requestsOf('SQS', 'DeleteMessageBatch', { QueueUrl: env.queueUrls.mail }).map(
        (r) => r.action,
      ),
    ).toEqual(['sqs:DeleteMessage']);
    expect(await allowed('site', send)).toBe(true);
    expect(await allowed('retention', send)).toBe(false);
    expect(await allowed('mailEvents', send)).toBe(false);
    // Polling: the consumer's role may receive from its own queue only.
    const receiveMail = requestsOf('SQS', 'ReceiveMessage', { QueueUrl: env.queueUrls.mail });
    expect(await allowed('mailer', receiveMail)).toBe(true);
    expect(await allowed('mailEvents', receiveMail)).toBe(false);
  });

  it('authorizes S3 object calls on the object ARN', async () => {
    const object = { Bucket: env.names.bucket, Key: '2025/a.csv' };
    const put = requestsOf('S3', 'PutObject', object);
    const get = requestsOf('S3', 'GetObject', object);
    expect(put).toEqual([
      {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${env.names.bucket}/2025/a.csv`,
        context: {},
      },
    ]);
    expect(requestsOf('S3', 'HeadObject', object).map((r) => r.action)).toEqual(['s3:GetObject']);
    expect(await allowed('indicators', put)).toBe(true);
    expect(await allowed('indicators', get)).toBe(false);
    // The mailer's attachments travel in its messages: it has no business with the bucket.
    expect(await allowed('mailer', get)).toBe(false);
    expect(await allowed('mailer', put)).toBe(false);
    // The organiser function reads the certificates' print file, and writes nothing to the
    // bucket; the public site function has no access to it at all.
    expect(await allowed('organiser', get)).toBe(true);
    expect(await allowed('organiser', put)).toBe(false);
    expect(await allowed('site', get)).toBe(false);
    expect(await allowed('reminders', get)).toBe(false);
  });
});

describe('a call through the SDK', () => {
  const clientsOf = (fn: FunctionName) =>
    asFunction(fn, () => ({
      dynamo: createDynamo(env.config),
      sqs: createSqs(env.config),
      ses: createSes(env.config),
      s3: createS3(env.config),
    }));

  async function failure(call: Promise<unknown>) {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    return error as Error & {
      $fault?: string;
      $metadata: { httpStatusCode?: number; attempts?: number };
    };
  }

  it('fails when denied as in AWS: the service error and status, no retries', async () => {
    const retention = clientsOf('retention');
    const message = { QueueUrl: env.queueUrls.mail, Entries: [{ Id: '1', MessageBody: '{}' }] };
    const sqs = await failure(retention.sqs.send(new SendMessageBatchCommand(message)));
    expect(sqs.name).toBe('AccessDenied');
    expect(sqs.$fault).toBe('client');
    expect(sqs.$metadata.attempts).toBe(1);
    expect(sqs.message).toContain(`sqs:SendMessage on resource: ${queueArn()}`);

    const scan = await failure(
      retention.dynamo.send(new ScanCommand({ TableName: env.names.table })),
    );
    expect(scan.name).toBe('AccessDeniedException');
    expect(scan.$metadata.httpStatusCode).toBe(400);
    expect(scan.message).toContain('is not authorized to perform: dynamodb:Scan');

    const put = await failure(
      clientsOf('mailer').s3.send(
        new PutObjectCommand({ Bucket: env.names.bucket, Key: 'x.csv', Body: 'a;b' }),
      ),
    );
    expect(put.name).toBe('AccessDenied');
    expect(put.$metadata.httpStatusCode).toBe(403);

    const send = await failure(
      clientsOf('site').ses.send(
        new SendEmailCommand({
          FromEmailAddress: mailFrom,
          Destination: { ToAddresses: ['jana@example.cz'] },
          Content: rawEmail('Subject: x\r\n\r\ny'),
        }),
      ),
    );
    expect(send.name).toBe('AccessDeniedException');
    expect(send.$metadata.httpStatusCode).toBe(403);
    expect(send.message).toContain('ses:SendRawEmail');
  });

  it('reaches the emulators when allowed; the test’s own clients are not checked', async () => {
    const http = clientsOf('site');
    const key = { pk: 'IAM#probe', sk: 'IAM#probe' };
    await http.dynamo.send(new PutCommand({ TableName: env.names.table, Item: key }));
    const read = await http.dynamo.send(new GetCommand({ TableName: env.names.table, Key: key }));
    expect(read.Item).toEqual(key);
    const byIndex = await http.dynamo.send(
      new QueryCommand({
        TableName: env.names.table,
        IndexName: 'byStart',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'none' },
      }),
    );
    expect(byIndex.Items).toEqual([]);
    const received = await clientsOf('mailer').sqs.send(
      new ReceiveMessageCommand({ QueueUrl: env.queueUrls.mail, WaitTimeSeconds: 0 }),
    );
    expect(received.$metadata.httpStatusCode).toBe(200);
    // Allowed, so the emulator answers: the object does not exist.
    const head = await failure(
      clientsOf('organiser').s3.send(
        new HeadObjectCommand({ Bucket: env.names.bucket, Key: 'missing.csv' }),
      ),
    );
    expect(head.$metadata.httpStatusCode).toBe(404);

    const page = await env.clients.dynamo.send(
      new ScanCommand({ TableName: env.names.table, ConsistentRead: true }),
    );
    expect(page.Items).toContainEqual(key);
  });
});
