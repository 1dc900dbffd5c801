import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '../shared/resources';
import { organiserUserPool } from './constructs/auth';
import { acknowledge } from './constructs/nag';

/** Dated exports older than this are deleted (the indicators cover a year; one month of slack). */
const exportRetention = Duration.days(400);
/** Overwritten or deleted export versions are kept this long, to undo a mistake. */
const previousVersionRetention = Duration.days(30);
/** S3 server access logs of the exports bucket. */
const accessLogRetention = Duration.days(400);

/**
 * Everything that holds data and must outlive any deployment: the application table, the
 * exports bucket and the organisers' user pool. All are retained when the stack or the resource is deleted; nothing here has
 * a physical name, so the stack can be deployed more than once in an account.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly exportsBucket: Bucket;
  readonly userPool: UserPool;
  /** The keys of the signed links in emails: here, so that recreating the functions keeps them. */
  readonly linkSigningSecret: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const string = AttributeType.STRING;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: string },
      sortKey: { name: tableDefinition.sortKey, type: string },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(tableDefinition.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: string },
        sortKey: { name: index.sortKey, type: string },
      });
    }

    const accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: accessLogRetention }],
    });
    acknowledge(accessLogsBucket, 'AwsSolutions-S1', {
      reason:
        'This is the server access log bucket of the exports bucket; logging it would log its own log deliveries.',
    });

    this.exportsBucket = new Bucket(this, 'ExportsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        {
          id: 'ExpireOldExports',
          expiration: exportRetention,
          noncurrentVersionExpiration: previousVersionRetention,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
      ],
    });

    this.userPool = organiserUserPool(this, 'OrganiserUserPool');
    // First value: one generated key (read as LINK_SIGNING_SECRET; its tokens carry the key id
    // `legacy`). Rotation is by hand: put `k2:<new>,legacy:<old>` in the secret (newest first),
    // and drop the old key once its links have expired (a day after the last event it covered).
    this.linkSigningSecret = new Secret(this, 'LinkSigningSecret', {
      description: 'Keys of the signed links in emails (cancel, survey, check-in), newest first',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.linkSigningSecret, 'AwsSolutions-SMG4', {
      reason:
        'An automatic rotation replaces the whole value and would invalidate every link already emailed; keys are rotated by hand (a new key in front of the old ones, which keep verifying until their links expire).',
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ExportsBucketName', {
      description: 'Where the indicator exports are written',
      value: this.exportsBucket.bucketName,
    });
  }
}
