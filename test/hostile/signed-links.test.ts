import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/ids';
import type { Registration } from '../../shared/domain/registration';
import { signToken, type TokenPurpose, verifyToken } from '../../shared/domain/signed-link';
import { surveySchedule } from '../../shared/domain/survey';
import type { AppDeps } from '../../shared/web/deps';
import { cancelUrl, checkinUrl, registrationRef, surveyUrl } from '../../shared/web/links';
import { appUnderTest, createApp, drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';
import {
  type CreatedEvent,
  formPost,
  jsonPost,
  organiser,
  publishedEvent,
  tableItemCount,
} from './support/app';
import { runBudget } from './support/budget';
import {
  checkResponse,
  expectCzechPage,
  expectErrorContract,
  hostilePayloads,
  personNames,
  wellFormed,
} from './support/hostile-input';
import { captureLogs, type LogCapture, personalDataIn } from './support/log-capture';

/**
 * Cancel, survey and check-in links carry an HMAC-signed registration reference. Tampered,
 * truncated, swapped, foreign (another secret) and expired links must get a clear Czech refusal,
 * never a 500, and change nothing. The links themselves do not expire by design: what limits
 * them in time is the thing they point to (an event that was held, a survey that closed).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let logs: LogCapture;
let clock = new Date();
let event: CreatedEvent;
let otherEvent: CreatedEvent;
let jana: Registration;
let petr: Registration;
let executedTokenRuns = 0;

const foreignSecret = randomBytes(32).toString('hex');
const settings = () => ({
  publicBaseUrl: 'https://example.cz',
  linkSecret: deps.linkSecret,
  ...(deps.linkKeys ? { linkKeys: deps.linkKeys } : {}),
});
const pathOf = (url: string) => new URL(url).pathname;
const tokenOf = (url: string) => pathOf(url).split('/').pop() ?? '';

async function register(eventId: string, name: string): Promise<Registration> {
  const email = `${name.split(' ')[0]?.toLowerCase()}.${randomBytes(4).toString('hex')}@example.cz`;
  const response = await app.request(
    `/api/events/${eventId}/registrations`,
    jsonPost(JSON.stringify({ name, email, role: 'citizen', consent: true })),
  );
  expect(response.status).toBe(201);
  const registrations = await deps.events.listRegistrations(eventId);
  const registration = registrations.find((r) => r.name === name);
  if (!registration) throw new Error(`${name} was not stored`);
  return registration;
}

const validAnswer = JSON.stringify({ satisfaction: 5, usefulness: 4 });

/** Every way a link is used: the pages, the survey's JSON and form posts, the door check-in. */
const linkRequests = (token: string) => {
  const segment = encodeURIComponent(wellFormed(token));
  return [
    { kind: 'cancel', method: 'GET', path: `/zruseni/${segment}`, init: {} },
    { kind: 'cancel', method: 'POST', path: `/zruseni/${segment}`, init: formPost('') },
    { kind: 'survey', method: 'GET', path: `/dotaznik/${segment}`, init: {} },
    { kind: 'survey', method: 'POST', path: `/dotaznik/${segment}`, init: jsonPost(validAnswer) },
    {
      kind: 'survey',
      method: 'POST',
      path: `/dotaznik/${segment}`,
      init: formPost({ satisfaction: '5', usefulness: '4' }),
    },
    {
      kind: 'checkin',
      method: 'GET',
      path: `/admin/prezence/${segment}`,
      init: { headers: organiser },
    },
  ] as const;
};

async function expectRefused(token: string, expected: { cancel: number; survey: number }) {
  for (const request of linkRequests(token)) {
    const response = await app.request(request.path, { method: request.method, ...request.init });
    const status = request.kind === 'checkin' ? 404 : expected[request.kind];
    expect(response.status, `${request.method} ${request.path}`).toBe(status);
    const checked = await checkResponse(response, request);
    if (checked.json !== undefined) {
      expect(expectErrorContract(checked.json)[0]?.code).toBe('not_found');
    } else {
      expect(checked.html).toBeDefined();
    }
  }
}

/** Nothing a refused link could have done happened. */
async function expectUntouched() {
  for (const registration of [jana, petr]) {
    const now = await deps.events.getRegistration(registration.eventId, registration.id);
    expect(now?.status).toBe('confirmed');
    expect(now?.attendedAt).toBeUndefined();
  }
  expect(await deps.surveys.listAnswers(event.id)).toEqual([]);
  expect((await deps.surveys.getInvitation(event.id, jana.id))?.answered).toBe(false);
  expect(await drainMailQueue(env)).toEqual([]);
}

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env, () => clock));
  logs = captureLogs();
  // Organiser text is shown on every link page: it must be escaped there too.
  event = await publishedEvent(app, { title: `Kurz ${hostilePayloads[0]}`, capacity: 10 });
  otherEvent = await publishedEvent(app, { venue: `Liberec ${hostilePayloads[1]}`, capacity: 10 });
  jana = await register(event.id, personNames[0]);
  petr = await register(otherEvent.id, personNames[1]);
  await deps.surveys.createInvitation(
    event.id,
    jana.id,
    new Date(Date.now() + 14 * 24 * HOUR).toISOString(),
    new Date().toISOString(),
  );
  await drainMailQueue(env);
});

afterAll(() => logs?.stop());

const janaCancelToken = () => tokenOf(cancelUrl(settings(), event, jana.id));

describe('links that were tampered with', () => {
  const janaCancel = () => tokenOf(cancelUrl(settings(), event, jana.id));
  const petrCancel = () => tokenOf(cancelUrl(settings(), otherEvent, petr.id));
  const janaSurvey = () => tokenOf(surveyUrl(settings(), event, jana.id));

  it('the genuine links work (so that the refusals below mean something)', async () => {
    const cancelPage = await app.request(`/zruseni/${janaCancel()}`);
    expect(cancelPage.status).toBe(200);
    expectCzechPage(cancelPage, await cancelPage.text());
    const surveyPage = await app.request(`/dotaznik/${janaSurvey()}`);
    expect(surveyPage.status).toBe(200);
    expectCzechPage(surveyPage, await surveyPage.text());
  });

  it('refuses a changed signature, a changed payload and truncated links', async () => {
    const token = janaCancel();
    const [payload = '', signature = ''] = token.split('.');
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const survey = janaSurvey();
    for (const tampered of [
      `${payload}.${flip(signature, 5)}`,
      `${payload}.${flip(signature, signature.length - 1)}`,
      `${flip(payload, 3)}.${signature}`,
      token.slice(0, -4),
      token.slice(0, payload.length),
      `${payload}.`,
      `.${signature}`,
      `${token}.${signature}`,
      `${signature}.${payload}`,
      `${payload}=.${signature}`,
    ]) {
      await expectRefused(tampered, { cancel: 400, survey: 404 });
    }
    const [surveyPayload = '', surveySignature = ''] = survey.split('.');
    await expectRefused(`${surveyPayload}.${flip(surveySignature, 0)}`, {
      cancel: 400,
      survey: 404,
    });
    const page = await app.request(`/zruseni/${token.slice(0, -4)}`);
    const html = await page.text();
    expect(html).toContain('Odkaz není platný');
    expect(html).toContain('Zkopírujte ho prosím');
    await expectUntouched();
  });

  it("refuses one person's link with another person's ids swapped in", async () => {
    const [janaPayload = '', janaSignature = ''] = janaCancel().split('.');
    const [petrPayload = '', petrSignature = ''] = petrCancel().split('.');
    await expectRefused(`${petrPayload}.${janaSignature}`, { cancel: 400, survey: 404 });
    await expectRefused(`${janaPayload}.${petrSignature}`, { cancel: 400, survey: 404 });
    // Even correctly signed, a reference that mixes two registrations' ids finds nothing.
    const mixed = signToken(deps.linkSecret, {
      purpose: 'cancel',
      id: registrationRef(otherEvent.id, jana.id),
    });
    const response = await app.request(`/zruseni/${mixed}`, formPost(''));
    expect(response.status).toBe(404);
    const html = await response.text();
    expectCzechPage(response, html);
    expect(html).toContain('Registrace nenalezena');
    const mixedSurvey = signToken(deps.linkSecret, {
      purpose: 'survey',
      id: registrationRef(otherEvent.id, jana.id),
    });
    const answer = await app.request(`/dotaznik/${mixedSurvey}`, jsonPost(validAnswer));
    expect(answer.status).toBe(404);
    expect(expectErrorContract(await answer.json())[0]?.code).toBe('not_found');
    await expectUntouched();
  });

  it('refuses links signed with another secret (another installation, a forger)', async () => {
    for (const purpose of ['cancel', 'survey', 'checkin'] as TokenPurpose[]) {
      const foreign = signToken(foreignSecret, {
        purpose,
        id: registrationRef(event.id, jana.id),
      });
      await expectRefused(foreign, { cancel: 400, survey: 404 });
    }
    const page = await app.request(
      `/zruseni/${signToken(foreignSecret, { purpose: 'cancel', id: registrationRef(event.id, jana.id) })}`,
    );
    expect(await page.text()).toContain('Odkaz není platný');
    await expectUntouched();
  });

  it('refuses a link made for another purpose, saying what the link is not for', async () => {
    const surveyToken = janaSurvey();
    const page = await app.request(`/zruseni/${surveyToken}`, formPost(''));
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Tento odkaz neslouží ke zrušení registrace.');
    const checkinToken = tokenOf(checkinUrl(settings(), event, jana.id));
    expect((await app.request(`/zruseni/${checkinToken}`, formPost(''))).status).toBe(400);
    const onSurvey = await app.request(`/dotaznik/${janaCancel()}`, jsonPost(validAnswer));
    expect(onSurvey.status).toBe(404);
    const [error] = expectErrorContract(await onSurvey.json());
    expect(error?.message).toContain('Odkaz na dotazník neplatí');
    const onCheckin = await app.request(`/admin/prezence/${janaCancel()}`, { headers: organiser });
    expect(onCheckin.status).toBe(404);
    expect(await onCheckin.text()).toContain('Tento kód pro prezenci neplatí');
    await expectUntouched();
  });

  it('refuses an expired link with its own page (410), whatever its purpose', async () => {
    const expiredAs = (purpose: TokenPurpose) =>
      signToken(deps.linkSecret, {
        purpose,
        id: registrationRef(event.id, jana.id),
        exp: clock.getTime() - 1,
      });
    const cancel = await app.request(`/zruseni/${expiredAs('cancel')}`, formPost(''));
    expect(cancel.status).toBe(410);
    const html = await cancel.text();
    expectCzechPage(cancel, html);
    expect(html).toContain('Platnost odkazu vypršela.');
    const survey = await app.request(`/dotaznik/${expiredAs('survey')}`);
    expect(survey.status).toBe(410);
    expect(await survey.text()).toContain('Dotazník je uzavřený');
    const surveyJson = await app.request(`/dotaznik/${expiredAs('survey')}`, jsonPost(validAnswer));
    expect(surveyJson.status).toBe(410);
    expect(expectErrorContract(await surveyJson.json())[0]?.code).toBe('survey_closed');
    const checkin = await app.request(`/admin/prezence/${expiredAs('checkin')}`, {
      headers: organiser,
    });
    expect(checkin.status).toBe(410);
    expect(await checkin.text()).toContain('Kód pro prezenci už neplatí');
    await expectUntouched();
  });

  it('signs the expiry into the links: cancel at the end, check-in a day later, survey at its close', async () => {
    const endsAt = Date.parse(event.endsAt);
    const closesAt = Date.parse(surveySchedule(event).closesAt);
    const cancelPath = `/zruseni/${janaCancel()}`;
    const checkinPath = pathOf(checkinUrl(settings(), event, jana.id));
    const surveyPath = `/dotaznik/${janaSurvey()}`;
    const statusAt = async (atMs: number, path: string, init: RequestInit = {}) => {
      const saved = clock;
      try {
        clock = new Date(atMs);
        return (await app.request(path, init)).status;
      } finally {
        clock = saved;
      }
    };
    expect(await statusAt(endsAt - 1, cancelPath)).toBe(200);
    expect(await statusAt(endsAt, cancelPath)).toBe(410);
    // A GET only shows the page: nothing is recorded by probing the check-in link here.
    expect(await statusAt(endsAt + DAY - 1, checkinPath, { headers: organiser })).not.toBe(410);
    expect(await statusAt(endsAt + DAY, checkinPath, { headers: organiser })).toBe(410);
    // The invitation stored here closes earlier than the survey would; the token alone decides.
    const surveyToken = janaSurvey();
    expect(verifyToken(deps.linkSecret, surveyToken, 'survey', closesAt - 1).ok).toBe(true);
    expect(verifyToken(deps.linkSecret, surveyToken, 'survey', closesAt)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await statusAt(closesAt, surveyPath)).toBe(410);
    // The same token verifies until its expiry and not after, whatever the stored data says.
    const token = janaCancel();
    expect(verifyToken(deps.linkSecret, token, 'cancel', endsAt - 1).ok).toBe(true);
    expect(verifyToken(deps.linkSecret, token, 'cancel', endsAt)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses absurd tokens: huge, broken percent-encoding, dots only', async () => {
    for (const path of [
      `/zruseni/${'A'.repeat(3000)}.${'B'.repeat(43)}`,
      '/zruseni/%E0%A4%A',
      '/zruseni/...',
      '/zruseni/%2e%2e%2f',
      `/dotaznik/${'A'.repeat(5000)}`,
      '/dotaznik/%FF%FE',
      '/dotaznik/.',
    ]) {
      for (const init of [{}, formPost(''), jsonPost(validAnswer)] as RequestInit[]) {
        const response = await app.request(path, init);
        expect(response.status, path).toBeGreaterThanOrEqual(400);
        await checkResponse(response, { path, method: init.method ?? 'GET' });
      }
    }
    await expectUntouched();
  });
});

describe('key rotation', () => {
  it('links signed before a rotation keep working; a dropped key no longer verifies', async () => {
    const newKey = { id: 'k2', secret: randomBytes(32).toString('hex') };
    const previous = deps.linkKeys ?? [];
    expect(previous.length).toBeGreaterThan(0);
    const rotated = createApp({
      ...deps,
      linkSecret: newKey.secret,
      linkKeys: [newKey, ...previous],
    });
    const dropped = createApp({ ...deps, linkSecret: newKey.secret, linkKeys: [newKey] });
    const before = `/zruseni/${janaCancelToken()}`;
    expect((await rotated.request(before)).status).toBe(200);
    const after = `/zruseni/${tokenOf(
      cancelUrl(
        { ...settings(), linkSecret: newKey.secret, linkKeys: [newKey, ...previous] },
        event,
        jana.id,
      ),
    )}`;
    expect((await rotated.request(after)).status).toBe(200);
    // The app before the rotation does not know the new key yet.
    expect((await app.request(after)).status).toBe(400);
    const refused = await dropped.request(before);
    expect(refused.status).toBe(400);
    expectCzechPage(refused, await refused.text());
    await expectUntouched();
  });
});

describe('what links lead to runs out, not the links', () => {
  it('cancelling after the event was held is refused clearly (409), not a 500', async () => {
    const held = await publishedEvent(app, { capacity: 10 });
    const person = await register(held.id, personNames[2]);
    // A link sent before the event was moved to an earlier date still carries the old expiry.
    const token = signToken(deps.linkSecret, {
      purpose: 'cancel',
      id: registrationRef(held.id, person.id),
      exp: Date.now() + 30 * DAY,
    });
    const saved = clock;
    try {
      clock = new Date(Date.now() + 15 * 24 * HOUR);
      const page = await app.request(`/zruseni/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Akce už proběhla');
      const post = await app.request(`/zruseni/${token}`, formPost(''));
      expect(post.status).toBe(409);
      const html = await post.text();
      expectCzechPage(post, html);
      expect(html).toContain('registraci proto nelze zrušit');
    } finally {
      clock = saved;
    }
    expect((await deps.events.getRegistration(held.id, person.id))?.status).toBe('confirmed');
    await drainMailQueue(env);
  });

  it('cancelling for an event the organiser called off, or a second time, is explained', async () => {
    const calledOff = await publishedEvent(app, { capacity: 10 });
    const first = await register(calledOff.id, personNames[3]);
    const second = await register(calledOff.id, personNames[4]);
    const firstToken = tokenOf(cancelUrl(settings(), calledOff, first.id));
    const done = await app.request(`/zruseni/${firstToken}`, formPost(''));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Registrace zrušena');
    const again = await app.request(`/zruseni/${firstToken}`, formPost(''));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Registrace už byla zrušena');

    const cancelled = await app.request(`/api/admin/events/${calledOff.id}/cancel`, {
      method: 'POST',
      headers: organiser,
    });
    expect(cancelled.status).toBe(200);
    const secondToken = tokenOf(cancelUrl(settings(), calledOff, second.id));
    const refused = await app.request(`/zruseni/${secondToken}`, formPost(''));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Akce byla zrušena');
    await drainMailQueue(env);
  });

  it('a survey link after the survey closed gets 410 with the reason, in HTML and JSON', async () => {
    const registrationId = newId();
    const closesAt = new Date(Date.now() + HOUR).toISOString();
    await deps.surveys.createInvitation(
      otherEvent.id,
      registrationId,
      closesAt,
      clock.toISOString(),
    );
    const path = pathOf(surveyUrl(settings(), otherEvent, registrationId));
    const saved = clock;
    try {
      clock = new Date(Date.parse(closesAt));
      const page = await app.request(path);
      expect(page.status).toBe(410);
      const html = await page.text();
      expectCzechPage(page, html);
      expect(html).toContain('Dotazník je uzavřený');
      const json = await app.request(path, jsonPost(validAnswer));
      expect(json.status).toBe(410);
      expect(expectErrorContract(await json.json())[0]?.code).toBe('survey_closed');
      const form = await app.request(path, formPost({ satisfaction: '5', usefulness: '4' }));
      expect(form.status).toBe(410);
    } finally {
      clock = saved;
    }
    expect(await deps.surveys.listAnswers(otherEvent.id)).toEqual([]);
  });

  it('a check-in link needs a signed-in organiser, however genuine it is', async () => {
    const path = pathOf(checkinUrl(settings(), event, jana.id));
    const response = await app.request(path);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/admin\/prihlaseni\?next=/);
    await expectUntouched();
  });
});

describe('generated link mutations', () => {
  it(`refuses ${runBudget.signedLinkTokens} altered tokens on every link endpoint and changes nothing`, async () => {
    const before = await tableItemCount(env);
    const originals = [
      tokenOf(cancelUrl(settings(), event, jana.id)),
      tokenOf(surveyUrl(settings(), event, jana.id)),
      tokenOf(checkinUrl(settings(), event, jana.id)),
    ];
    const base64url = fc.constantFrom(
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''),
    );
    const forgedPayload = fc
      .record(
        {
          p: fc.constantFrom('cancel', 'survey', 'checkin', 'admin', ''),
          i: fc.oneof(
            fc.constant(registrationRef(event.id, jana.id)),
            fc.constant(registrationRef(otherEvent.id, petr.id)),
            fc.string(),
          ),
          e: fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER)),
        },
        { requiredKeys: ['p', 'i'] },
      )
      .map((wire) => Buffer.from(JSON.stringify(wire)).toString('base64url'));
    const mutated = fc.constantFrom(...originals).chain((token) => {
      const [payload = '', signature = ''] = token.split('.');
      return (
        fc
          .oneof(
            fc.tuple(fc.nat(), base64url).map(([at, c]) => {
              const i = at % token.length;
              return token.slice(0, i) + c + token.slice(i + 1);
            }),
            fc.nat().map((at) => token.slice(0, at % token.length)),
            fc.nat().map((at) => {
              const i = at % token.length;
              return token.slice(0, i) + token.slice(i + 1);
            }),
            fc.string({ minLength: 1, maxLength: 20 }).map((extra) => token + extra),
            fc.constantFrom(
              `${signature}.${payload}`,
              token.toUpperCase(),
              token.toLowerCase(),
              `${token}=`,
              token.replace('.', '..'),
              `${payload}.${signature}.${signature}`,
            ),
            forgedPayload.map((forged) => `${forged}.${signature}`),
            fc
              .constantFrom<TokenPurpose>('cancel', 'survey', 'checkin')
              .map((purpose) =>
                signToken(foreignSecret, { purpose, id: registrationRef(event.id, jana.id) }),
              ),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }),
          )
          // "." and ".." are path segments of their own: a URL cannot carry them as a token.
          .filter((candidate) => !originals.includes(candidate) && !/^\.{0,2}$/.test(candidate))
      );
    });
    await fc.assert(
      fc.asyncProperty(mutated, fc.nat({ max: 5 }), async (token, which) => {
        executedTokenRuns += 1;
        const request = linkRequests(token)[which];
        if (!request) throw new Error('no such link request');
        const response = await app.request(request.path, {
          method: request.method,
          ...request.init,
        });
        // 404 also for a path the router cannot match (a token with a slash in it).
        expect([400, 404], `${request.method} ${request.path}`).toContain(response.status);
        await checkResponse(response, request);
      }),
      { numRuns: runBudget.signedLinkTokens },
    );
    expect(await tableItemCount(env)).toBe(before);
    await expectUntouched();
  });
});

describe('the run', () => {
  it('executed every generated input of this file', () => {
    expect(executedTokenRuns).toBe(runBudget.signedLinkTokens);
  });

  it('wrote no email address or name to the logs', () => {
    expect(personalDataIn(logs.lines)).toEqual([]);
  });
});
