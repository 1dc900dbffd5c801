import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkKeyUsers } from '../../infra/stateless-stack';
import { createSesMailer } from '../../shared/adapters/ses-mailer';
import { configVariables, parseFunctionConfig } from '../../shared/config';
import { type FunctionName, functions, queues } from '../../shared/resources';
import {
  allIamStatements,
  asArray,
  functionIdOf,
  type Json,
  referencedId,
  resource,
  resourcesOfType,
  type Synthesised,
  statementsOfRole,
  synthesise,
  synthTimeout,
} from './support';

let synthesised: Synthesised;
let template: Template;

beforeAll(() => {
  synthesised = synthesise();
  template = synthesised.statelessTemplate;
}, synthTimeout);

const names = Object.keys(functions) as FunctionName[];

function functionResource(name: FunctionName): Json {
  return resource(template, functionIdOf(template, name));
}

function actionsOf(name: FunctionName): string[] {
  const roleId = referencedId(functionResource(name).Properties.Role) as string;
  const actions = statementsOfRole(template, roleId)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => asArray<string>(s.Action));
  return [...new Set(actions)].sort();
}

describe.each(names)('function %s', (name) => {
  it('runs Node.js 22 on ARM64 with the timeout, memory and description of resources.ts', () => {
    const props = functionResource(name).Properties;
    expect(props).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: functions[name].timeoutSeconds,
      MemorySize: functions[name].memoryMb,
      Description: functions[name].description,
    });
    expect(props.FunctionName).toBeUndefined();
  });

  it('logs to its own log group kept for a month', () => {
    const logGroupId = referencedId(functionResource(name).Properties.LoggingConfig.LogGroup);
    const logGroup = resource(template, logGroupId as string);
    expect(logGroup.Properties.RetentionInDays).toBe(30);
  });

  it('has every setting shared/config.ts requires at cold start, and they parse', () => {
    const variables: Record<string, Json> = functionResource(name).Properties.Environment.Variables;
    expect(variables.AWS_REGION, 'AWS_REGION is reserved; Lambda sets it').toBeUndefined();
    expect(variables).toMatchObject({ APP_ENV: 'aws' });
    // Only what its own configuration reads (NODE_OPTIONS is the platform's).
    const own = configVariables(name);
    expect(Object.keys(variables).filter((key) => key !== 'NODE_OPTIONS' && !own.has(key))).toEqual(
      [],
    );
    // Values that CloudFormation fills in at deploy time get a stand-in of the right shape.
    const standIns: Record<string, string> = {
      TABLE_NAME: 'ChytraSkoleni-Table',
      MAIL_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/mail',
      CERTIFICATES_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/certificates',
      EXPORTS_BUCKET: 'chytraskoleni-exports',
      SES_CONFIGURATION_SET: 'ChytraSkoleni-ConfigurationSet',
      LINK_SIGNING_SECRETS_ARN:
        'arn:aws:secretsmanager:eu-central-1:123456789012:secret:LinkSigningSecret-AbCdEf',
      COGNITO_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example',
      COGNITO_CLIENT_ID: 'example-client-id',
      COGNITO_DOMAIN:
        'https://chytraskoleni-stateless-123456789012.auth.eu-central-1.amazoncognito.com',
    };
    const env = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [
        key,
        typeof value === 'string' ? value : standIns[key],
      ]),
    );
    // What shared/link-keys.ts puts into the environment from the secret before the parse.
    const keys = env.LINK_SIGNING_SECRETS_ARN
      ? { LINK_SIGNING_SECRETS: `k1:${'k'.repeat(32)}` }
      : {};
    expect(() =>
      parseFunctionConfig(name, { ...env, ...keys, AWS_REGION: 'eu-central-1' }),
    ).not.toThrow();
  });

  it('gets the ARN of the link keys in the stateful stack only if it uses them, never a key', () => {
    const variables: Record<string, Json> = functionResource(name).Properties.Environment.Variables;
    expect(variables.LINK_SIGNING_SECRET).toBeUndefined();
    expect(variables.LINK_SIGNING_SECRETS).toBeUndefined();
    const arn = variables.LINK_SIGNING_SECRETS_ARN;
    if (linkKeyUsers.has(name)) {
      // A cross-stack reference: the secret lives in the stateful stack.
      expect(JSON.stringify(arn)).toContain('Fn::ImportValue');
      expect(JSON.stringify(arn)).toContain('LinkSigningSecret');
    } else {
      expect(arn).toBeUndefined();
    }
  });

  it('sends mail to the mail queue, not to the mail events queue', () => {
    const queueUrl = functionResource(name).Properties.Environment.Variables.MAIL_QUEUE_URL;
    // A function that sends no mail is not given the queue at all.
    if (!configVariables(name).has('MAIL_QUEUE_URL')) return expect(queueUrl).toBeUndefined();
    const mailer = functionIdOf(template, queues.mail.consumer);
    const mapping = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').find(
      (m) => referencedId(m.properties.FunctionName) === mailer,
    );
    expect(referencedId(queueUrl)).toBe(referencedId(mapping?.properties.EventSourceArn));
  });
});

describe('least privilege', () => {
  const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
  const tableRead = [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:GetItem',
    'dynamodb:Query',
  ];
  const tableWrite = [
    'dynamodb:BatchWriteItem',
    'dynamodb:DeleteItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ];
  const consume = [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ];
  const linkKeys = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
  const expected: Record<FunctionName, string[]> = {
    site: [...logs, ...tableRead, ...tableWrite, 'sqs:SendMessage', ...linkKeys],
    // Read-only: open data, calendars, indicators and certificate verification.
    publications: [...logs, ...tableRead, ...linkKeys],
    // s3:GetObject: the print file of an event's certificates, which organisers download.
    organiser: [
      ...logs,
      ...tableRead,
      ...tableWrite,
      's3:GetObject',
      'sqs:SendMessage',
      ...linkKeys,
    ],
    mailer: [...logs, ...consume, ...tableRead, ...tableWrite, 'ses:SendEmail', ...linkKeys],
    mailEvents: [...logs, ...consume, ...tableRead, ...tableWrite, ...linkKeys],
    reminders: [...logs, ...tableRead, ...tableWrite, 'sqs:SendMessage'],
    mailOutbox: [...logs, ...tableRead, ...tableWrite, 'sqs:SendMessage'],
    waitlist: [...logs, ...tableRead, ...tableWrite, 'sqs:SendMessage'],
    surveys: [...logs, ...tableRead, ...tableWrite, 'sqs:SendMessage'],
    indicators: [
      ...logs,
      ...tableRead,
      ...tableWrite,
      's3:PutObject',
      'sqs:SendMessage',
      ...linkKeys,
    ],
    retention: [...logs, ...tableRead, ...tableWrite, ...linkKeys],
    certificates: [...logs, ...tableRead, 'sqs:SendMessage'],
    certificateRenderer: [
      ...logs,
      ...consume,
      ...tableRead,
      ...tableWrite,
      's3:PutObject',
      'sqs:SendMessage',
      ...linkKeys,
    ],
  };

  it('only the functions that sign or verify links (or derive keys from them) can read the link keys', () => {
    const secretStatements = resourcesOfType(template, 'AWS::IAM::Policy').flatMap((policy) =>
      asArray<Json>(policy.properties.PolicyDocument.Statement)
        .filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('secretsmanager:')))
        .map((statement) => ({ policy, statement })),
    );
    const roleIds = new Set(
      secretStatements.flatMap(({ policy }) =>
        asArray<Json>(policy.properties.Roles).map((r) => referencedId(r)),
      ),
    );
    const readers = names.filter((name) =>
      roleIds.has(referencedId(functionResource(name).Properties.Role)),
    );
    expect(readers.sort()).toEqual([...linkKeyUsers].sort());
    expect(roleIds.size).toBe(linkKeyUsers.size);
    // Each grant names the one secret of the stateful stack, not a wildcard.
    for (const { statement } of secretStatements) {
      expect(JSON.stringify(statement.Resource)).toContain('LinkSigningSecret');
      expect(statement.Resource).not.toBe('*');
    }
    expect(resourcesOfType(template, 'AWS::SecretsManager::Secret')).toEqual([]);
  });

  it.each(names)('%s has exactly the actions of the access matrix', (name) => {
    expect(actionsOf(name)).toEqual([...expected[name]].sort());
  });

  it('grants the mailer the SES action AWS checks for the request the mailer makes', async () => {
    // SESv2 SendEmail is authorized by its content: Raw as ses:SendRawEmail, Simple as
    // ses:SendEmail, Template as ses:SendTemplatedEmail.
    const sent: SendEmailCommand[] = [];
    const recordingClient = {
      send: async (command: SendEmailCommand) => {
        sent.push(command);
        return { MessageId: 'm-1' };
      },
    } as unknown as SESv2Client;
    await createSesMailer(recordingClient, {
      from: { name: 'Chytrá školení', address: 'skoleni@kraj-example.cz' },
      maxSendRate: 1000,
    }).send({
      to: { address: 'jana@example.cz' },
      subject: 'Potvrzení',
      text: 'Dobrý den',
      html: '<p>Dobrý den</p><img src="cid:qr@test" alt="QR">',
      // As a confirmation goes out: the inline QR image and the calendar file.
      attachments: [
        {
          filename: 'qr.png',
          content: new Uint8Array([1]),
          contentType: 'image/png',
          cid: 'qr@test',
        },
        { filename: 'akce.ics', content: 'BEGIN:VCALENDAR', contentType: 'text/calendar' },
      ],
    });
    const content = sent[0]?.input.Content ?? {};
    const authorizedAs = content.Raw
      ? 'ses:SendRawEmail'
      : content.Template
        ? 'ses:SendTemplatedEmail'
        : 'ses:SendEmail';
    expect(actionsOf('mailer').filter((a) => a.startsWith('ses:'))).toEqual([authorizedAs]);
  });

  it('keeps SES and S3 where they belong', () => {
    expect(actionsOf('organiser').filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
    expect(actionsOf('site').filter((a) => a.startsWith('s3:'))).toEqual([]);
    // Its attachments travel in the mail messages: the mailer touches no bucket.
    expect(actionsOf('mailer').filter((a) => a.startsWith('s3:'))).toEqual([]);
    for (const name of names.filter((n) => n !== 'mailer')) {
      expect(
        actionsOf(name).filter((a) => a.startsWith('ses:')),
        name,
      ).toEqual([]);
    }
    for (const name of names.filter((n) => n !== 'indicators' && n !== 'certificateRenderer')) {
      expect(actionsOf(name), name).not.toContain('s3:PutObject');
    }
  });

  it('has no wildcard action and no "*" resource in any IAM statement of either stack', () => {
    const statements = [
      ...allIamStatements(synthesised.statefulTemplate),
      ...allIamStatements(template),
    ].filter((s) => s.Effect === 'Allow');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of asArray<string>(statement.Action)) {
        expect(action, JSON.stringify(statement)).not.toContain('*');
      }
      for (const target of asArray<Json>(statement.Resource)) {
        expect(target, JSON.stringify(statement)).not.toBe('*');
      }
    }
  });

  it('scopes table access to the table and its two named indexes', () => {
    const roleId = referencedId(functionResource('site').Properties.Role) as string;
    const dynamo = statementsOfRole(template, roleId).find((s) =>
      asArray<string>(s.Action).includes('dynamodb:Query'),
    );
    const suffixes = asArray<Json>(dynamo?.Resource).map((r) =>
      typeof r === 'object' && r['Fn::Join'] ? r['Fn::Join'][1][1] : '',
    );
    expect(suffixes).toEqual(['', '/index/byStart', '/index/byDueTime']);
  });

  it('lets the mailer send only as the SES identity, through the configuration set, from MAIL_FROM', () => {
    const roleId = referencedId(functionResource('mailer').Properties.Role) as string;
    const ses = statementsOfRole(template, roleId).find((s) => s.Action === 'ses:SendEmail');
    expect(ses?.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': 'skoleni@kraj-example.cz' },
    });
    const [identity, configurationSet] = asArray<Json>(ses?.Resource).map((r) => JSON.stringify(r));
    expect(identity).toContain(':identity/kraj-example.cz');
    const [configurationSetId] = resourcesOfType(template, 'AWS::SES::ConfigurationSet').map(
      (c) => c.logicalId,
    );
    expect(configurationSet).toContain(`:configuration-set/",{"Ref":"${configurationSetId}"}`);
    expect(
      functionResource('mailer').Properties.Environment.Variables.SES_CONFIGURATION_SET,
    ).toEqual({ Ref: configurationSetId });
  });

  it('uses no managed policies', () => {
    for (const role of resourcesOfType(template, 'AWS::IAM::Role')) {
      expect(role.properties.ManagedPolicyArns, role.logicalId).toBeUndefined();
    }
  });
});
