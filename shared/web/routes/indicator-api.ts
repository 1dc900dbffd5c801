import { type Context, Hono } from 'hono';
import { indicatorsCsv, publicIndicators } from '../../domain/indicators';
import { pragueParts } from '../../domain/prague-time';
import { requireOrganiserApi } from '../auth';
import type { AppDeps, PublicationsDeps } from '../deps';

/** Years the indicators can be asked for; anything else is a typo, not a request for zeros. */
export const firstIndicatorYear = 2000;
export const lastIndicatorYear = 2100;

export type YearParse =
  | { ok: true; year: number }
  | { ok: false; error: { field: string; code: string; message: string } };

/** Reads a year typed by a person or a program; empty means the current Prague year. */
export function parseIndicatorYear(raw: string | undefined, now: Date, field = 'year'): YearParse {
  const value = raw?.trim() ?? '';
  if (value === '') return { ok: true, year: pragueParts(now.toISOString()).year };
  if (!/^\d{4}$/.test(value)) {
    return {
      ok: false,
      error: {
        field,
        code: 'invalid_year',
        message: 'Rok zadejte jako čtyřmístné číslo, například 2025.',
      },
    };
  }
  const year = Number(value);
  if (year < firstIndicatorYear || year > lastIndicatorYear) {
    return {
      ok: false,
      error: {
        field,
        code: 'year_out_of_range',
        message: `Ukazatele lze zobrazit pro roky ${firstIndicatorYear} až ${lastIndicatorYear}.`,
      },
    };
  }
  return { ok: true, year };
}

/**
 * `GET /api/indicators?year=YYYY`: the open-data form of the indicators (counts only, never
 * names). Mounted at /api/indicators before the generic /api routes.
 */
export function publicIndicatorRoutes(deps: PublicationsDeps): Hono {
  const api = new Hono();
  api.get('/', async (c) => {
    const parsed = parseIndicatorYear(c.req.query('year'), deps.now());
    if (!parsed.ok) return c.json({ errors: [parsed.error] }, 400);
    const periods = await deps.indicators.getYear(parsed.year);
    c.header('Access-Control-Allow-Origin', '*');
    // Recomputed nightly; a few minutes of caching spares the table from dashboards polling it.
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(publicIndicators(parsed.year, periods));
  });
  return api;
}

const notComputed = (year: number) => ({
  field: 'year',
  code: 'not_computed',
  message: `Ukazatele za rok ${year} zatím nejsou spočítané. Noční výpočet běží v 1:00.`,
});

const noSuchFile = { field: 'path', code: 'not_found', message: 'Tato adresa neexistuje.' };

export type IndicatorDownload =
  | { ok: true; body: string; contentType: string; filename: string }
  | { ok: false; status: 400 | 404; error: { field: string; code: string; message: string } };

/**
 * An indicator file by name: `latest.csv`, `latest.json` (the current year), `2025.csv`,
 * `2025.json`. Rendered from the stored period items with the same functions the nightly job
 * uses for its files, so they are the same bytes as the exports in the bucket without giving
 * the HTTP function S3 access.
 */
export async function indicatorDownload(deps: AppDeps, file: string): Promise<IndicatorDownload> {
  const match = /^(latest|\d{4})\.(csv|json)$/.exec(file);
  if (!match) return { ok: false, status: 404, error: noSuchFile };
  const [, name, extension] = match;
  const parsed = parseIndicatorYear(name === 'latest' ? '' : name, deps.now());
  if (!parsed.ok) return { ok: false, status: 400, error: parsed.error };
  const year = parsed.year;
  const periods = await deps.indicators.getYear(year);
  if (periods.length === 0) return { ok: false, status: 404, error: notComputed(year) };
  if (extension === 'csv') {
    return {
      ok: true,
      body: indicatorsCsv(periods),
      contentType: 'text/csv; charset=utf-8',
      filename: `indikatory-${year}.csv`,
    };
  }
  return {
    ok: true,
    body: `${JSON.stringify(publicIndicators(year, periods), null, 2)}\n`,
    contentType: 'application/json; charset=utf-8',
    filename: `indikatory-${year}.json`,
  };
}

/** The response of a successful download: an attachment nobody caches. */
export function downloadResponse(
  c: Context,
  file: { body: string; contentType: string; filename: string },
): Response {
  c.header('Cache-Control', 'private, no-store');
  return c.body(file.body, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.filename}"`,
  });
}

/**
 * Organiser downloads for scripts, mounted at /api/admin/indicators (bearer token); the
 * dashboard links the same files under /admin/ukazatele (admin-downloads.ts).
 */
export function adminIndicatorRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  api.use('*', requireOrganiserApi(deps.auth));
  api.get('/:file', async (c) => {
    const download = await indicatorDownload(deps, c.req.param('file'));
    if (!download.ok) return c.json({ errors: [download.error] }, download.status);
    return downloadResponse(c, download);
  });
  return api;
}
