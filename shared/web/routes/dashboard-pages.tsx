import { Hono } from 'hono';
import { organiserCsrfToken, requireOrganiserPage } from '../auth';
import type { AppDeps } from '../deps';
import {
  DashboardPage,
  DashboardSelectionErrorPage,
  type Selection,
  type SelectionError,
} from '../pages/admin/dashboard-page';
import { parseIndicatorYear } from './indicator-api';

/** The year and quarter asked for in the query, or what is wrong with them. */
function readSelection(
  rok: string | undefined,
  ctvrtleti: string | undefined,
  now: Date,
): Selection {
  const errors: SelectionError[] = [];
  const parsedYear = parseIndicatorYear(rok, now, 'rok');
  const fallbackYear = parseIndicatorYear('', now);
  let year = fallbackYear.ok ? fallbackYear.year : now.getUTCFullYear();
  if (parsedYear.ok) year = parsedYear.year;
  else errors.push({ field: 'rok', message: parsedYear.error.message });
  const quarterInput = ctvrtleti?.trim() ?? '';
  let quarter: number | undefined;
  if (/^[1-4]$/.test(quarterInput)) quarter = Number(quarterInput);
  else if (quarterInput !== '') {
    errors.push({ field: 'ctvrtleti', message: 'Vyberte čtvrtletí 1 až 4, nebo celý rok.' });
  }
  return { year, quarter, yearInput: rok?.trim() ?? String(year), quarterInput, errors };
}

/** `GET /admin/prehled?rok=2025&ctvrtleti=4`: the organiser's indicator dashboard. */
export function dashboardPageRoutes(deps: AppDeps): Hono {
  const pages = new Hono();
  pages.use('*', requireOrganiserPage(deps.auth));
  pages.get('/', async (c) => {
    const selection = readSelection(c.req.query('rok'), c.req.query('ctvrtleti'), deps.now());
    const csrfToken = organiserCsrfToken(c, deps.auth, deps.linkSecret);
    c.header('Cache-Control', 'private, no-store');
    if (selection.errors.length > 0) {
      return c.html(
        <DashboardSelectionErrorPage selection={selection} csrfToken={csrfToken} />,
        400,
      );
    }
    const periods = await deps.indicators.getYear(selection.year);
    return c.html(<DashboardPage selection={selection} periods={periods} csrfToken={csrfToken} />);
  });
  return pages;
}
