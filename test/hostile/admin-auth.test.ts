import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/ids';
import type { Registration } from '../../shared/domain/registration';
import { organiserSessionValue } from '../../shared/web/auth';
import type { AppDeps } from '../../shared/web/deps';
import { checkinUrl } from '../../shared/web/links';
import { appUnderTest, drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment, testAdminToken } from '../support/test-stack';
import {
  type CreatedEvent,
  formPost,
  jsonPost,
  publishedEvent,
  tableItemCount,
} from './support/app';
import { runBudget } from './support/budget';
import { expectCzechPage, expectErrorContract } from './support/hostile-input';
import { captureLogs, type LogCapture, personalDataIn } from './support/log-capture';

/**
 * Every organiser route, taken from the router itself so that a route added later is covered
 * without touching this file, refuses requests without a valid organiser credential.
 *
 * The JSON API answers 401. The HTML pages are what a browser opens: by design they send it to
 * the sign-in page (303 with the way back) instead of showing a bare 401; the sign-in form
 * itself answers 401 to a wrong code. Either way no organiser data leaves.
 */

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let logs: LogCapture;
let event: CreatedEvent;
let registration: Registration;
let executedRuns = 0;

/** Routes under /admin that are open on purpose: signing in. */
const openPaths = new Set(['/admin/prihlaseni', '/admin/prihlaseni/cognito']);

interface AdminRoute {
  method: string;
  path: string;
  api: boolean;
}

function adminRoutes(eventId: string, registrationId: string): AdminRoute[] {
  const checkinToken = new URL(
    checkinUrl(
      { publicBaseUrl: 'https://example.cz', linkSecret: deps.linkSecret },
      { id: eventId, endsAt: event.endsAt },
      registrationId,
    ),
  ).pathname
    .split('/')
    .pop();
  const seen = new Set<string>();
  const routes: AdminRoute[] = [];
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    if (!route.path.startsWith('/admin') && !route.path.startsWith('/api/admin')) continue;
    if (openPaths.has(route.path)) continue;
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({
      method: route.method,
      path: route.path
        .replace(':id', eventId)
        .replace(':registrationId', registrationId)
        .replace(':token', checkinToken ?? '')
        .replace(':file', 'latest.csv'),
      api: route.path.startsWith('/api/admin'),
    });
  }
  return routes;
}

async function send(route: AdminRoute, headers: Record<string, string>): Promise<Response> {
  const init =
    route.method === 'GET'
      ? { headers }
      : route.api
        ? jsonPost('{}', headers)
        : formPost({ _csrf: 'not-a-csrf-token' }, headers);
  return app.request(route.path, { ...init, method: route.method });
}

async function expectRefused(route: AdminRoute, response: Response) {
  const label = `${route.method} ${route.path}`;
  if (route.api) {
    expect(response.status, label).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const [error] = expectErrorContract(await response.json());
    expect(error?.code).toBe('unauthorized');
    return;
  }
  expect(response.status, label).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location, label).toMatch(/^\/admin\/prihlaseni\?next=/);
  const next = new URLSearchParams(location.split('?')[1]).get('next');
  expect(next).toBe(route.method === 'GET' ? route.path : '/admin');
  // A redirect carries no page: nothing of the organiser's data in the body.
  expect(await response.text()).toBe('');
}

const wrongCredentials: Record<string, Record<string, string>> = {
  none: {},
  'another token': { authorization: 'Bearer not-the-organiser-token-at-all' },
  'token with a character more': { authorization: `Bearer ${testAdminToken}x` },
  'token missing its last character': { authorization: `Bearer ${testAdminToken.slice(0, -1)}` },
  'token in upper case': { authorization: `Bearer ${testAdminToken.toUpperCase()}` },
  'token as Basic credentials': {
    authorization: `Basic ${Buffer.from(`admin:${testAdminToken}`).toString('base64')}`,
  },
  'token with another scheme': { authorization: `Token ${testAdminToken}` },
  'token without a scheme': { authorization: testAdminToken },
  'empty bearer': { authorization: 'Bearer' },
  'bearer of spaces': { authorization: 'Bearer    ' },
  'two bearers': { authorization: `Bearer ${testAdminToken}, Bearer ${testAdminToken}` },
  'unsigned JWT': {
    authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.`,
  },
  'token in another header': { 'x-api-key': testAdminToken },
  'wrong session cookie': { cookie: 'organiser_session=guess' },
  'session cookie under another name': { cookie: `ORGANISER_SESSION=${testAdminToken}` },
  // The cookie holds a signed session, never the token: the token itself is refused there.
  'the admin token as the session cookie': { cookie: `organiser_session=${testAdminToken}` },
  'an expired session': {
    cookie: `organiser_session=${organiserSessionValue(testAdminToken, Date.now() - 9 * 60 * 60 * 1000)}`,
  },
  'a session signed with another token': {
    cookie: `organiser_session=${organiserSessionValue(`${testAdminToken}x`, Date.now())}`,
  },
  'session cookie with a NUL': { cookie: `organiser_session=${testAdminToken}%00` },
};

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env));
  logs = captureLogs();
  event = await publishedEvent(app);
  const response = await app.request(
    `/api/events/${event.id}/registrations`,
    jsonPost(
      JSON.stringify({
        name: 'Eva Dvořáková',
        email: 'eva.dvorakova@example.cz',
        role: 'citizen',
        consent: true,
      }),
    ),
  );
  expect(response.status).toBe(201);
  [registration] = (await deps.events.listRegistrations(event.id)) as [Registration];
  await drainMailQueue(env);
});

afterAll(() => logs?.stop());

describe('organiser routes without a valid credential', () => {
  it('finds the organiser routes in the router (pages and JSON API)', () => {
    const routes = adminRoutes(event.id, registration.id);
    expect(routes.filter((r) => r.api).length).toBeGreaterThanOrEqual(10);
    expect(routes.filter((r) => !r.api).length).toBeGreaterThanOrEqual(10);
  });

  for (const [name, headers] of Object.entries(wrongCredentials)) {
    it(`refuses every organiser route: ${name}`, async () => {
      const before = await tableItemCount(env);
      for (const route of adminRoutes(event.id, registration.id)) {
        await expectRefused(route, await send(route, headers));
      }
      expect(await tableItemCount(env)).toBe(before);
      expect((await deps.events.getEvent(event.id))?.status).toBe('published');
      expect(await drainMailQueue(env)).toEqual([]);
    });
  }

  it('lets the genuine credential through on the same routes (so the refusals are real)', async () => {
    // Unknown ids: a genuine POST must not cancel or change the real event.
    for (const route of adminRoutes(newId(), newId())) {
      const headers: Record<string, string> = route.api
        ? { authorization: `Bearer ${testAdminToken}` }
        : { cookie: `organiser_session=${organiserSessionValue(testAdminToken, Date.now())}` };
      const response = await send(route, headers);
      expect(response.status, `${route.method} ${route.path}`).not.toBe(401);
      expect(response.headers.get('location') ?? '').not.toMatch(/^\/admin\/prihlaseni/);
      expect(response.status).toBeLessThan(500);
      // Organiser data must not stay in a shared or back/forward cache.
      expect(response.headers.get('cache-control'), `${route.method} ${route.path}`).toMatch(
        /(?:^|, )no-store(?:,|$)/,
      );
    }
  });

  it('the JSON API takes the Authorization header only, never the session cookie', async () => {
    const session = `organiser_session=${organiserSessionValue(testAdminToken, Date.now())}`;
    const routes = adminRoutes(event.id, registration.id).filter((route) => route.api);
    for (const route of routes) {
      await expectRefused(route, await send(route, { cookie: session }));
    }
    const page = await app.request('/admin', { headers: { cookie: session } });
    expect(page.status).toBe(200);
  });

  it('the sign-in form answers a wrong code with 401 and a Czech message', async () => {
    for (const token of ['', 'guess', `${testAdminToken} `.repeat(3), `${testAdminToken}x`]) {
      const response = await app.request('/admin/prihlaseni', formPost({ token, next: '/admin' }));
      expect(response.status).toBe(401);
      const html = await response.text();
      expectCzechPage(response, html);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it(`refuses ${runBudget.adminCredentials} generated credentials on generated organiser routes`, async () => {
    const routes = adminRoutes(event.id, registration.id);
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 60,
    });
    const nearToken = fc.oneof(
      fc.tuple(fc.nat(), fc.integer({ min: 0x21, max: 0x7e })).map(([at, code]) => {
        const i = at % testAdminToken.length;
        return testAdminToken.slice(0, i) + String.fromCharCode(code) + testAdminToken.slice(i + 1);
      }),
      fc.nat().map((at) => testAdminToken.slice(0, at % testAdminToken.length)),
      printable.map((extra) => `${testAdminToken}${extra.trim() ? extra : 'x'}`),
      printable,
    );
    const authorization = fc.oneof(
      fc.constant(undefined),
      nearToken.map((t) => `Bearer ${t}`),
      fc
        .tuple(fc.constantFrom('bearer ', 'BEARER ', 'Basic ', 'Digest ', ''), nearToken)
        .map(([s, t]) => s + t),
      printable,
    );
    const cookie = fc.oneof(
      fc.constant(undefined),
      nearToken.map((t) => `organiser_session=${encodeURIComponent(t)}`),
      printable,
    );
    /**
     * What the server accepts: the bearer value equal to the token. A generated cookie is never
     * a signed session, and the token itself as the cookie is refused.
     */
    const isGenuine = (auth: string | undefined, _cookieHeader: string | undefined) => {
      const bearer = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : '';
      return bearer === testAdminToken;
    };
    const before = await tableItemCount(env);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        authorization,
        cookie,
        async (route, auth, cookieHeader) => {
          fc.pre(!isGenuine(auth, cookieHeader));
          executedRuns += 1;
          const headers: Record<string, string> = {
            ...(auth === undefined ? {} : { authorization: auth }),
            ...(cookieHeader === undefined ? {} : { cookie: cookieHeader }),
          };
          await expectRefused(route, await send(route, headers));
        },
      ),
      { numRuns: runBudget.adminCredentials },
    );
    expect(await tableItemCount(env)).toBe(before);
    expect(await drainMailQueue(env)).toEqual([]);
  });
});

describe('the run', () => {
  it('executed every generated input of this file', () => {
    expect(executedRuns).toBe(runBudget.adminCredentials);
  });

  it('wrote no email address or name to the logs', () => {
    expect(personalDataIn(logs.lines, ['Dvořáková'])).toEqual([]);
  });
});
