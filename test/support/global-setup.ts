import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type Emulators, startEmulators } from '../../infra/local/emulators';
import { cachedPolicies, type ExtractedPolicies } from '../../infra/local/iam/policies';
import { freePort } from '../../infra/local/ports';
import { localMailFrom, projectRoot } from '../../infra/local/settings';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Emulators['endpoints'];
    mailViewerUrl: string;
    /** The functions' IAM policies from the CDK app, which every test environment enforces. */
    iamPolicies: ExtractedPolicies;
  }
}

let emulators: Emulators | undefined;

/** One set of emulators per test run; each test file makes its own table, queues and bucket. */
export default async function setup(project: TestProject) {
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const iamPolicies = cachedPolicies({ mailFrom: localMailFrom }, join(projectRoot, '.data'));
  iamPolicies.catch(() => undefined);
  emulators = await startEmulators({
    ports: { dynamo: await freePort(), sqs: await freePort(), ses: await freePort() },
    region: 'eu-central-1',
  });
  project.provide('iamPolicies', await iamPolicies);
  project.provide('endpoints', emulators.endpoints);
  project.provide('mailViewerUrl', emulators.mailViewerUrl);
  return async () => {
    await emulators?.stop();
  };
}
