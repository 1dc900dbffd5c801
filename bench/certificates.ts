/**
 * Certificates of attendance: the renderer's bundle and cold start against its floor (the same
 * SDK clients and nothing else), the PDF library's own share (pdfkit, the one used, and pdf-lib,
 * the alternative), and how many certificates a warm container renders per second and how
 * large each is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Certificate } from '../shared/domain/certificate';
import { certificateVerificationUrl } from '../shared/domain/certificate';
import { functions } from '../shared/resources';
import { renderCertificatePdf } from '../shared/web/certificates/certificate-pdf';
import { awsEnvironment } from './bundles';
import { type Bundle, bundle, packagesIn } from './bundles/build';
import { emptyEntry, floorEntry, sdkClientPackages, usesDocumentClient } from './bundles/entries';
import { initTimes, percentile } from './bundles/init-time';
import { renderWithPdfLib } from './certificates/pdf-lib-certificate';

const renders = Number(process.env.BENCH_CERTIFICATE_RENDERS ?? 200);

const certificate: Certificate = {
  number: 'LK-2026-000123',
  year: 2026,
  sequence: 123,
  eventId: '01JBENCHEVENT',
  registrationId: '01JBENCHREG',
  name: 'Řehoř Ďoubalík-Ňůťová',
  eventTitle: 'Kybernetická bezpečnost v praxi obecního úřadu: phishing, hesla a zálohy',
  startsAt: '2025-10-29T08:00:00.000Z',
  endsAt: '2025-10-29T14:30:00.000Z',
  hours: 6.5,
  place: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
  organiser: {
    body: 'Liberecký kraj',
    ico: '70891508',
    signatoryName: 'Mgr. Jana Dvořáková',
    signatoryRole: 'vedoucí odboru regionálního rozvoje',
  },
  issuedAt: '2026-01-05T07:30:00.000Z',
  status: 'valid',
};
const url = certificateVerificationUrl(
  { publicBaseUrl: 'https://skoleni.kraj-example.cz', certificateSecret: 'x'.repeat(64) },
  certificate.number,
);

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function throughput(render: () => Promise<Uint8Array>) {
  let started = performance.now();
  const first = await render();
  const firstMs = performance.now() - started;
  started = performance.now();
  let bytes = 0;
  for (let i = 0; i < renders; i++) bytes += (await render()).length;
  const seconds = (performance.now() - started) / 1000;
  return { firstMs, perSecond: renders / seconds, bytes: first.length, average: bytes / renders };
}

export async function run(): Promise<string> {
  const runs = Number(process.env.BENCH_INIT_RUNS ?? 20);
  const outDir = mkdtempSync(join(tmpdir(), 'chytra-bench-certificates-'));
  try {
    const renderer = await bundle(
      'certificateRenderer',
      { file: functions.certificateRenderer.entry },
      outDir,
    );
    const packages = packagesIn(renderer);
    const clients = sdkClientPackages(packages);
    const floor = await bundle(
      'floor',
      { source: await floorEntry(clients, usesDocumentClient(packages)) },
      outDir,
    );
    const pdfkitOnly = await bundle(
      'pdfkit',
      {
        source: `import PDFDocument from 'pdfkit';\nexport const library = PDFDocument;\n${emptyEntry}`,
      },
      outDir,
    );
    const pdfLibOnly = await bundle(
      'pdf-lib',
      {
        source: `import { PDFDocument } from 'pdf-lib';\nimport fontkit from '@pdf-lib/fontkit';\nexport const library = [PDFDocument, fontkit];\n${emptyEntry}`,
      },
      outDir,
    );
    const empty = await bundle('empty', { source: emptyEntry }, outDir);
    const all: [string, Bundle][] = [
      ['certificateRenderer (pdfkit)', renderer],
      [`its floor: ${clients.join(' + ')}`, floor],
      ['pdfkit alone', pdfkitOnly],
      ['pdf-lib + @pdf-lib/fontkit alone', pdfLibOnly],
      ['empty handler', empty],
    ];
    const env = awsEnvironment();
    const samples = await initTimes(
      new Map(all.map(([label, b]) => [label, { file: b.file, env }])),
      runs,
    );
    const median = (label: string) => percentile(samples.get(label)?.elapsed ?? [], 0.5);
    const rows = all.map(([label, b]) => {
      const s = samples.get(label);
      return `| ${label} | ${kb(b.bytes)} | ${ms(median(label))} | ${ms(percentile(s?.elapsed ?? [], 0.9))} | ${ms(percentile(s?.cpu ?? [], 0.5))} |`;
    });
    const rendererRatio = median(all[0]?.[0] ?? '') / median(all[1]?.[0] ?? '');

    const pdfkit = await throughput(() =>
      renderCertificatePdf({ certificate, verificationUrl: url }),
    );
    const pdfLib = await throughput(() => renderWithPdfLib(certificate, url));

    return [
      `Cold start: the module initialisation (\`import()\` of the bundle, ${runs} fresh Node processes each, round-robin), built with the functions' esbuild settings. The floor imports and creates only the SDK clients the renderer bundles.`,
      '',
      '| bundle | size | init median | init p90 | CPU median |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `The renderer's init is **${rendererRatio.toFixed(2)}×** its floor. The fonts (DejaVu Sans and Sans Bold, 1.4 MB of TTF) are files beside the bundle, read at the first render, not at init.`,
      '',
      `Rendering in one warm process (${renders} certificates after a first one; the first includes reading and parsing the fonts):`,
      '',
      '| library | first PDF | PDFs per second (warm) | bytes per PDF | PDF/A-2b, tagged |',
      '| --- | ---: | ---: | ---: | --- |',
      `| pdfkit (used) | ${ms(pdfkit.firstMs)} | ${pdfkit.perSecond.toFixed(0)} | ${kb(pdfkit.average)} | yes |`,
      `| pdf-lib + fontkit | ${ms(pdfLib.firstMs)} | ${pdfLib.perSecond.toFixed(0)} | ${kb(pdfLib.average)} | no (neither is supported) |`,
    ].join('\n');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
