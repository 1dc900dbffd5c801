import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/** Debian's chromium: `npx playwright install` cannot download a browser here, and CI installs it with apt. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** One headless chromium per test file; playwright gives it a fresh profile and removes it on close. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No chromium at ${chromiumPath}: install it with \`sudo apt-get install chromium\` or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A fresh profile (no cookies) in Czech. Waits give up after 10 s rather than playwright's 30 s:
 * every page here comes from a local server, so a longer wait only delays the failure message.
 */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'cs-CZ', ...options });
  context.setDefaultTimeout(10_000);
  return context;
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The success criteria Czech law 99/2019 Sb. requires through ČSN EN 301 549: WCAG 2.1 A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string; html: string }[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** Rules axe could not decide (e.g. contrast over an image): ids and how many elements. */
  incomplete: { id: string; nodes: number }[];
}

/** Runs axe-core in the page as it is now: the WCAG 2.1 A/AA violations and undecided checks. */
export async function runAxe(page: Page): Promise<AxeResult> {
  // CDP evaluation is not subject to the pages' CSP, which allows same-origin scripts only.
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            options: unknown,
          ): Promise<{ violations: AxeViolation[]; incomplete: AxeViolation[] }>;
        };
      }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations', 'incomplete'],
    });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target,
          failureSummary: n.failureSummary,
          html: n.html,
        })),
      })),
      incomplete: result.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length })),
    };
  }, wcagTags);
}

/**
 * WCAG 1.4.10 Reflow: at 320 CSS px (1280 px zoomed to 400 %) nothing may need sideways
 * scrolling except data tables, which the criterion exempts. Tables in the site's scroll box
 * (`.table-wrap`) count, since they must scroll there and not widen the page; a bare table
 * (the printable sign-in sheet) does not. Returns the page's width at 320 px.
 */
export async function widthAt320(page: Page): Promise<number> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const width = Number(
    await page.evaluate(`(() => {
      const style = document.createElement('style');
      style.textContent = ':not(.table-wrap) > table { display: none !important; }';
      document.head.append(style);
      const width = document.documentElement.scrollWidth;
      style.remove();
      return width;
    })()`),
  );
  if (before) await page.setViewportSize(before);
  return width;
}

/** One line per failing element, so a failure tells what to fix and where. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${where}: [${v.impact ?? 'n/a'}] ${v.id} – ${v.help}\n    at ${JSON.stringify(n.target)}\n    ${n.html.slice(0, 200)}\n    ${(n.failureSummary ?? '').replaceAll('\n', '\n    ')}`,
      ),
    )
    .join('\n');
}
