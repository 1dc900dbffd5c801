import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createS3, createSqs } from '../../shared/adapters/clients';
import type { QueueName } from '../../shared/resources';
import { type Emulators, startEmulators } from './emulators';
import { cachedPolicies, localEnforcement } from './iam/policies';
import { createBucket, createQueues, createTable, type LocalNames, localNames } from './provision';
import { type SupervisedRuntime, superviseRuntimeProcess } from './runtime-process';
import {
  functionEnvironment,
  type LocalSecrets,
  type LocalSettings,
  localMailFrom,
} from './settings';

export interface LocalStack {
  emulators: Emulators;
  /** In a process of its own: killing it loses none of the queued messages the emulators hold. */
  runtime: SupervisedRuntime;
  names: LocalNames;
  environment: Record<string, string>;
  queueUrls: Record<QueueName, string>;
  deadLetterUrls: Record<QueueName, string>;
  stop(): Promise<void>;
}

/** Emulators, then tables, queues and bucket from shared/resources.ts, then the runtime. */
export async function startLocalStack(options: {
  settings: LocalSettings;
  secrets: LocalSecrets;
  persist: boolean;
  schedules: boolean;
  /** See RuntimeOptions.healthGateFile. */
  healthGateFile?: string;
  log?: (line: string) => void;
}): Promise<LocalStack> {
  const { settings, secrets } = options;
  // The functions' IAM policies as the CDK app synthesizes them, cached in the data folder until
  // the app's sources change; a synth (a few seconds) overlaps with the emulators' start.
  const policies = cachedPolicies({ mailFrom: localMailFrom }, settings.dataDir);
  policies.catch(() => undefined);
  const emulators = await startEmulators({
    ports: settings.ports,
    region: settings.region,
    ...(options.persist ? { dataDir: settings.dataDir } : {}),
  });
  try {
    const names = localNames(settings.prefix);
    const endpointConfig = {
      AWS_REGION: settings.region,
      AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamo,
      AWS_ENDPOINT_URL_SQS: emulators.endpoints.sqs,
      AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
    };
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    process.env.AWS_ACCESS_KEY_ID ??= credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY ??= credentials.secretAccessKey;
    const dynamo = new DynamoDBClient({
      region: settings.region,
      endpoint: emulators.endpoints.dynamo,
      credentials,
    });
    const sqs = createSqs(endpointConfig);
    const s3 = createS3(endpointConfig);
    await createTable(dynamo, names.table);
    const provisioned = await createQueues(sqs, names);
    await createBucket(s3, names.bucket);
    dynamo.destroy();
    sqs.destroy();
    s3.destroy();

    const queueUrls = Object.fromEntries(
      Object.entries(provisioned).map(([name, q]) => [name, q.url]),
    ) as Record<QueueName, string>;
    const deadLetterUrls = Object.fromEntries(
      Object.entries(provisioned).map(([name, q]) => [name, q.deadLetterUrl]),
    ) as Record<QueueName, string>;
    const environment = functionEnvironment({
      names,
      queueUrls,
      endpoints: emulators.endpoints,
      region: settings.region,
      httpPort: settings.httpPort,
      secrets,
    });
    const iam = localEnforcement(await policies, { region: settings.region, names, queueUrls });
    const runtime = await superviseRuntimeProcess(
      {
        environment,
        httpPort: settings.httpPort,
        queueUrls,
        region: settings.region,
        schedules: options.schedules,
        sesSimulator: true,
        iam,
        ...(options.healthGateFile ? { healthGateFile: options.healthGateFile } : {}),
      },
      options.log,
    );
    return {
      emulators,
      runtime,
      names,
      environment,
      queueUrls,
      deadLetterUrls,
      async stop() {
        await runtime.stop();
        await emulators.stop();
      },
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}
