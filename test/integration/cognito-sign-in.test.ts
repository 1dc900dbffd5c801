import {
  createHash,
  createSign,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFunctionConfig } from '../../shared/config';
import { organiserDeps } from '../../shared/wiring';
import { createApp } from '../support/app-under-test';
import { createTestEnvironment } from '../support/test-stack';

/**
 * ADMIN_AUTH=cognito end to end without AWS: a local stand-in for the user pool (its JWKS) and
 * the hosted UI's token endpoint, on 127.0.0.1, with a key pair made here. The app runs against
 * this test file's own table on the emulators, in process; requests come from the public base
 * URL over https, as behind API Gateway.
 */

const baseUrl = 'https://skoleni.kraj-example.cz';
const clientId = 'organiser-client-test';
const poolPath = '/eu-central-1_TestPool';
const kid = 'test-signing-key';

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

let idp: Server;
let issuer: string;
let domain: string;
let app: Hono;

/** Codes the fake token endpoint will exchange, with the PKCE challenge they were issued for. */
const codes = new Map<string, { challenge: string; redirectUri: string; idToken: string }>();
let tokenRequests = 0;

const nowSeconds = () => Math.floor(Date.now() / 1000);

function signJwt(payload: Record<string, unknown>, key: KeyObject = signingKey.privateKey): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', kid, typ: 'JWT' })}.${encode(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

/** An ID token as Cognito issues it to the organiser client; `claims` override. */
function idToken(claims: Record<string, unknown> = {}, key?: KeyObject): string {
  return signJwt(
    {
      sub: `user-${randomBytes(4).toString('hex')}`,
      aud: clientId,
      iss: issuer,
      token_use: 'id',
      email: 'organizator@kraj-example.cz',
      auth_time: nowSeconds(),
      iat: nowSeconds(),
      exp: nowSeconds() + 3600,
      ...claims,
    },
    key,
  );
}

async function readBody(request: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function startIdp(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === `${poolPath}/.well-known/jwks.json`) {
      const jwk = signingKey.publicKey.export({ format: 'jwk' });
      return json(200, { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] });
    }
    if (req.method === 'POST' && req.url === '/oauth2/token') {
      tokenRequests += 1;
      const form = new URLSearchParams(await readBody(req));
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const valid =
        issued &&
        req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
        form.get('grant_type') === 'authorization_code' &&
        form.get('client_id') === clientId &&
        form.get('redirect_uri') === issued.redirectUri &&
        challenge === issued.challenge;
      if (!valid) return json(400, { error: 'invalid_grant' });
      return json(200, {
        id_token: issued.idToken,
        access_token: 'not-used',
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    json(404, { error: 'not_found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  idp = await startIdp();
  const { port } = idp.address() as AddressInfo;
  domain = `http://127.0.0.1:${port}`;
  issuer = `${domain}${poolPath}`;
  const env = await createTestEnvironment();
  const config = parseFunctionConfig('organiser', {
    ...env.environment,
    PUBLIC_BASE_URL: baseUrl,
    ADMIN_AUTH: 'cognito',
    ADMIN_TOKEN: undefined,
    COGNITO_ISSUER: issuer,
    COGNITO_CLIENT_ID: clientId,
    COGNITO_DOMAIN: domain,
  });
  app = createApp(organiserDeps(config));
});

afterAll(async () => {
  await new Promise((resolve) => idp?.close(resolve));
});

const request = (path: string, init: RequestInit = {}, lambdaEnv?: unknown) =>
  app.request(`${baseUrl}${path}`, { redirect: 'manual', ...init }, lambdaEnv);

/** The `name=value` of a cookie the response sets, and its attributes. */
function setCookie(response: Response, name: string): { pair: string; attributes: string } {
  const header = response.headers.getSetCookie().find((h) => h.startsWith(`${name}=`));
  const [pair = '', ...attributes] = (header ?? '').split(';').map((part) => part.trim());
  return { pair, attributes: attributes.join('; ') };
}

/** Starts a sign-in at the sign-in page, as the redirect from an organiser page does. */
async function startSignIn(next = '/admin') {
  const response = await request(`/admin/prihlaseni?next=${encodeURIComponent(next)}`);
  expect(response.status).toBe(303);
  const authorize = new URL(response.headers.get('location') ?? '');
  return { response, authorize, cookie: setCookie(response, 'organiser_signin').pair };
}

/** The hosted UI's part: it issues a code for the challenge it was sent, bound to `token`. */
function issueCode(authorize: URL, token = idToken()): string {
  const code = randomBytes(12).toString('hex');
  codes.set(code, {
    challenge: authorize.searchParams.get('code_challenge') ?? '',
    redirectUri: authorize.searchParams.get('redirect_uri') ?? '',
    idToken: token,
  });
  return code;
}

const callback = (query: Record<string, string>, cookie: string) =>
  request(`/admin/prihlaseni/cognito?${new URLSearchParams(query)}`, { headers: { cookie } });

/** A full sign-in; returns the callback's response and the session cookie it set. */
async function signIn(next = '/admin', token = idToken()) {
  const { authorize, cookie } = await startSignIn(next);
  const code = issueCode(authorize, token);
  const state = authorize.searchParams.get('state') ?? '';
  const response = await callback({ code, state }, cookie);
  return { response, session: setCookie(response, 'organiser_session') };
}

describe('sign-in through the Cognito hosted UI', () => {
  it('sends an organiser page request without a session to the hosted UI with state and PKCE', async () => {
    const page = await request('/admin/akce/nova');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/prihlaseni?next=%2Fadmin%2Fakce%2Fnova');

    const { response, authorize } = await startSignIn('/admin/akce/nova');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${domain}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${baseUrl}/admin/prihlaseni/cognito`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    const { pair, attributes } = setCookie(response, 'organiser_signin');
    expect(pair).not.toBe('organiser_signin=');
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/Secure/);
    expect(attributes).toMatch(/SameSite=Lax/);
    expect(attributes).toMatch(/Path=\/admin\/prihlaseni(;|$)/);
    // The verifier never leaves the server in the clear.
    expect(decodeURIComponent(pair)).not.toContain(authorize.searchParams.get('code_challenge'));
  });

  it('refuses a callback whose state is not the one this browser was sent with', async () => {
    const { authorize, cookie } = await startSignIn();
    const code = issueCode(authorize);
    const before = tokenRequests;

    const wrongState = await callback({ code, state: 'forged-state-0123456789' }, cookie);
    expect(wrongState.status).toBe(400);
    const html = await wrongState.text();
    expect(html).toContain('Přihlášení se nepodařilo');
    expect(html).toContain('Přihlaste se prosím znovu');
    expect(setCookie(wrongState, 'organiser_session').pair).toBe('');

    const state = authorize.searchParams.get('state') ?? '';
    const noCookie = await callback({ code, state }, '');
    expect(noCookie.status).toBe(400);

    const [payload = '', mac = ''] = cookie.slice('organiser_signin='.length).split('.');
    const tampered = `organiser_signin=${payload.slice(0, -2)}AA.${mac}`;
    expect((await callback({ code, state }, tampered)).status).toBe(400);

    // None of them got as far as spending the code.
    expect(tokenRequests).toBe(before);
  });

  it('signs in with the right state, and the session cookie authorises the next page', async () => {
    const { response, session } = await signIn('/admin/akce/nova');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/akce/nova');
    expect(session.pair).toMatch(/^organiser_session=[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(session.attributes).toMatch(/HttpOnly/);
    expect(session.attributes).toMatch(/Secure/);
    expect(session.attributes).toMatch(/SameSite=Lax/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(session.attributes)?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);
    // The sign-in cookie is spent.
    expect(setCookie(response, 'organiser_signin').attributes).toMatch(/Max-Age=0/);

    const page = await request('/admin/akce/nova', { headers: { cookie: session.pair } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="title"');
    const signedIn = await request('/admin/prihlaseni?next=%2Fadmin', {
      headers: { cookie: session.pair },
    });
    expect(signedIn.headers.get('location')).toBe('/admin');
  });

  it('keeps CSRF tokens working with the session, and signs out at the hosted UI', async () => {
    const { session } = await signIn();
    const list = await request('/admin', { headers: { cookie: session.pair } });
    expect(list.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await list.text())?.[1];
    expect(csrf).toBeDefined();
    const signOut = (token: string) =>
      request('/admin/odhlaseni', {
        method: 'POST',
        headers: { cookie: session.pair, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token }).toString(),
      });

    expect((await signOut('x'.repeat(43))).status).toBe(403);
    const other = await signIn();
    const otherPage = await request('/admin', { headers: { cookie: other.session.pair } });
    const otherCsrf = /name="_csrf" value="([^"]+)"/.exec(await otherPage.text())?.[1] ?? '';
    expect(otherCsrf).not.toBe(csrf);
    expect((await signOut(otherCsrf)).status).toBe(403);

    const response = await signOut(csrf ?? '');
    expect(response.status).toBe(303);
    const logout = new URL(response.headers.get('location') ?? '');
    expect(`${logout.origin}${logout.pathname}`).toBe(`${domain}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: clientId,
      logout_uri: `${baseUrl}/admin/prihlaseni`,
    });
    expect(setCookie(response, 'organiser_session').attributes).toMatch(/Max-Age=0/);
  });

  it('refuses a replayed callback and a code the token endpoint does not know', async () => {
    const { authorize, cookie } = await startSignIn();
    const state = authorize.searchParams.get('state') ?? '';
    const code = issueCode(authorize);
    expect((await callback({ code, state }, cookie)).status).toBe(303);
    // The same browser request again: the code is spent at the token endpoint.
    const replay = await callback({ code, state }, cookie);
    expect(replay.status).toBe(400);
    expect(setCookie(replay, 'organiser_session').pair).toBe('');

    const fresh = await startSignIn();
    const unknown = await callback(
      { code: 'never-issued', state: fresh.authorize.searchParams.get('state') ?? '' },
      fresh.cookie,
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Přihlásit se znovu');
  });

  it('refuses a token from the token endpoint that does not verify', async () => {
    const { response, session } = await signIn('/admin', idToken({ aud: 'another-client' }));
    expect(response.status).toBe(400);
    expect(session.pair).toBe('');
  });

  it.each([
    ['an expired token', () => idToken({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })],
    ['a token signed by another key', () => idToken({}, foreignKey.privateKey)],
    ['a token for another client', () => idToken({ aud: 'another-client' })],
    ['a token of another pool', () => idToken({ iss: `${domain}/eu-central-1_Other` })],
    ['an access token', () => idToken({ token_use: 'access' })],
    ['something that is no token', () => 'not-a-jwt'],
  ])('sends %s in the session cookie back to sign in', async (_, token) => {
    const page = await request('/admin', { headers: { cookie: `organiser_session=${token()}` } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/prihlaseni?next=%2Fadmin');
  });

  it('offers a sign-in button on the sign-in page itself (where the hosted UI logout returns)', async () => {
    const page = await request('/admin/prihlaseni');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/admin/prihlaseni?next=%2Fadmin"');
    expect(html).toContain('Přihlásit se');
    expect(setCookie(page, 'organiser_signin').pair).toBe('');
  });
});

describe('admin API in Cognito mode', () => {
  const verifiedByApiGateway = {
    event: {
      requestContext: {
        authorizer: { jwt: { claims: { sub: 'script-user', iat: nowSeconds() }, scopes: null } },
      },
    },
  };

  it("accepts the claims API Gateway's JWT authorizer verified", async () => {
    const response = await request('/api/admin/events', {}, verifiedByApiGateway);
    expect(response.status).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
  });

  it('refuses a request that did not pass the authorizer', async () => {
    const response = await request('/api/admin/events', {
      headers: { authorization: `Bearer ${idToken({ aud: 'another-client' })}` },
    });
    expect(response.status).toBe(401);
  });
});
