import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { createEventViaApi } from './support/http';
import { startBenchStack } from './support/stack';

/**
 * Lighthouse (SEO, accessibility, best practices) on the home page and an event page, with the
 * events a visitor would see: one upcoming with topics and target groups, one held. Debian's
 * Chromium, headless; the target is 95 or more in each category.
 */

const categories = ['seo', 'accessibility', 'best-practices'] as const;
const target = 95;
const chromePath = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

interface Row {
  page: string;
  scores: Record<(typeof categories)[number], number>;
  failed: string[];
}

export async function run(): Promise<string> {
  const stack = await startBenchStack();
  const chrome = await launch({
    chromePath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const rows: Row[] = [];
  try {
    const runtime = await stack.startRuntime({ pollers: false });
    const event = await createEventViaApi(runtime.url, {
      title: 'Kybernetická bezpečnost na obecním úřadě',
      description:
        'Jak poznat podvodný e-mail, jak bezpečně pracovat s hesly a co dělat, když se něco stane. Praktická cvičení na vlastních zařízeních.',
      format: 'workshop',
      startsAt: inDays(14),
      endsAt: inDays(14, 3),
      venue: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
      capacity: 20,
      topics: ['kybernetická bezpečnost'],
      targetGroups: ['clerks', 'mayors'],
      status: 'published',
    });
    await createEventViaApi(runtime.url, {
      title: 'AI ve školství: nové formy výuky',
      description: 'Školení pro pedagogy a zřizovatele škol.',
      format: 'training',
      startsAt: inDays(21),
      endsAt: inDays(21, 4),
      venue: 'Online (odkaz přijde e-mailem)',
      onlineUrl: 'https://meet.example.cz/ai',
      capacity: 80,
      topics: ['umělá inteligence'],
      targetGroups: ['citizens'],
      status: 'published',
    });
    const pages = [
      { page: 'home page (/)', path: '/' },
      { page: 'event page (/akce/{id})', path: `/akce/${event.id}` },
    ];
    for (const { page, path } of pages) {
      const result = await lighthouse(`${runtime.url}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...categories],
        formFactor: 'desktop',
        screenEmulation: { disabled: true },
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
      const { lhr } = result;
      const scores = Object.fromEntries(
        categories.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
      ) as Row['scores'];
      const failed = categories.flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit && audit.score !== null && audit.score < 1)
          .map((audit) => `${c}: ${audit?.id}`),
      );
      rows.push({ page, scores, failed });
      console.log(
        `  ${page}: ${JSON.stringify(scores)}${failed.length ? ` (${failed.join(', ')})` : ''}`,
      );
    }
  } finally {
    chrome.kill();
    await stack.stop();
  }
  const mark = (score: number) => (score >= target ? `${score}` : `**${score}**`);
  return [
    `Lighthouse ${'12.2.3'} in Debian's Chromium (headless, desktop form factor, Lighthouse's default simulated throttling), against the local runtime with two upcoming events. Target: ≥ ${target} in each category; a bold score misses it.`,
    '',
    '| Page | SEO | Accessibility | Best practices | ≥ 95 | Audits not passed |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.page} | ${mark(r.scores.seo)} | ${mark(r.scores.accessibility)} | ${mark(r.scores['best-practices'])} | ${categories.every((c) => r.scores[c] >= target) ? 'pass' : '**FAIL**'} | ${r.failed.join(', ') || '–'} |`,
    ),
  ].join('\n');
}
