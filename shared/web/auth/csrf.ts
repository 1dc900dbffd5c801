import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  bearerToken,
  gatewayJwt,
  type OrganiserAuth,
  organiserCookie,
  sameSecret,
} from './organiser-auth';
import { verifiedSessions } from './token-verification';

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
