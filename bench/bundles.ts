/**
 * Bundle size and cold start per Lambda handler, against two references built the same way:
 * (a) an empty ESM handler and (b) per handler, a "floor" that only imports and creates the SDK
 * clients the handler's bundle contains, which no handler using those clients can beat.
 * Targets (issue): each bundle at most 250 KB, each init at most 1.25× its floor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConfigVariable, commonEnvironment } from '../infra/constructs/app-function';
import { type FunctionName, functions } from '../shared/resources';
import { awsModeConfig } from '../test/support/fixtures';
import { type Bundle, bundle, bytesByPackage, packagesIn } from './bundles/build';
import {
  emptyEntry,
  floorEntry,
  sdkClientPackages,
  usesDocumentClient,
  zodEntries,
} from './bundles/entries';
import { type InitSamples, initTimes, type Probe, percentile } from './bundles/init-time';

const maxBundleBytes = 250_000;
const maxInitRatio = 1.25;
const topContributors = 5;

/**
 * The environment of every probe process: the functions' common AWS settings (APP_ENV=aws, and
 * NODE_OPTIONS=--enable-source-maps, which makes Node read the bundle's source map on import)
 * and the dummy configuration. Nothing is inherited but PATH, so local AWS settings stay out.
 */
export function awsEnvironment(): NodeJS.ProcessEnv {
  const environment: Partial<Record<ConfigVariable | 'NODE_OPTIONS', string>> = {
    ...commonEnvironment,
    ...awsModeConfig,
  };
  return {
    PATH: process.env.PATH,
    // The SDK warns on Node versions it is dropping; Lambda runs Node 22, which it does not.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...environment,
  };
}

function withoutSourceMaps(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _dropped, ...rest } = env;
  return rest;
}

interface Timed {
  bundle: Bundle;
  median: number;
  p90: number;
  cpuMedian: number;
}

interface HandlerResult extends Timed {
  name: FunctionName;
  floor: Timed;
  clients: string;
}

interface SourceMapCost {
  label: string;
  bundle: Bundle;
  withMaps: Timed;
  withoutMaps: Timed;
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const ms = (value: number) => value.toFixed(1);
const bytesText = (bytes: number) => bytes.toLocaleString('en-US').replaceAll(',', ' ');
const pass = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
const shortClient = (name: string) => name.replace('@aws-sdk/client-', '');
const noSourceMaps = ' without source maps';

function timed(b: Bundle, samples: InitSamples | undefined): Timed {
  if (!samples) throw new Error(`${b.name}: not timed`);
  return {
    bundle: b,
    median: percentile(samples.elapsed, 0.5),
    p90: percentile(samples.elapsed, 0.9),
    cpuMedian: percentile(samples.cpu, 0.5),
  };
}

export async function run(): Promise<string> {
  const runs = Number(process.env.BENCH_INIT_RUNS ?? 20);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_INIT_RUNS: a positive integer');
  const outDir = mkdtempSync(join(tmpdir(), 'chytra-bench-bundles-'));
  try {
    const names = Object.keys(functions) as FunctionName[];
    const handlers = new Map<FunctionName, Bundle>();
    for (const name of names) {
      handlers.set(name, await bundle(name, { file: functions[name].entry }, outDir));
    }

    // One floor per distinct set of clients: handlers with the same clients share it.
    const floors = new Map<string, Bundle>();
    const floorKeyOf = new Map<FunctionName, string>();
    for (const [name, handler] of handlers) {
      const packages = packagesIn(handler);
      const clientPackages = sdkClientPackages(packages);
      const withDocumentClient = usesDocumentClient(packages);
      const key =
        [...clientPackages.map(shortClient), ...(withDocumentClient ? ['lib-dynamodb'] : [])].join(
          ' + ',
        ) || 'no SDK client';
      floorKeyOf.set(name, key);
      if (!floors.has(key)) {
        const source = await floorEntry(clientPackages, withDocumentClient);
        floors.set(key, await bundle(`floor-${floors.size}`, { source }, outDir));
      }
    }
    const empty = await bundle('empty', { source: emptyEntry }, outDir);
    const zod: { label: string; bundle: Bundle }[] = [];
    for (const entry of zodEntries) {
      zod.push({ label: entry.label, bundle: await bundle(entry.name, entry, outDir) });
    }

    // The source maps' share of the init: the largest handler and its floor once more, without
    // NODE_OPTIONS=--enable-source-maps.
    const largest = names.reduce((a, b) =>
      (handlers.get(a)?.bytes ?? 0) >= (handlers.get(b)?.bytes ?? 0) ? a : b,
    );
    const largestFloor = floors.get(floorKeyOf.get(largest) ?? '');
    const largestHandler = handlers.get(largest);
    if (!largestFloor || !largestHandler) throw new Error('largest handler: bundle missing');

    const env = awsEnvironment();
    const probes = new Map<string, Probe>();
    for (const b of [
      empty,
      ...floors.values(),
      ...handlers.values(),
      ...zod.map((z) => z.bundle),
    ]) {
      probes.set(b.name, { file: b.file, env });
    }
    for (const b of [largestHandler, largestFloor]) {
      probes.set(b.name + noSourceMaps, { file: b.file, env: withoutSourceMaps(env) });
    }
    const samples = await initTimes(probes, runs);
    const timedBundle = (b: Bundle, suffix = '') => timed(b, samples.get(b.name + suffix));

    const results: HandlerResult[] = names.map((name) => {
      const key = floorKeyOf.get(name) ?? '';
      const floor = floors.get(key);
      const handler = handlers.get(name);
      if (!floor || !handler) throw new Error(`${name}: bundle missing`);
      return { name, ...timedBundle(handler), floor: timedBundle(floor), clients: key };
    });
    const sourceMapCosts: SourceMapCost[] = [
      [`${largest} (largest handler)`, largestHandler] as const,
      [`its floor: ${floorKeyOf.get(largest)}`, largestFloor] as const,
    ].map(([label, b]) => ({
      label,
      bundle: b,
      withMaps: timedBundle(b),
      withoutMaps: timedBundle(b, noSourceMaps),
    }));
    return render({
      results,
      empty: timedBundle(empty),
      floors: [...floors]
        .map(([key, b]) => [key, timedBundle(b)] as const)
        .sort((a, b) => a[1].bundle.bytes - b[1].bundle.bytes),
      zod: zod.map((z) => ({ label: z.label, ...timedBundle(z.bundle) })),
      handlersWithZodClassic: results
        .filter((r) =>
          [...r.bundle.inputs.keys()].some((input) => input.includes('zod/v4/classic/')),
        )
        .map((r) => r.name),
      sourceMapCosts,
      runs,
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function render(measured: {
  results: HandlerResult[];
  empty: Timed;
  floors: (readonly [string, Timed])[];
  zod: (Timed & { label: string })[];
  handlersWithZodClassic: string[];
  sourceMapCosts: SourceMapCost[];
  runs: number;
}): string {
  const { results, empty } = measured;
  const handlerRows = results.map((r) => {
    const ratio = r.median / r.floor.median;
    return `| ${r.name} | ${bytesText(r.bundle.bytes)} | ${kb(r.bundle.bytes)} | ${kb(r.bundle.bytes - r.floor.bundle.bytes)} | ${pass(r.bundle.bytes <= maxBundleBytes)} | ${ms(r.median)} | ${ms(r.p90)} | ${r.clients} | ${ms(r.floor.median)} | ${ratio.toFixed(2)}× | ${pass(ratio <= maxInitRatio)} | ${(r.cpuMedian / r.floor.cpuMedian).toFixed(2)}× |`;
  });
  const referenceRows = [
    ['(a) empty ESM handler', empty] as const,
    ...measured.floors.map(([key, floor]) => [`(b) floor: ${key}`, floor] as const),
    ...measured.zod.map((z) => [z.label, z] as const),
  ].map(
    ([label, t]) =>
      `| ${label} | ${bytesText(t.bundle.bytes)} | ${kb(t.bundle.bytes)} | ${ms(t.median)} | ${ms(t.p90)} | ${ms(t.cpuMedian)} |`,
  );
  const contributorRows = results.map((r) => {
    const top = [...bytesByPackage(r.bundle)]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topContributors)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`);
    return `| ${r.name} | ${top.join('; ')} |`;
  });
  const sourceMapRows = measured.sourceMapCosts.map(
    ({ label, bundle: b, withMaps: on, withoutMaps: off }) =>
      `| ${label} | ${kb(b.mapBytes)} | ${ms(on.median)} | ${ms(off.median)} | ${ms(on.median - off.median)} | ${ms(on.cpuMedian)} | ${ms(off.cpuMedian)} | ${ms(on.cpuMedian - off.cpuMedian)} |`,
  );
  const [classic, mini] = measured.zod;
  const zodLine =
    classic && mini
      ? `zod, measure and choose: the same small schema adds ${kb(classic.bundle.bytes - empty.bundle.bytes)} KB with the classic API and ${kb(mini.bundle.bytes - empty.bundle.bytes)} KB with zod/mini (init ${ms(classic.median)} vs ${ms(mini.median)} ms median). The project uses zod/mini; handler bundles containing zod's classic API: ${measured.handlersWithZodClassic.length > 0 ? measured.handlersWithZodClassic.join(', ') : 'none'}.`
      : '';

  return [
    `Targets: bundle ≤ ${maxBundleBytes / 1000} KB; init (median) ≤ ${maxInitRatio}× the floor (b) of the same SDK clients. KB = 1000 bytes. "CPU ratio" is the same ratio of CPU time, which other load on the machine distorts less.`,
    '',
    '| Handler | Bytes | KB | KB above floor | ≤ 250 KB | Init median ms | Init p90 ms | Floor (b) clients | Floor median ms | Ratio | ≤ 1.25× | CPU ratio |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | --- | ---: |',
    ...handlerRows,
    '',
    'Reference bundles, built and timed in the same run:',
    '',
    '| Bundle | Bytes | KB | Init median ms | Init p90 ms | CPU median ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...referenceRows,
    '',
    'Largest contributors per handler bundle (KB of minified output by npm package or project folder, from the esbuild metafile):',
    '',
    '| Handler | Top packages |',
    '| --- | --- |',
    ...contributorRows,
    '',
    zodLine,
    '',
    'What NODE_OPTIONS=--enable-source-maps (set for every function in AWS) costs at init: Node reads and parses the whole map on import.',
    '',
    '| Bundle | Map KB | Init median ms, with | without | Difference | CPU median ms, with | without | Difference |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...sourceMapRows,
    '',
    `Method: each entry of \`functions\` in shared/resources.ts bundled with esbuild's API and the options of infra/constructs/app-function.ts (\`bundling\`: ESM, node22, minify, linked source map, createRequire banner, SDK bundled); bytes are those of index.mjs, the map excluded. A floor imports the @aws-sdk/client-* packages found in the handler's metafile (with lib-dynamodb's document client when the handler has it) and creates each client once at module level. Init = \`performance.now()\` around \`import()\` of the bundle in a fresh \`node\` process, ${measured.runs} processes per bundle, one at a time, round-robin over all bundles after one untimed warm-up round; environment APP_ENV=aws, NODE_OPTIONS=--enable-source-maps (as in AWS) and dummy configuration values. Node ${process.version} here; Lambda runs Node 22 on ARM64, so compare within the run, not with AWS.`,
  ].join('\n');
}
