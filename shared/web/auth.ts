import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const organiserCookie = 'organiser_session';

export type OrganiserAuth =
  | { mode: 'token'; token: string }
  /** API Gateway's JWT authorizer has verified the Cognito token before the request arrives. */
  | { mode: 'cognito' };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isOrganiser(c: Context, auth: OrganiserAuth): boolean {
  if (auth.mode === 'cognito') {
    const event = (c.env as { event?: { requestContext?: { authorizer?: { jwt?: unknown } } } })
      ?.event;
    return Boolean(event?.requestContext?.authorizer?.jwt);
  }
  const header = c.req.header('authorization') ?? '';
  const bearer = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
  const given = bearer || getCookie(c, organiserCookie) || '';
  return given !== '' && sameSecret(given, auth.token);
}

const unauthorised = {
  errors: [
    {
      field: 'authorization',
      code: 'unauthorized',
      message: 'Pro tuto akci se musíte přihlásit jako organizátor.',
    },
  ],
};

/** Admin API: 401 JSON without a valid organiser credential. */
export function requireOrganiserApi(auth: OrganiserAuth): MiddlewareHandler {
  return async (c, next) => {
    if (!isOrganiser(c, auth)) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(unauthorised, 401);
    }
    await next();
  };
}

// --- Organiser pages (HTML): sign-in cookie, redirect to the sign-in page, CSRF tokens. ---

export const organiserLoginPath = '/admin/prihlaseni';

/** Checks a token typed into the sign-in form (token mode only). */
export function isOrganiserToken(auth: OrganiserAuth, given: string): boolean {
  return auth.mode === 'token' && given !== '' && sameSecret(given, auth.token);
}

function isHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

const sessionCookieOptions = (c: Context) =>
  ({ httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/' }) as const;

/** Eight hours: a working day, after which a forgotten browser no longer acts as the organiser. */
export function startOrganiserSession(c: Context, token: string): void {
  setCookie(c, organiserCookie, token, { ...sessionCookieOptions(c), maxAge: 8 * 60 * 60 });
}

export function endOrganiserSession(c: Context): void {
  deleteCookie(c, organiserCookie, sessionCookieOptions(c));
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
    // The sign-in page always passes, so no mounting order can make a redirect loop.
    const open = c.req.path === organiserLoginPath || options.except?.includes(c.req.path);
    if (open || isOrganiser(c, auth)) {
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

/** What the CSRF token is bound to: the credential this request was authenticated with. */
function sessionBinding(c: Context, auth: OrganiserAuth): string | undefined {
  if (auth.mode === 'cognito') {
    const claims = (
      c.env as {
        event?: {
          requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
        };
      }
    )?.event?.requestContext?.authorizer?.jwt?.claims;
    return claims ? `${String(claims.sub)}#${String(claims.iat)}` : undefined;
  }
  const header = c.req.header('authorization') ?? '';
  const bearer = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
  return bearer || getCookie(c, organiserCookie) || undefined;
}

/**
 * CSRF defence of the organiser forms: every state-changing form carries an HMAC of the
 * session credential, checked on submit. SameSite=Strict alone is not enough: sibling
 * subdomains count as the same site and can post forms, and an Origin check breaks behind
 * proxies that rewrite hosts. The HMAC needs no server-side state (Lambda); it reuses the link
 * secret under its own prefix, so it can never be mistaken for a signed link.
 */
export function organiserCsrfToken(c: Context, auth: OrganiserAuth, secret: string): string {
  const binding = sessionBinding(c, auth) ?? '';
  return createHmac('sha256', secret).update(`organiser-csrf\n${binding}`).digest('base64url');
}

export function isValidOrganiserCsrf(
  c: Context,
  auth: OrganiserAuth,
  secret: string,
  given: string | undefined,
): boolean {
  if (!given || sessionBinding(c, auth) === undefined) return false;
  return sameSecret(given, organiserCsrfToken(c, auth, secret));
}
