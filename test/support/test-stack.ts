import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type LocalConfig, parseLocalConfig } from '../../infra/local/config';
import { type Enforcement, enforceIam } from '../../infra/local/iam/enforce';
import { localEnforcement } from '../../infra/local/iam/policies';
import { freePort } from '../../infra/local/ports';
import {
  createBucket,
  createQueues,
  createTable,
  type LocalNames,
  localNames,
} from '../../infra/local/provision';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { functionEnvironment } from '../../infra/local/settings';
import { createDynamo, createS3, createSes, createSqs } from '../../shared/adapters/clients';
import type { QueueName } from '../../shared/resources';

export const testAdminToken = 'test-admin-token-0123456789';

export interface TestEnvironment {
  names: LocalNames;
  environment: Record<string, string>;
  /** Every function's settings in one object, as the local environment gives them to all. */
  config: LocalConfig;
  queueUrls: Record<QueueName, string>;
  deadLetterUrls: Record<QueueName, string>;
  endpoints: { dynamo: string; sqs: string; ses: string; s3: string };
  mailViewerUrl: string;
  httpPort: number;
  /** The IAM policies in force for the functions of this environment (see enforceTestIam). */
  iam: Enforcement;
  /** The test's own clients: they act as an administrator, not as a function. */
  clients: {
    dynamo: ReturnType<typeof createDynamo>;
    sqs: ReturnType<typeof createSqs>;
    ses: ReturnType<typeof createSes>;
    s3: ReturnType<typeof createS3>;
  };
}

/**
 * A table, queues and bucket of this test file's own, on the run's shared emulators, and the
 * function environment pointing at them (also set into process.env for the handlers).
 */
export async function createTestEnvironment(
  options: { visibilityTimeoutSeconds?: number } = {},
): Promise<TestEnvironment> {
  const endpoints = inject('endpoints');
  const region = 'eu-central-1';
  const names = localNames(`t${randomBytes(5).toString('hex')}`);
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const endpointConfig = {
    AWS_REGION: region,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
  };
  const raw = new DynamoDBClient({ region, endpoint: endpoints.dynamo });
  await createTable(raw, names.table);
  raw.destroy();
  const sqs = createSqs(endpointConfig);
  const provisioned = await createQueues(sqs, names, options);
  const s3 = createS3(endpointConfig);
  await createBucket(s3, names.bucket);
  const queueUrls = Object.fromEntries(
    Object.entries(provisioned).map(([n, q]) => [n, q.url]),
  ) as Record<QueueName, string>;
  const deadLetterUrls = Object.fromEntries(
    Object.entries(provisioned).map(([n, q]) => [n, q.deadLetterUrl]),
  ) as Record<QueueName, string>;
  const httpPort = await freePort();
  const environment = {
    ...functionEnvironment({
      names,
      queueUrls,
      endpoints,
      region,
      httpPort,
      secrets: { adminToken: testAdminToken, linkSigningSecret: randomBytes(32).toString('hex') },
    }),
    // Tests wait for no rate limiter unless they test it.
    SES_MAX_SEND_RATE: '1000',
    // Tests register many people from one address and post forms at machine speed; the
    // registration limits and the form's timing check are on only where a test turns them on
    // (test/integration/rate-limits.test.ts).
    RATE_LIMITS: 'off',
  };
  Object.assign(process.env, environment);
  const iam = enforceTestIam(names, queueUrls);
  return {
    names,
    environment,
    config: parseLocalConfig(environment),
    queueUrls,
    deadLetterUrls,
    endpoints,
    mailViewerUrl: inject('mailViewerUrl'),
    httpPort,
    iam,
    clients: { dynamo: createDynamo(endpointConfig), sqs, ses: createSes(endpointConfig), s3 },
  };
}

/**
 * Enforces the functions' IAM policies, as the CDK app synthesizes them, bound to these names:
 * clients that function code creates from now on (the runtime's, `loadFunction`'s, or under
 * `asFunction`) are checked against their function's policy on every call.
 */
export function enforceTestIam(
  names: LocalNames,
  queueUrls: Record<QueueName, string>,
  policies?: Enforcement['policies'],
): Enforcement {
  const iam = localEnforcement(inject('iamPolicies'), { region: 'eu-central-1', names, queueUrls });
  const enforcement = policies ? { ...iam, policies } : iam;
  enforceIam(enforcement);
  return enforcement;
}

/** The local runtime (HTTP, queue pollers) on a test environment; schedules stay off. */
export async function startTestRuntime(env: TestEnvironment): Promise<Runtime> {
  return startRuntime({
    iam: env.iam,
    environment: env.environment,
    httpPort: env.httpPort,
    queueUrls: env.queueUrls,
    region: 'eu-central-1',
    schedules: false,
    log: () => {},
  });
}

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
}

/** Every email the SES emulator holds for these recipients. */
export async function sentEmails(env: TestEnvironment, to?: string): Promise<SentEmail[]> {
  const response = await fetch(`${env.mailViewerUrl}store`);
  const store = (await response.json()) as { emails: SentEmail[] };
  return store.emails.filter((email) => !to || email.destination.to.some((t) => t.includes(to)));
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
