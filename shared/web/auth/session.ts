import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { isHttps, organiserCookie, sameSecret } from './organiser-auth';

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

export const sessionCookieOptions = (c: Context) =>
  ({ httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/' }) as const;

/**
 * Lax, not Strict, in Cognito mode: the browser arrives from the hosted UI, another site, and
 * follows the callback's redirect within that cross-site navigation, which carries no Strict
 * cookie: every sign-in would end on the sign-in page again, in a loop. Lax cookies go with
 * top-level GET navigations only; the forms that change anything still need the CSRF token.
 */
export const cognitoSessionCookieOptions = (c: Context) =>
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
