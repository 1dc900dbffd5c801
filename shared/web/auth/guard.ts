import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { cognitoCallbackPath, organiserLoginPath } from '../paths';
import {
  bearerToken,
  gatewayJwt,
  type OrganiserAuth,
  organiserCookie,
  sameSecret,
} from './organiser-auth';
import { isValidOrganiserSession } from './session';
import { cognitoSession, verifiedSessions } from './token-verification';

/**
 * Organiser pages: the session cookie (or a bearer token). The admin API: the Authorization
 * header only, never a cookie, so a page on another site cannot make a browser call it with
 * the organiser's credentials and the API needs no CSRF defence.
 */
export async function isOrganiser(
  c: Context,
  auth: OrganiserAuth,
  options: { headerOnly?: boolean } = {},
): Promise<boolean> {
  if (auth.mode === 'cognito') {
    if (gatewayJwt(c)) return true;
    return !options.headerOnly && (await cognitoSession(c, auth)) !== undefined;
  }
  const bearer = bearerToken(c);
  if (bearer !== '') return sameSecret(bearer, auth.token);
  if (options.headerOnly) return false;
  const session = getCookie(c, organiserCookie) ?? '';
  return session !== '' && isValidOrganiserSession(auth.token, session, Date.now());
}

const unauthorised = {
  errors: [
    {
      field: 'authorization',
      code: 'unauthorized',
      message: 'Tato stránka je jen pro organizátory. Přihlaste se prosím.',
    },
  ],
};

/** Admin API: 401 JSON without a valid organiser credential. */
export function requireOrganiserApi(auth: OrganiserAuth): MiddlewareHandler {
  return async (c, next) => {
    if (!(await isOrganiser(c, auth, { headerOnly: true }))) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(unauthorised, 401);
    }
    await next();
  };
}

/**
 * A path on this site to return to after signing in, or undefined. Refuses absolute URLs and
 * the protocol-relative forms browsers resolve to other hosts ("//evil.example", "/\\evil").
 */
export function safeNextPath(raw: string | undefined): string | undefined {
  if (!raw || raw.length > 1000) return undefined;
  if (!/^\/(?![/\\])[^\s\\\p{Cc}]*$/u.test(raw)) return undefined;
  const base = 'https://same-site.invalid';
  return new URL(raw, base).origin === base ? raw : undefined;
}

/**
 * Organiser pages: without a credential, a 303 to the sign-in page with a way back. The sign-in
 * page and paths in `except` pass through.
 */
export function requireOrganiserPage(
  auth: OrganiserAuth,
  options: { except?: readonly string[] } = {},
): MiddlewareHandler {
  return async (c, next) => {
    // The sign-in pages always pass, so no mounting order can make a redirect loop.
    const open =
      c.req.path === organiserLoginPath ||
      c.req.path === cognitoCallbackPath ||
      options.except?.includes(c.req.path);
    if (open || (await isOrganiser(c, auth))) {
      await next();
      return;
    }
    const url = new URL(c.req.url);
    // After signing in the browser comes back with a GET, so a form post returns to the overview.
    const back = c.req.method === 'GET' || c.req.method === 'HEAD' ? url.pathname + url.search : '';
    const next_ = safeNextPath(back) ?? '/admin';
    return c.redirect(`${organiserLoginPath}?next=${encodeURIComponent(next_)}`, 303);
  };
}

/**
 * Who the organiser of this (already authenticated) request is, for audit records: the account
 * id in Cognito mode; in token mode every organiser shares one credential, so only that.
 */
export function organiserIdentity(c: Context, auth: OrganiserAuth): string {
  if (auth.mode === 'cognito') {
    const claims = gatewayJwt(c)?.claims ?? verifiedSessions.get(c.req.raw);
    return claims?.sub ? `cognito:${String(claims.sub)}` : 'cognito:unknown';
  }
  return 'organiser-token';
}
