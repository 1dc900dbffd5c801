import { describe, expect, it } from 'vitest';
import {
  appSourceFiles,
  bindPolicies,
  type ExtractedPolicies,
  withoutActions,
} from '../../infra/local/iam/policies';
import { localNames } from '../../infra/local/provision';

const account = { accountId: '000000000000', region: 'eu-central-1', sesIdentities: ['kraj.cz'] };
const names = localNames('t1');

/** The shape a synth produces: a cross-stack import of the table ARN, joins, refs, a sub. */
const extracted: ExtractedPolicies = {
  key: 'test',
  mail: { mailFrom: 'skoleni@kraj.cz' },
  functionsStack: 'Stateless',
  functions: {
    site: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'dynamodb:PutItem'],
        Resource: [
          { 'Fn::ImportValue': 'Stateful:TableArn' },
          { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Stateful:TableArn' }, '/index/byStart']] },
        ],
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['MailQueue', 'Arn'] },
      },
    ],
    mailer: [
      {
        Effect: 'Allow',
        Action: 'ses:SendRawEmail',
        Resource: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':ses:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':configuration-set/',
                { Ref: 'ConfigSet' },
              ],
            ],
          },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax.
          { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' },
        ],
      },
      { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] } },
    ],
  } as ExtractedPolicies['functions'],
  exports: {
    'Stateful:TableArn': { stack: 'Stateful', value: { 'Fn::GetAtt': ['Table', 'Arn'] } },
  },
  resources: {
    'Stateful/Table': { kind: 'table' },
    'Stateful/Bucket': { kind: 'bucket' },
    'Stateless/Bucket': { kind: 'bucket' },
    'Stateless/MailQueue': { kind: 'queue', queue: 'mail' },
    'Stateless/ConfigSet': { kind: 'configurationSet' },
  },
};

describe('binding the synthesized policies to a local installation', () => {
  it('resolves imports, joins, refs, subs and pseudo parameters to the local ARNs', () => {
    const policies = bindPolicies(extracted, { account, names, configurationSetName: 'cs' });
    expect(policies.site.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'dynamodb:PutItem'],
        Resource: [
          'arn:aws:dynamodb:eu-central-1:000000000000:table/t1',
          'arn:aws:dynamodb:eu-central-1:000000000000:table/t1/index/byStart',
        ],
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: 'arn:aws:sqs:eu-central-1:000000000000:t1-mail',
      },
    ]);
    const [ses, logs] = policies.mailer.Statement;
    expect(ses?.Resource).toEqual([
      'arn:aws:ses:eu-central-1:000000000000:configuration-set/cs',
      'arn:aws:s3:::t1-exports/*',
    ]);
    // A resource with no local counterpart gets an ARN that no local call names.
    expect(logs?.Resource).toMatch(/^arn:aws:cloudformation:.*Logs/);
  });

  it('takes a grant away for a test of the missing permission', () => {
    const policies = bindPolicies(extracted, { account, names });
    const reduced = withoutActions(policies, 'site', ['sqs:SendMessage']);
    expect(reduced.site.Statement.flatMap((s) => s.Action)).toEqual([
      'dynamodb:Query',
      'dynamodb:PutItem',
    ]);
    expect(reduced.mailer).toBe(policies.mailer);
  });
});

describe('the cache key of the synthesized policies', () => {
  it('covers the files the grants are written in', () => {
    const files = appSourceFiles().map((file) => file.replace(/^.*?\/(infra|shared)\//, '$1/'));
    expect(files).toEqual(
      expect.arrayContaining([
        'infra/app.ts',
        'infra/stateless-stack.ts',
        'infra/constructs/app-function.ts',
        'infra/constructs/mailer.ts',
        'shared/resources.ts',
      ]),
    );
    expect(files.some((file) => file.startsWith('infra/local/'))).toBe(false);
  });
});
