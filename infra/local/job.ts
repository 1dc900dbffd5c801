import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createSqs } from '../../shared/adapters/clients';
import { type JobName, jobNames, type QueueName, queues } from '../../shared/resources';
import { enforceIam } from './iam/enforce';
import { cachedPolicies, localEnforcement } from './iam/policies';
import { localNames } from './provision';
import { type JobHandler, loadFunction } from './runtime';
import { functionEnvironment, localMailFrom, localSecrets, localSettings } from './settings';

const usage = `Usage: npm run job -- <${jobNames.join('|')}> [--at <ISO 8601 time>]
Runs one scheduled job now against the running local stack (npm start), as if it were --at.`;

function parseArgs(argv: string[]): { name: JobName; at: Date } {
  const [name, ...rest] = argv;
  if (!name || !jobNames.includes(name as JobName)) throw new Error(usage);
  let at = new Date();
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--at' && rest[i + 1]) {
      at = new Date(rest[i + 1] as string);
      if (Number.isNaN(at.getTime()))
        throw new Error(`--at needs an ISO 8601 time, e.g. 2025-11-01T02:00:00+01:00\n${usage}`);
      i++;
    } else {
      throw new Error(usage);
    }
  }
  return { name: name as JobName, at };
}

/** Runs the job's handler in this process against the emulators of the running `npm start`. */
async function main(): Promise<void> {
  const { name, at } = parseArgs(process.argv.slice(2));
  const settings = localSettings();
  const base = `http://127.0.0.1:${settings.httpPort}`;
  const health = await fetch(`${base}/health`).catch(() => undefined);
  if (!health?.ok) {
    throw new Error(`The local stack is not running at ${base}. Start it first with: npm start`);
  }
  const names = localNames(settings.prefix);
  const endpoints = {
    dynamo: `http://127.0.0.1:${settings.ports.dynamo}`,
    sqs: `http://127.0.0.1:${settings.ports.sqs}`,
    s3: `http://127.0.0.1:${settings.ports.sqs}`,
    ses: `http://127.0.0.1:${settings.ports.ses}`,
  };
  const sqs = createSqs({ AWS_REGION: settings.region, AWS_ENDPOINT_URL_SQS: endpoints.sqs });
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const queueUrls = {} as Record<QueueName, string>;
  for (const queue of Object.keys(queues) as QueueName[]) {
    const result = await sqs.send(new GetQueueUrlCommand({ QueueName: names.queue(queue) }));
    queueUrls[queue] = result.QueueUrl ?? '';
  }
  sqs.destroy();
  Object.assign(
    process.env,
    functionEnvironment({
      names,
      queueUrls,
      endpoints,
      region: settings.region,
      httpPort: settings.httpPort,
      secrets: localSecrets(settings.dataDir),
    }),
  );
  // The job acts with its function's IAM policy, as it does under `npm start`.
  enforceIam(
    localEnforcement(await cachedPolicies({ mailFrom: localMailFrom }, settings.dataDir), {
      region: settings.region,
      names,
      queueUrls,
    }),
  );
  const { handler } = await loadFunction<{ handler: JobHandler }>(name);
  console.log(`Running job "${name}" as of ${at.toISOString()}…`);
  const summary = await handler({ time: at.toISOString() });
  console.log(JSON.stringify(summary, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
