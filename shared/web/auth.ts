import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

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
