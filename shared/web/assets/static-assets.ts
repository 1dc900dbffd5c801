import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { siteCss, siteCssPath } from '../pages/site-css';
import { attendanceSearchScript } from './attendance-search';
import { signInSheetCss } from './sign-in-sheet-css';

/*
 * The scripts and stylesheets pages link to. They live in code because the Lambda bundle
 * carries no files besides itself, and are served from this site (CSP `script-src 'self'`).
 */

export interface StaticAsset {
  path: string;
  contentType: string;
  body: string;
}

const contentHash = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 12);

/** A new version gets a new path, so a browser may keep each one for a year. */
function hashedAsset(name: string, extension: 'css' | 'js', body: string): StaticAsset {
  const contentType =
    extension === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
  return { path: `/static/${name}.${contentHash(body)}.${extension}`, contentType, body };
}

export const attendanceSearchAsset = hashedAsset('prezence-hledani', 'js', attendanceSearchScript);
export const signInSheetAsset = hashedAsset('prezencni-listina', 'css', signInSheetCss);

/** Pages link the site stylesheet with its version in the query (pages/site-css.ts). */
const siteCssAsset: StaticAsset = {
  path: siteCssPath,
  contentType: 'text/css; charset=utf-8',
  body: siteCss,
};

const assetsByPath = new Map(
  [siteCssAsset, attendanceSearchAsset, signInSheetAsset].map((asset) => [asset.path, asset]),
);

/** `GET /static/:file`: every asset, cached for a year; mounted at the site's root. */
export function staticAssetRoutes(): Hono {
  const routes = new Hono();
  routes.get('/static/:file', (c) => {
    const asset = assetsByPath.get(c.req.path);
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  return routes;
}
