import { pathToFileURL } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './constructs/settings';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

/** Stack names; CloudFormation exports between them are prefixed with the stateful one. */
export const stackNames = {
  stateful: 'ChytraSkoleni-Stateful',
  stateless: 'ChytraSkoleni-Stateless',
} as const;

/**
 * Feature flags this app relies on, as defaults that cdk.json and -c still override. They live
 * here rather than in cdk.json so that the infra tests, which build the app without the CLI,
 * synthesise exactly what `cdk synth` does.
 */
const featureFlags = {
  // Log delivery to the access log bucket through a bucket policy, not an ACL (the bucket has
  // ACLs disabled).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Export/ImportValue between the stacks: the stateful stack cannot drop an output the
  // stateless stack still uses.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export interface ChytraSkoleniApp {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * The CDK app: a stateful stack (table, exports bucket, user pool) and a stateless stack
 * (everything else) that receives them. Deployment settings come from CDK context; see constructs/settings.ts for
 * the keys and for what happens when one is missing (synth works, a deploy is refused).
 *
 * cdk-nag's AwsSolutions pack is registered as a policy validation plugin: an unacknowledged
 * finding fails `cdk synth`. Acknowledgements sit next to the resources they concern.
 */
export function createApp(props: AppProps = {}): ChytraSkoleniApp {
  const app = new App({ ...props, context: { ...featureFlags, ...props.context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  const settings = readSettings(app);
  // Environment-agnostic: the account and region come from the CLI profile at deploy time.
  const stateful = new StatefulStack(app, stackNames.stateful, {
    description: 'Chytrá školení: table, exports bucket and organiser accounts (retained)',
  });
  const stateless = new StatelessStack(app, stackNames.stateless, {
    description: 'Chytrá školení: functions, HTTP API, sign-in, mail, schedules and alarms',
    table: stateful.table,
    exportsBucket: stateful.exportsBucket,
    userPool: stateful.userPool,
    linkSigningSecret: stateful.linkSigningSecret,
    settings,
  });
  return { app, stateful, stateless };
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  // Run by the CDK CLI (cdk.json: `npx tsx infra/app.ts`); the App synthesises on exit.
  createApp();
}
