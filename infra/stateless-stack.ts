import {
  Annotations,
  CfnOutput,
  CfnParameter,
  CfnRule,
  Fn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { queues } from '../shared/resources';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import type { AppFunction, FunctionEnvironment } from './constructs/app-function';
import { Auth } from './constructs/auth';
import { Mailer } from './constructs/mailer';
import { Schedules } from './constructs/schedules';
import type { DeploymentSettings } from './constructs/settings';

/**
 * The functions that sign or verify links, or derive keys from the link secret (CSRF and form
 * tokens, keyed hashes of the limits, the indicators' person keys). No other may read it.
 */
export const linkKeyUsers: ReadonlySet<string> = new Set([
  'http',
  'mailer',
  'indicators',
  'retention',
]);

export interface StatelessStackProps extends StackProps {
  table: ITable;
  exportsBucket: IBucket;
  /** The link keys (stateful stack); only the functions in `linkKeyUsers` may read them. */
  linkSigningSecret: ISecret;
  settings: DeploymentSettings;
}

/**
 * The functions and everything around them: HTTP API and organiser sign-in, mail queue and SES,
 * scheduled jobs, alarms. It can be destroyed and deployed again without losing data, with two
 * exceptions: the organiser accounts (the user pool is retained and protected from deletion),
 * and the link signing secret, which a new stack generates afresh, so links in emails sent
 * before stop working.
 */
export class StatelessStack extends Stack {
  readonly functions: AppFunction[];
  readonly mailer: Mailer;
  readonly api: Api;
  readonly auth: Auth;
  readonly schedules: Schedules;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, exportsBucket, settings } = props;
    guardPlaceholders(this, settings);

    this.auth = new Auth(this, 'Auth', {
      publicBaseUrl: settings.publicBaseUrl,
      ...(settings.cognitoDomainPrefix ? { domainPrefix: settings.cognitoDomainPrefix } : {}),
    });

    // Settings every function parses at cold start (shared/config.ts). The link keys are not
    // among them: the functions that need them get the secret's ARN and read it at cold start.
    const environment: FunctionEnvironment = {
      MAIL_FROM: settings.mailFrom,
      MAIL_FROM_NAME: settings.mailFromName,
      CONTACT_EMAIL: settings.contactEmail,
      CONTACT_PHONE: settings.contactPhone,
      CONTACT_ADDRESS: settings.contactAddress,
      DPO_CONTACT: settings.dpoContact,
      PUBLIC_BASE_URL: settings.publicBaseUrl,
      ORGANISER_NAME: settings.organiserName,
      ORGANISER_ICO: settings.organiserIco,
      // The account's rate shared by the mailer containers that may run at once.
      SES_MAX_SEND_RATE: String(settings.sesMaxSendRate / queues.mail.maxConcurrency),
      RETENTION_DAYS: String(settings.retentionDays),
      REMINDER_OFFSETS_HOURS: settings.reminderOffsetsHours,
      EXPORT_RECIPIENTS: settings.exportRecipients,
      RATE_LIMITS: settings.rateLimits,
      LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: String(settings.registrationsPerClientPerHour),
      LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: String(settings.registrationsPerEmailPerDay),
      // ADMIN_AUTH=cognito makes these required for every function, though only http uses them.
      COGNITO_ISSUER: this.auth.issuer,
      COGNITO_CLIENT_ID: this.auth.client.userPoolClientId,
      COGNITO_DOMAIN: this.auth.hostedUiUrl,
    };

    this.mailer = new Mailer(this, 'Mail', {
      table,
      exportsBucket,
      sesIdentity: settings.sesIdentity,
      mailFrom: settings.mailFrom,
      environment,
    });
    this.api = new Api(this, 'Api', {
      table,
      mailQueue: this.mailer.mailQueue,
      authorizer: this.auth.authorizer,
      environment,
    });
    this.schedules = new Schedules(this, 'Jobs', {
      table,
      exportsBucket,
      mailQueue: this.mailer.mailQueue,
      environment,
    });

    this.functions = [this.api.http, ...this.mailer.functions, ...this.schedules.functions];
    for (const fn of this.functions) {
      if (linkKeyUsers.has(fn.name)) fn.bindLinkKeys(props.linkSigningSecret);
    }
    for (const fn of this.functions) {
      fn.addConfigOnlyNames({
        TABLE_NAME: table.tableName,
        MAIL_QUEUE_URL: this.mailer.mailQueue.queue.queueUrl,
        EXPORTS_BUCKET: exportsBucket.bucketName,
      });
    }

    this.alarms = new Alarms(this, 'Alarms', {
      functions: this.functions,
      queues: this.mailer.queues,
      ...(settings.alarmEmail ? { email: settings.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'HostedUiUrl', {
      description: 'Cognito hosted UI where organisers sign in',
      value: this.auth.hostedUiUrl,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'SesConfigurationSet', {
      value: this.mailer.configurationSet.configurationSetName,
    });
  }
}

/**
 * With placeholder settings (see constructs/settings.ts) the template still synthesises, with a
 * warning, but CloudFormation rejects any deployment of it before touching a resource.
 */
function guardPlaceholders(stack: Stack, settings: DeploymentSettings): void {
  if (settings.placeholders.length === 0) return;
  const missing = settings.placeholders.join(', ');
  const fix = settings.placeholders.map((key) => `-c ${key}=...`).join(' ');
  Annotations.of(stack).addWarningV2(
    'chytra-skoleni:placeholder-settings',
    `Synthesised with placeholder settings (${missing}); a deployment of this template fails. Pass ${fix}`,
  );
  const parameter = new CfnParameter(stack, 'PlaceholderSettings', {
    type: 'String',
    default: missing,
    description: 'Settings that were missing at synth time; the template cannot be deployed.',
  });
  new CfnRule(stack, 'RealSettingsRequired', {
    assertions: [
      {
        assert: Fn.conditionEquals(parameter.valueAsString, 'none'),
        assertDescription: `This template was synthesised with placeholder values for: ${missing}. Deploy again with ${fix}`,
      },
    ],
  });
}
