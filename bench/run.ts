/**
 * `npm run bench [-- <section> ...]`: runs the benchmark sections and writes bench/RESULTS.md with the
 * date, the machine and the command. Each section is a module whose `run()` measures and returns its
 * Markdown; a section named on the command line runs alone and replaces only its part of the file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

interface Section {
  name: string;
  title: string;
  load: () => Promise<{ run: () => Promise<string> }>;
}

const sections: Section[] = [
  {
    name: 'bundles',
    title: 'Bundle size and cold start per handler',
    load: () => import('./bundles'),
  },
  { name: 'calls', title: 'AWS calls per operation', load: () => import('./aws-calls') },
  { name: 'burst', title: 'Registration burst', load: () => import('./burst') },
  {
    name: 'aggregation',
    title: 'Nightly aggregation scaling',
    load: () => import('./aggregation'),
  },
  { name: 'mailer', title: 'Mailer send rate', load: () => import('./mailer-rate') },
  {
    name: 'lighthouse',
    title: 'Lighthouse: SEO, accessibility and best practices',
    load: () => import('./lighthouse'),
  },
  {
    name: 'certificates',
    title: 'Certificates: renderer cold start and PDFs per second',
    load: () => import('./certificates'),
  },
];

const resultsPath = join(import.meta.dirname, 'RESULTS.md');
const marker = (name: string, edge: 'start' | 'end') => `<!-- section:${name}:${edge} -->`;

function machine(): string {
  const cores = cpus();
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

function previousSections(): Map<string, string> {
  const kept = new Map<string, string>();
  if (!existsSync(resultsPath)) return kept;
  const text = readFileSync(resultsPath, 'utf8');
  for (const section of sections) {
    const start = text.indexOf(marker(section.name, 'start'));
    const end = text.indexOf(marker(section.name, 'end'));
    if (start >= 0 && end > start)
      kept.set(section.name, text.slice(start, end + marker(section.name, 'end').length));
  }
  return kept;
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !sections.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(
      `Unknown section(s): ${unknown.join(', ')}. Known: ${sections.map((s) => s.name).join(', ')}`,
    );
    process.exit(2);
  }
  const chosen = wanted.length > 0 ? sections.filter((s) => wanted.includes(s.name)) : sections;
  const parts = previousSections();
  for (const section of chosen) {
    const started = Date.now();
    console.log(`▶ ${section.title}`);
    const body = await (await section.load()).run();
    const command = `npm run bench -- ${section.name}`;
    parts.set(
      section.name,
      [
        marker(section.name, 'start'),
        `## ${section.title}`,
        '',
        `Measured ${new Date().toISOString()} on ${machine()} (\`${command}\`, ${((Date.now() - started) / 1000).toFixed(0)} s).`,
        '',
        body.trim(),
        marker(section.name, 'end'),
      ].join('\n'),
    );
    console.log(body.trim(), '\n');
  }
  const document = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (all sections) or \`npm run bench -- <section>\` (one section; the others keep their last figures). Last run ${new Date().toISOString()} on ${machine()}.`,
    'Figures from emulators on one machine are for comparison within the same run, not for predicting AWS latency.',
    '',
    ...sections.flatMap((s) => [parts.get(s.name) ?? `## ${s.title}\n\nNot measured yet.`, '']),
  ].join('\n');
  writeFileSync(resultsPath, document);
  console.log(`Wrote ${resultsPath}`);
  // Emulators and SDK sockets would otherwise keep the process alive.
  process.exit(0);
}

await main();
