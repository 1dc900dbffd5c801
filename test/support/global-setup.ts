import type { TestProject } from 'vitest/node';
import { type Emulators, startEmulators } from '../../infra/local/emulators';
import { freePort } from '../../infra/local/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Emulators['endpoints'];
    mailViewerUrl: string;
  }
}

let emulators: Emulators | undefined;

/** One set of emulators per test run; each test file makes its own table, queues and bucket. */
export default async function setup(project: TestProject) {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  emulators = await startEmulators({
    ports: { dynamo: await freePort(), sqs: await freePort(), ses: await freePort() },
    region: 'eu-central-1',
  });
  project.provide('endpoints', emulators.endpoints);
  project.provide('mailViewerUrl', emulators.mailViewerUrl);
  return async () => {
    await emulators?.stop();
  };
}
