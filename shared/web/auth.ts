import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';

export const organiserCookie = 'organiser_session';

/** The user pool and hosted UI organisers sign in with (the COGNITO_* settings). */
export interface CognitoSettings {
  /** The `iss` of the pool's tokens, https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  issuer: string;
  /** The public app client: the audience of the ID tokens. */
  clientId: string;
  /** The hosted UI, https://<prefix>.auth.<region>.amazoncognito.com. */
  domain: string;
}

export type CognitoAuth = { mode: 'cognito' } & CognitoSettings;

export type OrganiserAuth =
  | { mode: 'token'; token: string }
  /**
   * Admin API: API Gateway's JWT authorizer has verified the bearer token before the request
   * arrives. Pages: the ID token from the hosted UI sign-in, in the session cookie, is verified
   * here (API Gateway cannot: a page load sends no Authorization header).
   */
  | CognitoAuth;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The claims API Gateway's JWT authorizer verified, when this request passed one (Lambda). */
function gatewayJwt(c: Context): { claims?: Record<string, unknown> } | undefined {
  const env = c.env as
    | {
        event?: {
          requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
        };
      }
    | undefined;
  return env?.event?.requestContext?.authorizer?.jwt;
}

function bearerToken(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  return header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
}

/** Eight hours: a working day, after which a forgotten browser no longer acts as the organiser. */
export const organiserSessionSeconds = 8 * 60 * 60;

function sessionMac(token: string, payload: string): string {
  return createHmac('sha256', token).update(`organiser-session\n${payload}`).digest('base64url');
}

/**
 * Token mode: the session cookie's value, `<nonce>.<expiry in epoch ms>.<HMAC>`, keyed with the
 * admin token. The cookie never holds the token itself, so a leaked cookie stops working when
 * it expires, and changing ADMIN_TOKEN ends every session.
 */
export function organiserSessionValue(token: string, nowMs: number): string {
  const payload = `${randomBytes(12).toString('base64url')}.${nowMs + organiserSessionSeconds * 1000}`;
  return `${payload}.${sessionMac(token, payload)}`;
}

export function isValidOrganiserSession(token: string, value: string, nowMs: number): boolean {
  const [nonce, expiry, mac, ...rest] = value.split('.');
  if (!nonce || !expiry || !mac || rest.length > 0 || !/^\d{1,16}$/.test(expiry)) return false;
  if (!sameSecret(mac, sessionMac(token, `${nonce}.${expiry}`))) return false;
  return Number(expiry) > nowMs;
}

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

// --- Organiser pages (HTML): sign-in cookie, redirect to the sign-in page, CSRF tokens. ---

export const organiserLoginPath = '/admin/prihlaseni';
/** Cognito mode: where the hosted UI sends the browser back (a callback URL of the app client). */
export const cognitoCallbackPath = `${organiserLoginPath}/cognito`;

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

/**
 * Lax, not Strict, in Cognito mode: the browser arrives from the hosted UI, another site, and
 * follows the callback's redirect within that cross-site navigation, which carries no Strict
 * cookie: every sign-in would end on the sign-in page again, in a loop. Lax cookies go with
 * top-level GET navigations only; the forms that change anything still need the CSRF token.
 */
const cognitoSessionCookieOptions = (c: Context) =>
  ({ ...sessionCookieOptions(c), sameSite: 'Lax' }) as const;

export function startOrganiserSession(c: Context, token: string): void {
  setCookie(c, organiserCookie, organiserSessionValue(token, Date.now()), {
    ...sessionCookieOptions(c),
    maxAge: organiserSessionSeconds,
  });
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

/** What the CSRF token is bound to: the credential this request was authenticated with. */
function sessionBinding(c: Context, auth: OrganiserAuth): string | undefined {
  if (auth.mode === 'cognito') {
    const claims = gatewayJwt(c)?.claims ?? verifiedSessions.get(c.req.raw);
    return claims ? `${String(claims.sub)}#${String(claims.iat)}` : undefined;
  }
  return bearerToken(c) || getCookie(c, organiserCookie) || undefined;
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

// --- Cognito mode: hosted UI sign-in (authorization code + PKCE) and the ID token session. ---

/**
 * The state and PKCE verifier between the redirect to the hosted UI and the callback. Path-bound
 * to the sign-in pages, Lax so that the hosted UI's redirect back (cross-site) carries it.
 */
const signInCookie = 'organiser_signin';
const signInMaxAgeSeconds = 10 * 60;

const pendingSignIn = z.object({
  state: z.string(),
  verifier: z.string(),
  next: z.string(),
  expiresAt: z.number(),
});
type PendingSignIn = z.infer<typeof pendingSignIn>;

/** HMAC under its own prefix, so the cookie can never pass for a signed link or a CSRF token. */
function signInMac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`organiser-signin\n${payload}`).digest('base64url');
}

function sealSignIn(secret: string, pending: PendingSignIn): string {
  const payload = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${payload}.${signInMac(secret, payload)}`;
}

function openSignIn(secret: string, sealed: string | undefined): PendingSignIn | undefined {
  const [payload, mac, ...rest] = (sealed ?? '').split('.');
  if (!payload || !mac || rest.length > 0 || !sameSecret(mac, signInMac(secret, payload))) {
    return undefined;
  }
  try {
    const parsed = pendingSignIn.safeParse(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
    return parsed.success && parsed.data.expiresAt > Date.now() ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const callbackUrl = (publicBaseUrl: string) => `${trimSlash(publicBaseUrl)}${cognitoCallbackPath}`;

/**
 * Starts a sign-in: remembers a fresh state and PKCE verifier in the sign-in cookie and returns
 * the hosted UI's authorize URL to redirect to. `next` is where the callback returns.
 */
export function startCognitoSignIn(
  c: Context,
  auth: CognitoAuth,
  options: { secret: string; publicBaseUrl: string; next: string },
): string {
  const state = randomBytes(16).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const expiresAt = Date.now() + signInMaxAgeSeconds * 1000;
  setCookie(
    c,
    signInCookie,
    sealSignIn(options.secret, { state, verifier, next: options.next, expiresAt }),
    {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c),
      path: organiserLoginPath,
      maxAge: signInMaxAgeSeconds,
    },
  );
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: callbackUrl(options.publicBaseUrl),
    scope: 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return `${trimSlash(auth.domain)}/oauth2/authorize?${query}`;
}

export type CognitoSignInResult =
  | { ok: true; next: string }
  /**
   * `state`: no sign-in of this browser is pending or the state differs (expired, another tab,
   * forged); `refused`: the hosted UI or the token endpoint refused, or the token did not verify;
   * `unavailable`: the token endpoint did not answer usably.
   */
  | { ok: false; status: 400 | 502; reason: 'state' | 'refused' | 'unavailable' };

const tokenResponse = z.object({ id_token: z.string().check(z.minLength(1)) });

/**
 * The callback (`GET /admin/prihlaseni/cognito?code&state`): checks the state against the
 * sign-in cookie, exchanges the code at the token endpoint with the PKCE verifier, verifies the
 * ID token and keeps it in the session cookie until it expires.
 */
export async function finishCognitoSignIn(
  c: Context,
  auth: CognitoAuth,
  options: { secret: string; publicBaseUrl: string },
): Promise<CognitoSignInResult> {
  const pending = openSignIn(options.secret, getCookie(c, signInCookie));
  // One use only, whatever the outcome.
  deleteCookie(c, signInCookie, { path: organiserLoginPath, secure: isHttps(c) });
  const refuse = (status: 400 | 502, reason: 'state' | 'refused' | 'unavailable') => {
    console.warn(JSON.stringify({ level: 'warn', message: 'Organiser sign-in refused', reason }));
    return { ok: false, status, reason } as const;
  };

  const state = c.req.query('state') ?? '';
  if (!pending || !sameSecret(state, pending.state)) return refuse(400, 'state');
  const code = c.req.query('code');
  if (c.req.query('error') || !code) return refuse(400, 'refused');

  let response: Response;
  try {
    response = await fetch(`${trimSlash(auth.domain)}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code,
        redirect_uri: callbackUrl(options.publicBaseUrl),
        code_verifier: pending.verifier,
      }),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    return refuse(502, 'unavailable');
  }
  if (response.status >= 500) return refuse(502, 'unavailable');
  // A code that is unknown, used or expired (invalid_grant): a new sign-in fixes it.
  if (!response.ok) return refuse(400, 'refused');
  const body = tokenResponse.safeParse(await response.json().catch(() => undefined));
  if (!body.success) return refuse(502, 'unavailable');
  const claims = await verifyIdToken(auth, body.data.id_token);
  if (!claims) return refuse(400, 'refused');

  setCookie(c, organiserCookie, body.data.id_token, {
    ...cognitoSessionCookieOptions(c),
    maxAge: Math.max(0, claims.exp - Math.floor(Date.now() / 1000)),
  });
  return { ok: true, next: safeNextPath(pending.next) ?? '/admin' };
}

/** The hosted UI's logout, which ends its own session too and returns to the sign-in page. */
export function cognitoSignOutUrl(auth: CognitoAuth, publicBaseUrl: string): string {
  const query = new URLSearchParams({
    client_id: auth.clientId,
    logout_uri: `${trimSlash(publicBaseUrl)}${organiserLoginPath}`,
  });
  return `${trimSlash(auth.domain)}/logout?${query}`;
}

/** JWKS over the global fetch: aws-jwt-verify's own fetcher speaks only https (tests serve http). */
const jwksFetcher: Fetcher = {
  fetch: async (uri) => {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS request failed with status ${response.status}`);
    return response.arrayBuffer();
  },
};

function createVerifier(auth: CognitoSettings) {
  return JwtVerifier.create(
    {
      issuer: trimSlash(auth.issuer),
      audience: auth.clientId,
      jwksUri: `${trimSlash(auth.issuer)}/.well-known/jwks.json`,
      // An access token of the same client must not pass for a sign-in.
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('Not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  );
}

/** One verifier per pool and client for the container's life: it keeps the JWKS it fetched. */
const verifiers = new Map<string, ReturnType<typeof createVerifier>>();

type VerifiedClaims = JwtPayload & { sub: string; iat: number; exp: number };

async function verifyIdToken(
  auth: CognitoSettings,
  token: string,
): Promise<VerifiedClaims | undefined> {
  const key = `${auth.issuer}\n${auth.clientId}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = createVerifier(auth);
    verifiers.set(key, verifier);
  }
  try {
    const payload = await verifier.verify(token);
    const { sub, iat, exp } = payload;
    if (typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number')
      return undefined;
    return { ...payload, sub, iat, exp };
  } catch {
    // Expired, signed by another key, for another client or pool, or the JWKS unreachable: the
    // organiser signs in again.
    return undefined;
  }
}

/** ID token claims verified for a request, so that the CSRF binding (sync) can use them. */
const verifiedSessions = new WeakMap<Request, VerifiedClaims>();

async function cognitoSession(c: Context, auth: CognitoAuth): Promise<VerifiedClaims | undefined> {
  const known = verifiedSessions.get(c.req.raw);
  if (known) return known;
  const token = getCookie(c, organiserCookie);
  const claims = token ? await verifyIdToken(auth, token) : undefined;
  if (claims) verifiedSessions.set(c.req.raw, claims);
  return claims;
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
