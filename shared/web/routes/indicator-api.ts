import { Hono } from 'hono';
import { indicatorsCsv, publicIndicators } from '../../domain/indicators';
import { pragueParts } from '../../domain/prague-time';
import { requireOrganiserApi } from '../auth';
import type { AppDeps } from '../deps';

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
export function publicIndicatorRoutes(deps: AppDeps): Hono {
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
  errors: [
    {
      field: 'year',
      code: 'not_computed',
      message: `Ukazatele za rok ${year} zatím nejsou spočítané. Noční výpočet běží ve 2:00.`,
    },
  ],
});

/**
 * Organiser downloads, mounted at /api/admin/indicators: `latest.csv`, `latest.json` (the
 * current year) and `2025.csv`, `2025.json`. Rendered from the stored period items with the
 * same functions the nightly job uses for its files, so they are the same bytes as the
 * exports in the bucket without giving the HTTP function S3 access.
 */
export function adminIndicatorRoutes(deps: AppDeps): Hono {
  const api = new Hono();
  api.use('*', requireOrganiserApi(deps.auth));
  api.get('/:file', async (c) => {
    const match = /^(latest|\d{4})\.(csv|json)$/.exec(c.req.param('file'));
    if (!match) {
      return c.json(
        { errors: [{ field: 'path', code: 'not_found', message: 'Tato adresa neexistuje.' }] },
        404,
      );
    }
    const [, name, extension] = match;
    const parsed = parseIndicatorYear(name === 'latest' ? '' : name, deps.now());
    if (!parsed.ok) return c.json({ errors: [parsed.error] }, 400);
    const year = parsed.year;
    const periods = await deps.indicators.getYear(year);
    if (periods.length === 0) return c.json(notComputed(year), 404);
    c.header('Cache-Control', 'private, no-store');
    if (extension === 'csv') {
      return c.body(indicatorsCsv(periods), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="indikatory-${year}.csv"`,
      });
    }
    return c.body(`${JSON.stringify(publicIndicators(year, periods), null, 2)}\n`, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="indikatory-${year}.json"`,
    });
  });
  return api;
}
