import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

/*
 * How organisers are recognised, and the request details every part of it reads: the guard
 * (guard.ts), the CSRF tokens (csrf.ts), the sign-in flows (sign-in.ts, session.ts) and the
 * Cognito ID token checks (token-verification.ts).
 */

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

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export /** The claims API Gateway's JWT authorizer verified, when this request passed one (Lambda). */
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

export function bearerToken(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  return header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
}

export function isHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

export const trimSlash = (url: string) => url.replace(/\/+$/, '');
