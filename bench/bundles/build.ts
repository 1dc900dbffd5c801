import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Format, type Metafile, type Platform } from 'esbuild';
import { bundling, projectRoot } from '../../infra/constructs/app-function';

/**
 * Esbuild options equal to what CDK runs for every function (`esbuild --bundle` plus the flags
 * aws-lambda-nodejs derives from `bundling` in infra/constructs/app-function.ts). An option added
 * there without a translation here stops the benchmark rather than measuring something else.
 */
function esbuildOptions(): BuildOptions {
  const translated = new Set([
    'format',
    'platform',
    'target',
    'minify',
    'sourceMap',
    'sourcesContent',
    'mainFields',
    'banner',
    'externalModules',
  ]);
  const untranslated = Object.keys(bundling).filter((key) => !translated.has(key));
  if (untranslated.length > 0) {
    throw new Error(
      `bench/bundles: bundling option(s) ${untranslated.join(', ')} of app-function.ts have no esbuild equivalent here`,
    );
  }
  const formats: Record<OutputFormat, Format> = {
    [OutputFormat.ESM]: 'esm',
    [OutputFormat.CJS]: 'cjs',
  };
  const platforms: readonly string[] = ['node', 'browser', 'neutral'] satisfies Platform[];
  if (!platforms.includes(bundling.platform)) {
    throw new Error(`bench/bundles: unknown esbuild platform '${bundling.platform}'`);
  }
  return {
    bundle: true,
    absWorkingDir: projectRoot,
    format: formats[bundling.format],
    platform: bundling.platform as Platform,
    target: bundling.target,
    minify: bundling.minify,
    // CDK's default source map mode: a linked .map file next to the bundle.
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: bundling.mainFields,
    banner: { js: bundling.banner },
    external: bundling.externalModules,
    metafile: true,
    logLevel: 'error',
  };
}

export interface Bundle {
  name: string;
  /** The bundle file, as CDK names it for ESM output. */
  file: string;
  bytes: number;
  /** Bytes of the source map next to it (read at import under --enable-source-maps). */
  mapBytes: number;
  /** Bytes each input contributes to the bundle, by input path relative to the project root. */
  inputs: Map<string, number>;
}

export type EntryPoint = { file: string } | { source: string };

export async function bundle(name: string, entry: EntryPoint, outDir: string): Promise<Bundle> {
  const file = join(outDir, name, 'index.mjs');
  const where =
    'file' in entry
      ? { entryPoints: [join(projectRoot, entry.file)] }
      : {
          stdin: {
            contents: entry.source,
            resolveDir: projectRoot,
            sourcefile: `${name}.mjs`,
            loader: 'js' as const,
          },
        };
  const result = await build({ ...esbuildOptions(), ...where, outfile: file });
  return {
    name,
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`, { throwIfNoEntry: false })?.size ?? 0,
    inputs: inputsOf(result.metafile, file),
  };
}

function inputsOf(metafile: Metafile | undefined, file: string): Map<string, number> {
  const output = metafile?.outputs[relative(projectRoot, file)];
  if (!output) throw new Error(`esbuild's metafile does not describe ${file}`);
  return new Map(
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path, input]) => [path, input.bytesInOutput]),
  );
}

/**
 * The npm package an input belongs to (the innermost node_modules), or for the project's own
 * files its top two folders, e.g. `shared/web`.
 */
export function packageOf(input: string): string {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) {
    const folders = input.split('/').slice(0, -1);
    return `(project) ${folders.length > 0 ? folders.slice(0, 2).join('/') : input}`;
  }
  const parts = input.slice(at + marker.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

export function bytesByPackage(b: Bundle): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [input, bytes] of b.inputs) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytes);
  }
  return totals;
}

/** The npm packages with at least one byte in the bundle. */
export function packagesIn(b: Bundle): Set<string> {
  return new Set(bytesByPackage(b).keys());
}
