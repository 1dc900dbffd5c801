import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AppFunction,
  bundling,
  commonEnvironment,
  projectRoot,
} from '../../infra/constructs/app-function';
import { configVariableRequirements } from '../../shared/config';
import { functions } from '../../shared/resources';
import { awsModeConfig } from '../support/fixtures';
import { resourcesOfType } from './support';

/**
 * The one test with real esbuild bundling: the organiser function (the largest HTTP bundle) in a stack of
 * its own, built with exactly the bundling options every function uses.
 */
let bundleDir: string;
const outdir = mkdtempSync(join(tmpdir(), 'chytra-bundling-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BundlingSmoke');
  new AppFunction(stack, 'Organiser', {
    name: 'organiser',
    // Stand-ins for every setting it requires: the synth checks they are there.
    environment: Object.fromEntries(
      [...configVariableRequirements('organiser')]
        .filter(([variable]) => variable !== 'AWS_REGION')
        .map(([variable]) => [variable, 'stand-in']),
    ),
  });
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
        ...commonEnvironment,
        ...awsModeConfig,
      },
    },
  );
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.trim()).toBe('function');
});

it('keeps the local runtime and its IAM evaluator out of every function bundle', async () => {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: Object.values(functions).map((fn) => join(projectRoot, fn.entry)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundling.target,
    mainFields: bundling.mainFields,
    outdir: join(outdir, 'metafile-check'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((path) => path.startsWith('functions/'))).toBe(true);
  expect(inputs.filter((path) => path.includes('@cloud-copilot/'))).toEqual([]);
  expect(inputs.filter((path) => path.startsWith('infra/'))).toEqual([]);
}, 120_000);
