import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppFunction, bundling, projectRoot } from '../../infra/constructs/app-function';
import { configVariableRequirements } from '../../shared/config';
import { functions } from '../../shared/resources';
import { resourcesOfType } from './support';

/**
 * The certificate renderer reads its fonts and PDF/A's colour profile from files beside its
 * bundle. This builds the function's asset with CDK's real bundling, checks the files are
 * there, and renders a certificate with the PDF code bundled into that same folder, so the
 * paths the bundle resolves at run time are the ones Lambda would use.
 */
let assetDir: string;
const outdir = mkdtempSync(join(tmpdir(), 'chytra-certificate-bundle-'));

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

beforeAll(() => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'CertificateBundle');
  new AppFunction(stack, 'Renderer', {
    name: 'certificateRenderer',
    // Stand-ins for every setting it requires: the synth checks they are there.
    environment: Object.fromEntries(
      [...configVariableRequirements('certificateRenderer')]
        .filter(([variable]) => variable !== 'AWS_REGION')
        .map(([variable]) => [variable, 'stand-in']),
    ),
  });
  const assembly = app.synth();
  const [fn] = resourcesOfType(Template.fromStack(stack), 'AWS::Lambda::Function');
  assetDir = join(
    assembly.directory,
    `asset.${String(fn?.properties.Code.S3Key).replace(/\.zip$/, '')}`,
  );
}, 120_000);

it('copies the fonts and the sRGB profile beside the bundle', () => {
  expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
  for (const file of functions.certificateRenderer.bundledFiles ?? []) {
    expect(
      readFileSync(join(assetDir, file.to)).equals(readFileSync(join(projectRoot, file.from))),
      file.to,
    ).toBe(true);
  }
});

it('renders a PDF from bundled code in that folder, with the fonts embedded', async () => {
  const probe = join(assetDir, 'probe.mjs');
  await build({
    stdin: {
      contents: `import { renderCertificatePdf } from './shared/web/certificates/certificate-pdf';
const pdf = await renderCertificatePdf({ verificationUrl: 'https://x.cz/osvedceni/LK-2026-000001/abc', certificate: {
  number: 'LK-2026-000001', year: 2026, sequence: 1, eventId: 'e', registrationId: 'r', name: 'Žofie Řeháková',
  eventTitle: 'Školení', startsAt: '2026-01-05T08:00:00Z', endsAt: '2026-01-05T12:00:00Z', hours: 4, place: 'online',
  organiser: { body: 'Liberecký kraj', ico: '70891508', signatoryName: 'A', signatoryRole: 'B' },
  issuedAt: '2026-01-06T08:00:00Z', status: 'valid' } });
process.stdout.write(pdf.toString('latin1'));`,
      resolveDir: projectRoot,
      loader: 'ts',
      sourcefile: 'probe.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: bundling.target,
    banner: { js: bundling.banner },
    outfile: probe,
    logLevel: 'error',
  });
  const result = spawnSync(process.execPath, [pathToFileURL(probe).pathname], {
    encoding: 'latin1',
    timeout: 60_000,
    // Nothing but PATH: no node_modules to fall back on beside the asset folder.
    env: { PATH: process.env.PATH },
    cwd: tmpdir(),
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.startsWith('%PDF-1.7')).toBe(true);
  expect(result.stdout).toContain('DejaVuSans');
  expect(result.stdout).toContain('sRGB IEC61966-2.1');
}, 60_000);

it.each(['site', 'organiser', 'mailer'] as const)(
  'keeps the PDF library and its fonts out of the %s bundle',
  async (name) => {
    const result = await build({
      entryPoints: [join(projectRoot, functions[name].entry)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: bundling.target,
      mainFields: bundling.mainFields,
      write: false,
      metafile: true,
      logLevel: 'error',
      outfile: join(outdir, `${name}.mjs`),
    });
    const inputs = Object.keys(result.metafile.inputs);
    // Both use the certificate domain (verification, register pages, the email), not the PDF.
    expect(inputs.some((input) => input.includes('shared/domain/certificate'))).toBe(true);
    expect(
      inputs.filter((input) =>
        /node_modules\/(pdfkit|fontkit|@pdf-lib|pdf-lib|dejavu)/.test(input),
      ),
    ).toEqual([]);
    expect(inputs.filter((input) => input.includes('certificate-pdf'))).toEqual([]);
  },
  60_000,
);
