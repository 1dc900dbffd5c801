/**
 * Bundle size and cold start per Lambda handler, against references built the same way:
 * (a) an empty ESM handler, (b) per handler, a "floor" that only imports and creates the SDK
 * clients the handler's bundle contains, which no handler using those clients can beat, and
 * (c) a peer: a one-table API handler written the way AWS's serverless-typescript-demo writes
 * its put-product function (bench/reference/).
 * Targets: each init at most 1.15× its floor (the median of the per-round ratios) and at most
 * 100 KB above it; the function that takes registrations faster than the peer.
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

const maxBytesAboveFloor = 100_000;
const maxInitRatio = 1.15;
/** The function that takes a registration (JSON and form), compared with the peer. */
const registrationFunction: FunctionName = 'site';
const peerEntry = 'bench/reference/put-product.ts';
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
  samples: InitSamples;
}

interface HandlerResult extends Timed {
  name: FunctionName;
  floor: Timed;
  clients: string;
  /** Median over the rounds of this round's init divided by the floor's in the same round. */
  ratio: number;
  cpuRatio: number;
}

/**
 * The median of the per-round ratios: each round times every bundle once, one after the other,
 * so a noisy stretch of the machine inflates both sides of a round's ratio alike.
 */
function perRoundRatio(of: number[], to: number[]): number {
  if (of.length !== to.length || of.length === 0) throw new Error('ratio of unequal rounds');
  return percentile(
    of.map((value, round) => value / (to[round] as number)),
    0.5,
  );
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
    samples,
  };
}

export async function run(): Promise<string> {
  const runs = Number(process.env.BENCH_INIT_RUNS ?? 60);
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
    const peer = await bundle('peer-put-product', { file: peerEntry }, outDir);
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
      peer,
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
      const own = timedBundle(handler);
      const base = timedBundle(floor);
      return {
        name,
        ...own,
        floor: base,
        clients: key,
        ratio: perRoundRatio(own.samples.elapsed, base.samples.elapsed),
        cpuRatio: perRoundRatio(own.samples.cpu, base.samples.cpu),
      };
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
      peer: timedBundle(peer),
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
  peer: Timed;
  floors: (readonly [string, Timed])[];
  zod: (Timed & { label: string })[];
  handlersWithZodClassic: string[];
  sourceMapCosts: SourceMapCost[];
  runs: number;
}): string {
  const { results, empty } = measured;
  const handlerRows = results.map((r) => {
    const above = r.bundle.bytes - r.floor.bundle.bytes;
    return `| ${r.name} | ${bytesText(r.bundle.bytes)} | ${kb(r.bundle.bytes)} | ${kb(above)} | ${pass(above <= maxBytesAboveFloor)} | ${ms(r.median)} | ${ms(r.p90)} | ${r.clients} | ${ms(r.floor.median)} | ${r.ratio.toFixed(2)}× | ${pass(r.ratio <= maxInitRatio)} | ${r.cpuRatio.toFixed(2)}× |`;
  });
  const registration = results.find((r) => r.name === registrationFunction);
  if (!registration) throw new Error(`${registrationFunction}: not measured`);
  const { peer } = measured;
  const againstPeer = perRoundRatio(registration.samples.elapsed, peer.samples.elapsed);
  const againstPeerCpu = perRoundRatio(registration.samples.cpu, peer.samples.cpu);
  const peerRows = [
    `| ${registrationFunction} (takes registrations, JSON and form) | ${kb(registration.bundle.bytes)} | ${ms(registration.median)} | ${ms(registration.p90)} | ${ms(registration.cpuMedian)} |`,
    `| (c) peer: put-product, middy 3 + Powertools v1 logger, metrics, tracer + DocumentClient | ${kb(peer.bundle.bytes)} | ${ms(peer.median)} | ${ms(peer.p90)} | ${ms(peer.cpuMedian)} |`,
  ];
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
    `Targets: each handler at most ${maxBytesAboveFloor / 1000} KB above its floor (b), the bundle of the same SDK clients alone, and its init at most ${maxInitRatio}× the floor's; the function that takes registrations faster than the peer (c). "Ratio" is the median over the rounds of the handler's init divided by its floor's in the same round; "CPU ratio" the same for CPU time, which other load on the machine distorts less. KB = 1000 bytes.`,
    '',
    `| Handler | Bytes | KB | KB above floor | ≤ ${maxBytesAboveFloor / 1000} KB above | Init median ms | Init p90 ms | Floor (b) clients | Floor median ms | Ratio | ≤ ${maxInitRatio}× | CPU ratio |`,
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | --- | ---: |',
    ...handlerRows,
    '',
    `The function that takes registrations against the peer, in the same rounds: **${againstPeer.toFixed(2)}×** the peer's init (CPU ${againstPeerCpu.toFixed(2)}×), ${againstPeer < 1 ? 'faster: pass' : 'not faster: **FAIL**'}.`,
    '',
    '| Bundle | KB | Init median ms | Init p90 ms | CPU median ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...peerRows,
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
    `Method: each entry of \`functions\` in shared/resources.ts bundled with esbuild's API and the options of infra/constructs/app-function.ts (\`bundling\`: ESM, node22, minify, linked source map, createRequire banner, SDK bundled); bytes are those of index.mjs, the map excluded. A floor imports the @aws-sdk/client-* packages found in the handler's metafile (with lib-dynamodb's document client when the handler has it) and creates each client once at module level. The peer (c) is bench/reference/put-product.ts, bundled the same way (its README says what it is). Init = \`performance.now()\` around \`import()\` of the bundle in a fresh \`node\` process, ${measured.runs} processes per bundle, one at a time, round-robin over all bundles after one untimed warm-up round; environment APP_ENV=aws, NODE_OPTIONS=--enable-source-maps (as in AWS) and dummy configuration values. Node ${process.version} here; Lambda runs Node 22 on ARM64, so compare within the run, not with AWS.`,
  ].join('\n');
}
