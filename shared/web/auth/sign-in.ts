import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { lazySchema } from '../../domain/lazy-schema';
import { log } from '../../log';
import { cognitoCallbackPath, organiserLoginPath } from '../paths';
import { safeNextPath } from './guard';
import {
  type CognitoAuth,
  isHttps,
  type OrganiserAuth,
  organiserCookie,
  sameSecret,
  trimSlash,
} from './organiser-auth';
import { cognitoSessionCookieOptions } from './session';
import { verifyIdToken } from './token-verification';

// --- Token mode: the admin token typed into the sign-in form. ---

/** Checks a token typed into the sign-in form (token mode only). */
export function isOrganiserToken(auth: OrganiserAuth, given: string): boolean {
  return auth.mode === 'token' && given !== '' && sameSecret(given, auth.token);
}

// --- Cognito mode: hosted UI sign-in (authorization code + PKCE) and the ID token session. ---

/**
 * The state and PKCE verifier between the redirect to the hosted UI and the callback. Path-bound
 * to the sign-in pages, Lax so that the hosted UI's redirect back (cross-site) carries it.
 */
const signInCookie = 'organiser_signin';
const signInMaxAgeSeconds = 10 * 60;

const pendingSignIn = lazySchema(() =>
  z.object({
    state: z.string(),
    verifier: z.string(),
    next: z.string(),
    expiresAt: z.number(),
  }),
);
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

const tokenResponse = lazySchema(() => z.object({ id_token: z.string().check(z.minLength(1)) }));

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
    log.warn('organiser.sign-in.refused', { reason });
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
