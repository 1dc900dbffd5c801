import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { table } from '../../shared/resources';
import { resourcesOfType, synthesise, synthTimeout } from './support';

let template: Template;

beforeAll(() => {
  template = synthesise().statefulTemplate;
}, synthTimeout);

describe('application table', () => {
  it('has the keys and indexes of shared/resources.ts, all string-typed, ALL projection', () => {
    const [dynamo, ...others] = resourcesOfType(template, 'AWS::DynamoDB::Table');
    expect(others).toEqual([]);
    const props = dynamo?.properties;
    expect(props.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = Object.values(table.indexes);
    expect(props.GlobalSecondaryIndexes).toEqual(
      indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyNames = [
      table.partitionKey,
      table.sortKey,
      ...indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(props.AttributeDefinitions).toHaveLength(keyNames.length);
  });

  it('is on demand, encrypted with the AWS managed key, with PITR and the TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: {
        SSEEnabled: true,
        SSEType: Match.absent(),
        KMSMasterKeyId: Match.absent(),
      },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      DeletionProtectionEnabled: true,
      TableName: Match.absent(),
    });
  });

  it('is retained when the stack or the resource goes away', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('exports bucket', () => {
  const exportsBucket = () => {
    const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
    const found = buckets.find((b) => b.properties.VersioningConfiguration);
    if (!found) throw new Error('no versioned bucket');
    return found;
  };

  it('blocks public access, is S3-encrypted, versioned and retained, with no fixed name', () => {
    const bucket = exportsBucket();
    expect(bucket.raw.DeletionPolicy).toBe('Retain');
    expect(bucket.properties.BucketName).toBeUndefined();
    expect(bucket.properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
  });

  it('expires old exports and old versions', () => {
    const rules = exportsBucket().properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        ExpirationInDays: 400,
        NoncurrentVersionExpiration: { NoncurrentDays: expect.any(Number) },
      }),
    );
  });

  it('logs server access to a separate, also locked-down bucket', () => {
    const bucket = exportsBucket();
    const logBucketId = bucket.properties.LoggingConfiguration.DestinationBucketName.Ref;
    expect(logBucketId).toBeDefined();
    expect(logBucketId).not.toBe(bucket.logicalId);
    const logBucket = resourcesOfType(template, 'AWS::S3::Bucket').find(
      (b) => b.logicalId === logBucketId,
    );
    expect(logBucket?.properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(logBucket?.properties.OwnershipControls.Rules[0].ObjectOwnership).toBe(
      'BucketOwnerEnforced',
    );
  });

  it('denies every request without TLS, on both buckets', () => {
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });
});

describe('link signing keys', () => {
  it('live in a retained secret of this stack, so recreating the functions keeps sent links valid', () => {
    const secrets = resourcesOfType(template, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [secret] = secrets;
    expect(secret?.logicalId).toMatch(/^LinkSigningSecret/);
    expect(secret?.raw.DeletionPolicy).toBe('Retain');
    expect(secret?.raw.UpdateReplacePolicy).toBe('Retain');
    // A generated value of 64 letters and digits: read as one key until rotated by hand.
    expect(secret?.properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });
});
