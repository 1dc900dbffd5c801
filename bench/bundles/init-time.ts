import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Times the module initialisation only: the `import()` of the bundle, not Node's own start.
 * Also the CPU time the process spent meanwhile (all its threads), which other load on the
 * machine inflates less than the elapsed time.
 */
const probe = `
const url = process.argv[1];
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(url);
const elapsed = performance.now() - started;
const used = process.cpuUsage(cpu);
if (typeof module.handler !== 'function') throw new Error(url + ' exports no handler');
process.stdout.write(JSON.stringify({ elapsed, cpu: (used.user + used.system) / 1000 }));
`;

export interface Probe {
  file: string;
  env: NodeJS.ProcessEnv;
}

export interface InitSamples {
  /** Elapsed milliseconds of each run. */
  elapsed: number[];
  /** CPU milliseconds of each run. */
  cpu: number[];
}

async function importOnce(probeTarget: Probe): Promise<{ elapsed: number; cpu: number }> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', probe, pathToFileURL(probeTarget.file).href],
    { env: probeTarget.env, timeout: 30_000 },
  );
  const sample = JSON.parse(stdout) as { elapsed: unknown; cpu: unknown };
  if (typeof sample.elapsed !== 'number' || typeof sample.cpu !== 'number') {
    throw new Error(`${probeTarget.file}: unexpected probe output '${stdout}'`);
  }
  return { elapsed: sample.elapsed, cpu: sample.cpu };
}

/**
 * `runs` fresh Node processes per probe, one at a time and round-robin across the probes, so a
 * noisy stretch on the machine hits all of them alike. One untimed round first brings the
 * files into the page cache for all probes equally.
 */
export async function initTimes<Key>(
  probes: Map<Key, Probe>,
  runs: number,
): Promise<Map<Key, InitSamples>> {
  for (const target of probes.values()) await importOnce(target);
  const samples = new Map<Key, InitSamples>();
  for (const key of probes.keys()) samples.set(key, { elapsed: [], cpu: [] });
  for (let round = 0; round < runs; round++) {
    for (const [key, target] of probes) {
      const sample = await importOnce(target);
      samples.get(key)?.elapsed.push(sample.elapsed);
      samples.get(key)?.cpu.push(sample.cpu);
    }
  }
  return samples;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
  if (value === undefined) throw new Error('percentile of no values');
  return value;
}
