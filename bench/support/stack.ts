import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Emulators, startEmulators } from '../../infra/local/emulators';
import { freePort } from '../../infra/local/ports';
import { createBucket, createQueues, createTable, localNames } from '../../infra/local/provision';
import { loadFunction, type Runtime, startRuntime } from '../../infra/local/runtime';
import { functionEnvironment } from '../../infra/local/settings';
import { createDynamo, createS3, createSqs } from '../../shared/adapters/clients';
import type { FunctionName, QueueName } from '../../shared/resources';

const region = 'eu-central-1';
export const benchAdminToken = 'bench-admin-token-0123456789';

export interface BenchStack {
  endpoints: Emulators['endpoints'];
  mailViewerUrl: string;
  tableName: string;
  queueUrls: Record<QueueName, string>;
  httpPort: number;
  /** The functions' settings; change them before the first function is loaded. */
  environment: Record<string, string>;
  /** Clients of the benchmark itself (seeding, inspecting), not of the functions. */
  clients: { dynamo: ReturnType<typeof createDynamo>; sqs: ReturnType<typeof createSqs> };
  /** HTTP, queue pollers (none with `pollers: false`); schedules stay off. */
  startRuntime(options?: { pollers?: boolean }): Promise<Runtime>;
  /** One function's module, loaded the way the runtime loads it. */
  loadFunction<T>(name: FunctionName): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Emulators on free ports with one table, the queues and the bucket provisioned, and the
 * function environment pointing at them: what `npm start` runs, without the demo data.
 */
export async function startBenchStack(overrides: Record<string, string> = {}): Promise<BenchStack> {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const emulators = await startEmulators({
    ports: { dynamo: await freePort(), sqs: await freePort(), ses: await freePort() },
    region,
  });
  const names = localNames('bench');
  const endpointConfig = {
    AWS_REGION: region,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamo,
    AWS_ENDPOINT_URL_SQS: emulators.endpoints.sqs,
    AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
  };
  const raw = new DynamoDBClient({ region, endpoint: emulators.endpoints.dynamo });
  await createTable(raw, names.table);
  raw.destroy();
  const sqs = createSqs(endpointConfig);
  const provisioned = await createQueues(sqs, names);
  const s3 = createS3(endpointConfig);
  await createBucket(s3, names.bucket);
  s3.destroy();
  const queueUrls = {
    mail: provisioned.mail.url,
    mailEvents: provisioned.mailEvents.url,
    certificates: provisioned.certificates.url,
  };
  const httpPort = await freePort();
  const environment = {
    ...functionEnvironment({
      names,
      queueUrls,
      endpoints: emulators.endpoints,
      region,
      httpPort,
      secrets: { adminToken: benchAdminToken, linkSigningSecret: randomBytes(32).toString('hex') },
    }),
    ...overrides,
  };
  const dynamo = createDynamo(endpointConfig);
  let runtime: Runtime | undefined;

  return {
    endpoints: emulators.endpoints,
    mailViewerUrl: emulators.mailViewerUrl,
    tableName: names.table,
    queueUrls,
    httpPort,
    environment,
    clients: { dynamo, sqs },
    async startRuntime(options = {}) {
      runtime = await startRuntime({
        environment,
        httpPort,
        queueUrls,
        region,
        schedules: false,
        // No consumers: the queue keeps what the functions send.
        ...(options.pollers === false ? { pollerConcurrency: 0 } : {}),
        log: (line) => console.log(`  [runtime] ${line}`),
      });
      return runtime;
    },
    async loadFunction<T>(name: FunctionName) {
      Object.assign(process.env, environment);
      return loadFunction<T>(name);
    },
    async stop() {
      await runtime?.stop();
      dynamo.destroy();
      sqs.destroy();
      await emulators.stop();
    },
  };
}
