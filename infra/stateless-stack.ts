import {
  Annotations,
  CfnOutput,
  CfnParameter,
  CfnRule,
  Fn,
  Lazy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { usesLinkKeys } from '../shared/config';
import { type FunctionName, functions, queues } from '../shared/resources';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import type { AppFunction, FunctionEnvironment } from './constructs/app-function';
import { Auth } from './constructs/auth';
import { Certificates } from './constructs/certificates';
import { Mailer } from './constructs/mailer';
import { Schedules } from './constructs/schedules';
import type { DeploymentSettings } from './constructs/settings';
import type { WorkQueue } from './constructs/work-queue';

/**
 * The functions that sign or verify links, or derive keys from the link keys (CSRF and form
 * tokens, keyed hashes of the limits and of stored addresses, the indicators' person keys,
 * certificates' verification links): those whose configuration has the link keys' piece
 * (shared/config.ts). No other may read the secret.
 */
export const linkKeyUsers: ReadonlySet<string> = new Set(
  (Object.keys(functions) as FunctionName[]).filter(usesLinkKeys),
);

export interface StatelessStackProps extends StackProps {
  table: ITable;
  exportsBucket: IBucket;
  /** The organisers' accounts, kept by the stateful stack. */
  userPool: IUserPool;
  /** The link keys (stateful stack); only the functions in `linkKeyUsers` may read them. */
  linkSigningSecret: ISecret;
  settings: DeploymentSettings;
}

/**
 * The functions and everything around them: HTTP API and organiser sign-in, mail queue and SES,
 * scheduled jobs, alarms. It can be destroyed and deployed again without losing data, with two
 * exception: the link signing secret, which a new stack generates afresh, so links in emails sent
 * before stop working.
 */
export class StatelessStack extends Stack {
  readonly functions: AppFunction[];
  readonly mailer: Mailer;
  readonly api: Api;
  readonly auth: Auth;
  readonly schedules: Schedules;
  readonly certificates: Certificates;
  /** Every work queue with its dead-letter queue, whoever consumes it. */
  readonly queues: WorkQueue[];
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, exportsBucket, settings } = props;
    guardPlaceholders(this, settings);

    // Without a custom domain or an explicit URL, links point at the API's own URL, which is
    // known once the API below exists.
    const publicBaseUrl =
      settings.publicBaseUrl ?? Lazy.string({ produce: () => this.api.defaultEndpoint });

    this.auth = new Auth(this, 'Auth', {
      userPool: props.userPool,
      publicBaseUrl,
      ...(settings.cognitoDomainPrefix ? { domainPrefix: settings.cognitoDomainPrefix } : {}),
    });

    // The settings of the deployment; each function is given those its own configuration reads
    // (shared/config.ts). The link keys are not among them: the functions that need them get
    // the secret's ARN and read it at cold start.
    const environment: FunctionEnvironment = {
      MAIL_FROM: settings.mailFrom,
      MAIL_FROM_NAME: settings.mailFromName,
      CONTACT_EMAIL: settings.contactEmail,
      CONTACT_PHONE: settings.contactPhone,
      CONTACT_ADDRESS: settings.contactAddress,
      DPO_CONTACT: settings.dpoContact,
      ORGANISER_NAME: settings.organiserName,
      ORGANISER_ICO: settings.organiserIco,
      PUBLIC_BASE_URL: publicBaseUrl,
      // The account's rate shared by the mailer containers that may run at once.
      SES_MAX_SEND_RATE: String(settings.sesMaxSendRate / queues.mail.maxConcurrency),
      RETENTION_DAYS: String(settings.retentionDays),
      REMINDER_OFFSETS_HOURS: settings.reminderOffsetsHours,
      EXPORT_RECIPIENTS: settings.exportRecipients,
      RATE_LIMITS: settings.rateLimits,
      LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: String(settings.registrationsPerClientPerHour),
      LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: String(settings.registrationsPerEmailPerDay),
      COGNITO_ISSUER: this.auth.issuer,
      COGNITO_CLIENT_ID: this.auth.client.userPoolClientId,
      COGNITO_DOMAIN: this.auth.hostedUiUrl,
      CERTIFICATE_ISSUER: settings.certificateIssuer,
      CERTIFICATE_ISSUER_ICO: settings.certificateIssuerIco,
      CERTIFICATE_SIGNATORY_NAME: settings.certificateSignatoryName,
      CERTIFICATE_SIGNATORY_ROLE: settings.certificateSignatoryRole,
      CERTIFICATE_NUMBER_PREFIX: settings.certificateNumberPrefix,
      CERTIFICATE_RETENTION_YEARS: String(settings.certificateRetentionYears),
    };

    this.mailer = new Mailer(this, 'Mail', {
      table,
      sesIdentity: settings.sesIdentity,
      mailFrom: settings.mailFrom,
      environment,
    });
    this.api = new Api(this, 'Api', {
      table,
      mailQueue: this.mailer.mailQueue,
      authorizer: this.auth.authorizer,
      environment,
      ...(settings.customDomain ? { customDomain: settings.customDomain } : {}),
    });
    this.certificates = new Certificates(this, 'Certificates', {
      table,
      exportsBucket,
      mailQueue: this.mailer.mailQueue,
      environment,
    });
    // Organisers reissue certificates and ask for the print file (queue), then download it.
    this.api.organiser.bindQueue(this.certificates.queue, 'send').bindBucket(exportsBucket, 'read');
    this.schedules = new Schedules(this, 'Jobs', {
      table,
      exportsBucket,
      mailQueue: this.mailer.mailQueue,
      certificatesQueue: this.certificates.queue,
      environment,
    });

    this.functions = [
      this.api.site,
      this.api.publications,
      this.api.organiser,
      ...this.mailer.functions,
      ...this.schedules.functions,
      this.certificates.renderer,
    ];
    for (const fn of this.functions) {
      if (usesLinkKeys(fn.name)) fn.bindLinkKeys(props.linkSigningSecret);
    }
    this.queues = [...this.mailer.queues, this.certificates.queue];
    this.alarms = new Alarms(this, 'Alarms', {
      functions: this.functions,
      queues: this.queues,
      ...(settings.alarmEmail ? { email: settings.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the HTTP API', value: this.api.url });
    new CfnOutput(this, 'PublicBaseUrl', {
      description: 'Where the links in emails and the sign-in return point',
      value: publicBaseUrl,
    });
    if (this.api.domainName) {
      new CfnOutput(this, 'DomainTarget', {
        description: `Point a CNAME (or an alias with the zone DomainTargetZoneId) for ${settings.customDomain?.domainName} at this`,
        value: this.api.domainName.regionalDomainName,
      });
      new CfnOutput(this, 'DomainTargetZoneId', {
        value: this.api.domainName.regionalHostedZoneId,
      });
    }
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
