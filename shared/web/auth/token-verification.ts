import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  type CognitoAuth,
  type CognitoSettings,
  organiserCookie,
  trimSlash,
} from './organiser-auth';

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

export type VerifiedClaims = JwtPayload & { sub: string; iat: number; exp: number };

export async function verifyIdToken(
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
export const verifiedSessions = new WeakMap<Request, VerifiedClaims>();

export async function cognitoSession(
  c: Context,
  auth: CognitoAuth,
): Promise<VerifiedClaims | undefined> {
  const known = verifiedSessions.get(c.req.raw);
  if (known) return known;
  const token = getCookie(c, organiserCookie);
  const claims = token ? await verifyIdToken(auth, token) : undefined;
  if (claims) verifiedSessions.set(c.req.raw, claims);
  return claims;
}
