import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AppFunction, type FunctionEnvironment } from './app-function';
import { WorkQueue } from './work-queue';

export interface MailerProps {
  table: ITable;
  /** The verified SES identity (domain or address) mail is sent as. */
  sesIdentity: string;
  mailFrom: string;
  environment: FunctionEnvironment;
}

/**
 * Outgoing mail and its feedback loop:
 *
 *   senders ─▶ mail queue ─▶ mailer ─▶ SES (configuration set)
 *   SES bounce/complaint ─▶ SNS topic ─▶ mailEvents queue ─▶ mail-events function
 *
 * The topic carries recipient addresses, so it is encrypted with a key of its own that SES may
 * use; subscribers receive the raw SES event JSON (raw message delivery, no SNS envelope).
 */
export class Mailer extends Construct {
  readonly mailQueue: WorkQueue;
  readonly mailEventsQueue: WorkQueue;
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;
  readonly mailer: AppFunction;
  readonly mailEvents: AppFunction;

  constructor(scope: Construct, id: string, props: MailerProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.mailQueue = new WorkQueue(this, 'MailQueue', {
      name: 'mail',
      urlVariable: 'MAIL_QUEUE_URL',
    });
    this.mailEventsQueue = new WorkQueue(this, 'MailEventsQueue', { name: 'mailEvents' });

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
    });
    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    const topicKey = new Key(this, 'EventsTopicKey', {
      description: 'Encrypts the SES bounce and complaint notifications (they carry addresses)',
      enableKeyRotation: true,
      // It only protects messages in flight; nothing stays encrypted under it.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesPublishesEncryptedEvents',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: { 'aws:SourceArn': configurationSetArn },
        },
      }),
    );
    this.eventsTopic = new Topic(this, 'EventsTopic', {
      masterKey: topicKey,
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.eventsTopic.addSubscription(
      new SqsSubscription(this.mailEventsQueue.queue, { rawMessageDelivery: true }),
    );

    this.mailer = new AppFunction(this, 'Mailer', {
      name: 'mailer',
      environment: props.environment,
    })
      .bindQueue(this.mailQueue, 'consume')
      // No bucket: the indicator CSV and the certificate PDF travel inside their mail messages.
      .bindTable(props.table, 'readWrite')
      .bindEmailSending({
        identity: props.sesIdentity,
        configurationSetName: this.configurationSet.configurationSetName,
        fromAddress: props.mailFrom,
      });

    this.mailEvents = new AppFunction(this, 'MailEvents', {
      name: 'mailEvents',
      environment: props.environment,
    })
      .bindQueue(this.mailEventsQueue, 'consume')
      .bindTable(props.table, 'readWrite');
  }

  get queues(): WorkQueue[] {
    return [this.mailQueue, this.mailEventsQueue];
  }

  get functions(): AppFunction[] {
    return [this.mailer, this.mailEvents];
  }
}
