import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createAdaptorServer } from '@hono/node-server';
import { Cron } from 'croner';
import type { Hono } from 'hono';
import { createSqs } from '../../shared/adapters/clients';
import {
  type FunctionName,
  functions,
  type JobName,
  localCron,
  type QueueName,
  queues,
  type ScheduledJobEvent,
  schedules,
  scheduleTimeZone,
} from '../../shared/resources';
import { httpGateway } from './gateway';
import { asFunction, type Enforcement, enforceIam } from './iam/enforce';
import { type Poller, type SqsHandler, startPoller } from './queue-poller';
import { startSesSimulator } from './ses-simulator';
import { projectRoot } from './settings';

/** Connections waiting to be accepted; the kernel caps it at net.core.somaxconn. */
const listenBacklog = 4096;

export type JobHandler = (event: ScheduledJobEvent) => Promise<unknown>;

/**
 * Loads a function's entry module, exactly the file CDK bundles for Lambda. The SDK clients it
 * creates act as that function: with IAM enforced, its role's policy applies to their calls.
 */
export async function loadFunction<T>(name: FunctionName): Promise<T> {
  const url = pathToFileURL(join(projectRoot, functions[name].entry)).href;
  return (await asFunction(name, () => import(url))) as T;
}

export interface RuntimeOptions {
  /** Set into process.env before any function module is loaded (they parse it at cold start). */
  environment: Record<string, string>;
  httpPort: number;
  queueUrls: Record<QueueName, string>;
  region: string;
  /** Fire the cron schedules (off in tests, which run jobs explicitly). */
  schedules: boolean;
  /**
   * Answer emails to SES's mailbox simulator addresses as SES does (bounce, complaint) through
   * the mail-events queue (ses-simulator.ts): on for `npm start`, where the smoke test runs.
   */
  sesSimulator?: boolean;
  /** Concurrent batches per queue. */
  pollerConcurrency?: number;
  /**
   * The functions' IAM policies (infra/local/iam): every AWS call a function makes, the queue
   * polling on its behalf included, is checked against its own policy first.
   */
  iam?: Enforcement;
  /**
   * While this file exists, GET /health answers 503 `{"status":"starting"}`: `npm start` holds
   * it while it loads the demo data on the first start, so a script that waits for health
   * finds the events there.
   */
  healthGateFile?: string;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  runJob(name: JobName, at?: Date): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The one-machine stand-in for Lambda, the event source mappings and EventBridge Scheduler:
 * serves HTTP with the three HTTP functions' apps, each request routed as API Gateway routes it,
 * polls each queue into its consumer and fires the schedules in Europe/Prague time.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  Object.assign(process.env, options.environment);
  if (options.iam) enforceIam(options.iam);

  const site = await loadFunction<{ app: Hono }>('site');
  const publications = await loadFunction<{ app: Hono }>('publications');
  const organiser = await loadFunction<{ app: Hono }>('organiser');
  const gateway = httpGateway({
    site: site.app.fetch,
    publications: publications.app.fetch,
    organiser: organiser.app.fetch,
  });
  const gate = options.healthGateFile;
  const server = createAdaptorServer({
    fetch: (request: Request, env: unknown) =>
      gate && existsSync(gate) && new URL(request.url).pathname === '/health'
        ? Response.json({ status: 'starting' }, { status: 503 })
        : gateway(request, env),
    hostname: '127.0.0.1',
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node's default backlog (511) overflows when a thousand people register in the same
    // second and the kernel resets what it could not queue; API Gateway would take them all.
    server.listen({ port: options.httpPort, host: '127.0.0.1', backlog: listenBacklog }, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const pollers: Poller[] = [];
  const pollerClients: ReturnType<typeof createSqs>[] = [];
  for (const [queueName, definition] of Object.entries(queues) as [
    QueueName,
    (typeof queues)[QueueName],
  ][]) {
    const module = await loadFunction<{ handler: SqsHandler }>(definition.consumer);
    // Lambda's event source mapping polls with the consumer's execution role.
    const sqs = asFunction(definition.consumer, () =>
      createSqs({
        AWS_REGION: options.region,
        AWS_ENDPOINT_URL_SQS: options.environment.AWS_ENDPOINT_URL_SQS,
      }),
    );
    pollerClients.push(sqs);
    const queueUrl = options.queueUrls[queueName];
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    pollers.push(
      startPoller({
        sqs,
        queueUrl,
        queueArn: attributes.Attributes?.QueueArn ?? '',
        region: options.region,
        batchSize: definition.batchSize,
        handler: module.handler,
        concurrency: options.pollerConcurrency ?? definition.maxConcurrency,
        onError: (error) =>
          log(
            `[${queueName}] batch failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      }),
    );
  }

  const jobHandlers = new Map<JobName, JobHandler>();
  for (const [jobName, schedule] of Object.entries(schedules) as [
    JobName,
    (typeof schedules)[JobName],
  ][]) {
    jobHandlers.set(
      jobName,
      (await loadFunction<{ handler: JobHandler }>(schedule.function)).handler,
    );
  }
  async function runJob(name: JobName, at: Date = new Date()): Promise<unknown> {
    const handler = jobHandlers.get(name);
    if (!handler) throw new Error(`Unknown job ${name}`);
    return handler({ time: at.toISOString() });
  }

  // SES publishes its events through SNS to the queue: AWS's own doing, so no function's role
  // applies to this client.
  const simulatorSqs = options.sesSimulator
    ? createSqs({
        AWS_REGION: options.region,
        AWS_ENDPOINT_URL_SQS: options.environment.AWS_ENDPOINT_URL_SQS,
      })
    : undefined;
  const sesSimulator =
    simulatorSqs && options.environment.AWS_ENDPOINT_URL_SESV2
      ? startSesSimulator({
          sesEndpoint: options.environment.AWS_ENDPOINT_URL_SESV2,
          sqs: simulatorSqs,
          mailEventsQueueUrl: options.queueUrls.mailEvents,
          log,
        })
      : undefined;

  const crons: Cron[] = [];
  if (options.schedules) {
    for (const [jobName, schedule] of Object.entries(schedules) as [
      JobName,
      (typeof schedules)[JobName],
    ][]) {
      crons.push(
        new Cron(localCron(schedule), { timezone: scheduleTimeZone, protect: true }, async () => {
          try {
            const summary = await runJob(jobName);
            log(`[schedule] ${jobName}: ${JSON.stringify(summary)}`);
          } catch (error) {
            log(
              `[schedule] ${jobName} failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }),
      );
    }
  }

  return {
    url: `http://127.0.0.1:${options.httpPort}`,
    runJob,
    async stop() {
      for (const cron of crons) cron.stop();
      await sesSimulator?.stop();
      simulatorSqs?.destroy();
      await Promise.all(pollers.map((p) => p.stop()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const sqs of pollerClients) sqs.destroy();
    },
  };
}
