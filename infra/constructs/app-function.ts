import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  type ConfigVariable,
  configVariableRequirements,
  configVariables,
} from '../../shared/config';
import {
  type FunctionDefinition,
  type FunctionName,
  functions,
  table,
} from '../../shared/resources';
import { acknowledge, acknowledgeLate, nagReference } from './nag';
import type { WorkQueue } from './work-queue';

/** The project root: entry files in shared/resources.ts are relative to it. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export type { ConfigVariable };
export type FunctionEnvironment = Partial<Record<ConfigVariable, string>>;

/** Set by the Lambda runtime itself in every function (reserved: a function may not set it). */
const lambdaProvidedVariables = new Set(['AWS_REGION']);

/** Every variable some function's configuration reads (shared/config.ts). */
const anyFunctionsVariables = new Set(
  (Object.keys(functions) as FunctionName[]).flatMap((name) => [...configVariables(name)]),
);

/**
 * The part of an environment a function reads: its own configuration variables (and variables
 * of the platform such as NODE_OPTIONS), not the settings of other functions.
 */
export function environmentFor(
  name: FunctionName,
  environment: Record<string, string>,
): Record<string, string> {
  const own = configVariables(name);
  return Object.fromEntries(
    Object.entries(environment).filter(
      ([variable]) => own.has(variable) || !anyFunctionsVariables.has(variable),
    ),
  );
}

/** Lambda runtime of every function; esbuild targets the same version. */
export const runtime = Runtime.NODEJS_22_X;
const esbuildTarget = 'node22';

/**
 * Esbuild's ESM output has no `require`; CommonJS dependencies that call it (the AWS SDK's
 * transitive ones among them) get one from createRequire. The aliases avoid clashing with
 * names in the bundle, since the banner is pasted in front of it verbatim.
 */
const esmRequireBanner =
  "import { createRequire as __appCreateRequire } from 'node:module'; const require = __appCreateRequire(import.meta.url);";

/** Esbuild settings of every function; bench/bundles.ts builds with the same ones. */
export const bundling = {
  format: OutputFormat.ESM,
  platform: 'node',
  target: esbuildTarget,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: esmRequireBanner,
  // Bundle the SDK v3 clients instead of using the runtime's copy: a pinned, tested version
  // and a faster cold start (tree-shaken, no directory scan of the runtime's node_modules).
  externalModules: [],
} satisfies BundlingOptions;

/**
 * The bundling of one function: the common settings, plus a copy of the files its definition
 * reads beside the bundle (fonts), made after esbuild ran.
 */
export function withBundledFiles(definition: FunctionDefinition): BundlingOptions {
  const files = definition.bundledFiles ?? [];
  if (files.length === 0) return bundling;
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) =>
        files.map(
          (file) =>
            `mkdir -p "${outputDir}/${posix.dirname(file.to)}" && cp "${inputDir}/${file.from}" "${outputDir}/${file.to}"`,
        ),
    },
  };
}

/** Settings that are the same for every function in AWS. */
export const commonEnvironment = {
  APP_ENV: 'aws',
  ADMIN_AUTH: 'cognito',
  /** Stack traces point at the TypeScript sources through the bundled source maps. */
  NODE_OPTIONS: '--enable-source-maps',
} as const;

export type TableAccess = 'read' | 'readWrite';
export type BucketAccess = 'read' | 'write' | 'readWrite';
export type QueueAccess = 'send' | 'consume';

const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  // Condition checks inside TransactWriteItems.
  'dynamodb:ConditionCheckItem',
];
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export interface EmailSending {
  /** The verified SES identity (domain or address). */
  identity: string;
  /** Name of the SES configuration set every message must be sent through. */
  configurationSetName: string;
  /** The only From address the function may use. */
  fromAddress: string;
}

export interface AppFunctionProps {
  /** The function's entry in shared/resources.ts: entry file, timeout, memory, description. */
  name: FunctionName;
  /** Merged over the common environment; bind* methods add the resource variables. */
  environment?: FunctionEnvironment;
  /** X-Ray active tracing. Off by default: X-Ray's write actions only exist on `*`. */
  tracing?: boolean;
}

/**
 * One Lambda function of the system, built from its definition in shared/resources.ts.
 *
 * Access is granted only through the bind* methods; each one writes the IAM statement and the
 * environment variable the function reads in one call, so the two cannot drift apart. A function
 * is given only the variables its own configuration schema reads (shared/config.ts), and the
 * synth stops when one it requires is missing. The role has no managed policies: the only other
 * permission is writing to the function's own log group.
 */
export class AppFunction extends Construct {
  readonly name: FunctionName;
  readonly definition: FunctionDefinition;
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  private readonly bound = new Map<ConfigVariable, string>();

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.definition = functions[props.name];
    const entry = join(projectRoot, this.definition.entry);
    if (!existsSync(entry)) {
      throw new Error(
        `Function '${props.name}': entry file ${this.definition.entry} (shared/resources.ts) does not exist`,
      );
    }

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    const environment = environmentFor(props.name, {
      ...commonEnvironment,
      ...(props.environment as Record<string, string>),
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      handler: 'handler',
      runtime,
      architecture: Architecture.ARM_64,
      description: this.definition.description,
      timeout: Duration.seconds(this.definition.timeoutSeconds),
      memorySize: this.definition.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      ...(this.definition.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: this.definition.reservedConcurrency }),
      environment,
      bundling: withBundledFiles(this.definition),
    });

    const given = new Set(Object.keys(environment));
    this.node.addValidation({
      // A required setting no bind* method set and no setting gave stops the synth here,
      // not the function's first cold start.
      validate: () =>
        [...configVariableRequirements(props.name)]
          .filter(
            ([variable, required]) =>
              required &&
              !lambdaProvidedVariables.has(variable) &&
              !given.has(variable) &&
              !this.bound.has(variable as ConfigVariable),
          )
          .map(
            ([variable]) =>
              `Function '${props.name}' needs ${variable} (shared/config.ts), but nothing sets it`,
          ),
    });

    acknowledge(this.fn, 'AwsSolutions-L1', {
      reason:
        'Node.js 22 is the runtime the project targets and tests (esbuild target node22, engines); move to a newer runtime together with the toolchain, not silently.',
    });
    if (props.tracing) {
      acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', {
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
      });
    }
  }

  /** Access to the application table and its indexes; sets TABLE_NAME. */
  bindTable(target: ITable, access: TableAccess): this {
    this.setVariable('TABLE_NAME', target.tableName);
    const indexArns = Object.values(table.indexes).map(
      (index) => `${target.tableArn}/index/${index.name}`,
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: access === 'read' ? tableReadActions : [...tableReadActions, ...tableWriteActions],
        resources: [target.tableArn, ...indexArns],
      }),
    );
    return this;
  }

  /**
   * Access to the objects of the exports bucket; sets EXPORTS_BUCKET. No s3:ListBucket: a
   * missing key is then AccessDenied rather than NoSuchKey, which no function relies on.
   */
  bindBucket(bucket: IBucket, access: BucketAccess): this {
    this.setVariable('EXPORTS_BUCKET', bucket.bucketName);
    const actions = [
      ...(access === 'write' ? [] : ['s3:GetObject']),
      ...(access === 'read' ? [] : ['s3:PutObject']),
    ];
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }),
    );
    const policy = this.role.node.findChild('DefaultPolicy');
    acknowledgeLate(
      policy,
      () => `AwsSolutions-IAM5[Resource::${nagReference(policy, bucket.arnForObjects('*'))}]`,
      {
        reason:
          'Exports are written at run time under dated keys, so object access needs a key wildcard; it is limited to the objects of this one bucket.',
      },
    );
    return this;
  }

  /**
   * `send`: SendMessage on the queue and its URL in the queue's variable (MAIL_QUEUE_URL).
   * `consume`: the SQS event source with the batch size from shared/resources.ts and partial
   * batch responses; only the consumer that resources.ts names may consume a queue.
   */
  bindQueue(queue: WorkQueue, access: QueueAccess): this {
    if (access === 'send') {
      if (!queue.urlVariable) {
        throw new Error(`Queue '${queue.name}' has no URL variable; nothing sends to it`);
      }
      this.setVariable(queue.urlVariable, queue.queue.queueUrl);
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queue.queueArn] }),
      );
      return this;
    }
    if (queue.definition.consumer !== this.name) {
      throw new Error(
        `Queue '${queue.name}' is consumed by '${queue.definition.consumer}' (shared/resources.ts), not by '${this.name}'`,
      );
    }
    const minimum = 6 * this.definition.timeoutSeconds;
    if (queue.definition.visibilityTimeoutSeconds < minimum) {
      throw new Error(
        `Queue '${queue.name}': visibility timeout ${queue.definition.visibilityTimeoutSeconds} s is below six times the timeout of '${this.name}' (${minimum} s)`,
      );
    }
    this.fn.addEventSource(
      new SqsEventSource(queue.queue, {
        batchSize: queue.definition.batchSize,
        maxConcurrency: queue.definition.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return this;
  }

  /** Read access to the link keys' secret; sets LINK_SIGNING_SECRETS_ARN (read at cold start). */
  bindLinkKeys(secret: ISecret): this {
    this.setVariable('LINK_SIGNING_SECRETS_ARN', secret.secretArn);
    secret.grantRead(this.role);
    return this;
  }

  /**
   * SES sending as one identity, through one configuration set, from one address; sets
   * SES_CONFIGURATION_SET. The mailer calls SESv2 SendEmail with simple content (SES builds the
   * MIME, attachments included), which AWS authorizes as ses:SendEmail, not ses:SendRawEmail.
   */
  bindEmailSending(sending: EmailSending): this {
    this.setVariable('SES_CONFIGURATION_SET', sending.configurationSetName);
    const stack = Stack.of(this);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: sending.identity }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: sending.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': sending.fromAddress } },
      }),
    );
    return this;
  }

  /** Variables set by bind* methods, e.g. for tests. */
  get boundVariables(): ReadonlySet<ConfigVariable> {
    return new Set(this.bound.keys());
  }

  private setVariable(name: ConfigVariable, value: string): void {
    if (!configVariables(this.name).has(name)) {
      throw new Error(
        `Function '${this.name}': bound to a resource its configuration does not read (${name}); add the setting to its schema in shared/config.ts`,
      );
    }
    const previous = this.bound.get(name);
    if (previous !== undefined && previous !== value) {
      throw new Error(`Function '${this.name}': ${name} is already bound to another resource`);
    }
    this.bound.set(name, value);
    this.fn.addEnvironment(name, value);
  }
}
