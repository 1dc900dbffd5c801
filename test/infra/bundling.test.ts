import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppFunction } from '../../infra/constructs/app-function';
import { resourcesOfType } from './support';

/**
 * The one test with real esbuild bundling: the http function (the largest bundle) in a stack of
 * its own, built with exactly the bundling options every function uses.
 */
let bundleDir: string;
const outdir = mkdtempSync(join(tmpdir(), 'chytra-bundling-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BundlingSmoke');
  new AppFunction(stack, 'Http', { name: 'http' });
  const assembly = app.synth();
  const [fn] = resourcesOfType(Template.fromStack(stack), 'AWS::Lambda::Function');
  const assetHash = String(fn?.properties.Code.S3Key).replace(/\.zip$/, '');
  bundleDir = join(assembly.directory, `asset.${assetHash}`);
}, 60_000);

it('writes an ESM bundle with its source map and the createRequire banner', () => {
  const bundle = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
  expect(
    bundle.startsWith("import { createRequire as __appCreateRequire } from 'node:module';"),
  ).toBe(true);
  expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
  // An import of the runtime's SDK would read `from"@aws-sdk/..."` or `import("@aws-sdk/...")`.
  expect(bundle, 'the SDK is bundled, not imported from the runtime').not.toMatch(
    /\bfrom\s*["']@aws-sdk\/|\bimport\(\s*["']@aws-sdk\//,
  );
  expect(bundle).toContain('DynamoDBClient');
});

it('loads and exports a handler when given a valid configuration', () => {
  const url = pathToFileURL(join(bundleDir, 'index.mjs')).href;
  const result = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`,
    ],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        APP_ENV: 'aws',
        ADMIN_AUTH: 'cognito',
        COGNITO_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example',
        COGNITO_CLIENT_ID: 'example-client-id',
        COGNITO_DOMAIN: 'https://skoleni-example.auth.eu-central-1.amazoncognito.com',
        AWS_REGION: 'eu-central-1',
        TABLE_NAME: 'ChytraSkoleni-Table',
        MAIL_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/mail',
        EXPORTS_BUCKET: 'chytraskoleni-exports',
        MAIL_FROM: 'skoleni@kraj-example.cz',
        MAIL_FROM_NAME: 'Chytrá školení',
        SES_MAX_SEND_RATE: '1',
        PUBLIC_BASE_URL: 'https://skoleni.kraj-example.cz',
        LINK_SIGNING_SECRET: 'x'.repeat(64),
        RETENTION_DAYS: '1095',
        REMINDER_OFFSETS_HOURS: '168,24',
        EXPORT_RECIPIENTS: '',
      },
    },
  );
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.trim()).toBe('function');
});
