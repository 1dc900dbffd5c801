import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/ids';
import { organiserSessionValue } from '../../shared/web/auth';
import type { AppDeps } from '../../shared/web/deps';
import { surveyUrl } from '../../shared/web/links';
import { adminHeaders, appUnderTest, drainMailQueue } from '../support/app-under-test';
import { inDays } from '../support/fixtures';
import { createTestEnvironment, type TestEnvironment, testAdminToken } from '../support/test-stack';
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
  escapeHtml,
  expectCzechPage,
  expectErrorContract,
  expectNoRawHostile,
  hostilePayloads,
  hostileText,
  longText,
  oddPieces,
  wellFormed,
  wrongType,
} from './support/hostile-input';
import { captureLogs, type LogCapture, personalDataIn } from './support/log-capture';

/**
 * The rest of the public surface under generated input: every route with hostile path segments,
 * query strings, methods and bodies; the survey answer endpoint; organiser texts on public pages;
 * the open indicator data. Never a 5xx, errors in Czech by the contract, every page escaped.
 */

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let logs: LogCapture;
let publicEvent: CreatedEvent;
let surveyEvent: CreatedEvent;
let organiserEvent: CreatedEvent;
const invitations: string[] = [];
const executed: Record<string, number> = {};

const count = (property: keyof typeof runBudget) => {
  executed[property] = (executed[property] ?? 0) + 1;
};
const bodyLimit = 64 * 1024;

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env));
  logs = captureLogs();
  publicEvent = await publishedEvent(app);
  surveyEvent = await publishedEvent(app);
  organiserEvent = await publishedEvent(app);
  const closesAt = inDays(14);
  for (let i = 0; i < 120; i++) {
    const registrationId = newId();
    await deps.surveys.createInvitation(
      surveyEvent.id,
      registrationId,
      closesAt,
      new Date().toISOString(),
    );
    invitations.push(registrationId);
  }
  await drainMailQueue(env);
});

afterAll(() => logs?.stop());

describe('every route', () => {
  it(`answers ${runBudget.routes} requests with hostile paths, queries, methods and bodies without a 5xx`, async () => {
    // Every route with the method it was registered for, and a few that match nothing.
    const templates = [
      ...new Map(
        app.routes
          .filter((r) => r.method !== 'ALL')
          .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }]),
      ).values(),
      { method: 'GET', path: '/:x' },
      { method: 'POST', path: '/api/:x/:y' },
      { method: 'GET', path: '/admin/:x/:y/:z' },
    ];
    const weirdSegment = fc.constantFrom(
      '%',
      '%00',
      '%2F',
      '%E0%A4%A',
      '%FF',
      '...',
      'latest.csv',
      '2025.json',
      '9999.csv',
      encodeURIComponent(hostilePayloads[0]),
      ';',
      '~',
      '*',
      '',
    );
    const segment = (signedIn: boolean) =>
      fc.oneof(
        // With the organiser's token, an event of its own: a random POST may cancel that one.
        fc.constant(signedIn ? organiserEvent.id : publicEvent.id),
        fc.constant(newId()),
        fc.string({ unit: 'binary', maxLength: 30 }).map((s) => encodeURIComponent(wellFormed(s))),
        weirdSegment,
        fc.constant('Z'.repeat(3000)),
      );
    const queryValue = fc.oneof(
      hostileText,
      fc.constantFrom(...oddPieces),
      fc.constantFrom(
        '2025',
        '1999',
        '2101',
        '//evil.example',
        '/\\evil.example',
        'https://evil.example',
        '/admin',
        'javascript:alert(1)',
        'confirmed',
        '1',
        'Z'.repeat(3000),
      ),
    );
    const query = fc.oneof(
      fc.constant(''),
      fc
        .dictionary(
          fc.oneof(
            fc.constantFrom(
              'year',
              'rok',
              'ctvrtleti',
              'stav',
              'next',
              'q',
              'zmena',
              'odhlaseno',
              'code',
              'state',
              'error',
            ),
            fc.string({ maxLength: 6 }),
          ),
          queryValue,
          { maxKeys: 4 },
        )
        .map((params) => `?${new URLSearchParams(params)}`),
      fc
        .string({
          unit: fc.constantFrom('%', '&', '=', '?', 'a', '0', 'F', '+', '#'),
          maxLength: 20,
        })
        .map((raw) => `?${raw}`),
    );
    const body = fc.option(
      fc.tuple(
        fc.constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          'text/plain',
          'multipart/form-data; boundary=x',
        ),
        fc.oneof(
          hostileText,
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
          fc
            .dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 4 })
            .map((d) => new URLSearchParams(d).toString()),
        ),
      ),
      { nil: undefined },
    );
    const credentials = fc.constantFrom(
      {},
      organiser,
      { cookie: `organiser_session=${organiserSessionValue(testAdminToken, Date.now())}` },
      { authorization: 'Bearer nope' },
    );
    const request = fc
      .tuple(fc.constantFrom(...templates), credentials)
      .chain(([{ method: registered, path: template }, headers]) => {
        const signedIn = Object.keys(headers).length > 0;
        const names = template.match(/:\w+/g) ?? [];
        return fc.record({
          path: fc
            .tuple(...names.map(() => segment(signedIn)))
            .map((values) =>
              names.reduce((path, name, i) => path.replace(name, values[i] ?? ''), template),
            ),
          query,
          method: fc.oneof(
            { weight: 7, arbitrary: fc.constant(registered) },
            {
              weight: 3,
              arbitrary: fc.constantFrom(
                'GET',
                'POST',
                'PUT',
                'DELETE',
                'PATCH',
                'HEAD',
                'OPTIONS',
              ),
            },
          ),
          body,
          headers: fc.constant(headers as Record<string, string>),
        });
      });

    const before = await tableItemCount(env);
    await fc.assert(
      fc.asyncProperty(request, async ({ path, query, method, body, headers }) => {
        count('routes');
        const carriesBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
        const response = await app.request(`${path}${query}`, {
          method,
          headers: { ...headers, ...(carriesBody ? { 'content-type': body[0] } : {}) },
          ...(carriesBody ? { body: body[1] } : {}),
        });
        await checkResponse(response, { path, method });
      }),
      { numRuns: runBudget.routes },
    );
    expect(await tableItemCount(env)).toBe(before);
    expect(await drainMailQueue(env)).toEqual([]);
  });
});

describe('organiser routes, signed in', () => {
  it('take absurd ids and query values on every route without a 5xx', async () => {
    const routes = app.routes.filter(
      (r) => r.method !== 'ALL' && /^\/(api\/)?admin/.test(r.path) && r.path.includes(':'),
    );
    expect(routes.length).toBeGreaterThan(10);
    const before = await tableItemCount(env);
    const absurd = ['Z'.repeat(3000), newId(), '%00', encodeURIComponent(hostilePayloads[1])];
    const query = `?${new URLSearchParams({ zmena: 'Z'.repeat(3000), q: 'Z'.repeat(3000), stav: hostilePayloads[0] })}`;
    for (const route of routes) {
      // The event found and the rest absurd reaches deeper than all of it absurd.
      for (const [value, eventId] of absurd.flatMap((v): [string, string][] => [
        [v, v],
        [v, organiserEvent.id],
      ])) {
        const path = route.path.replace(/:id\b/, eventId).replace(/:\w+/g, value);
        for (const body of [
          jsonPost('{}', organiser),
          formPost({ registrationId: value }, organiser),
        ]) {
          const response = await app.request(`${path}${query}`, {
            ...(route.method === 'GET' ? { headers: organiser } : body),
            method: route.method,
          });
          await checkResponse(response, { path, method: route.method });
        }
      }
    }
    expect(await tableItemCount(env)).toBe(before);
  });
});

describe('survey answers', () => {
  interface AnswerBody {
    [field: string]: unknown;
  }
  interface AnswerMutation {
    slot: string;
    /** The refusal still holds once the value went through the HTML form's text fields. */
    inForm: boolean;
    apply: (body: AnswerBody) => void;
  }
  const score = fc.integer({ min: 1, max: 5 });
  const freeText = fc.oneof(
    hostileText,
    fc.constantFrom(...oddPieces, '', '   '),
    fc.tuple(hostileText, hostileText).map(([a, b]) => `${a}\r\n${b}\n`),
  );
  const validAnswer = fc.record(
    {
      satisfaction: score,
      usefulness: score,
      recommend: fc.boolean(),
      comment: freeText,
      topics: freeText,
    },
    { requiredKeys: ['satisfaction', 'usefulness'] },
  );
  const notAScore = (value: unknown) =>
    !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5);
  const mutation: fc.Arbitrary<AnswerMutation> = fc.oneof(
    fc.constantFrom('satisfaction', 'usefulness').map((slot) => ({
      slot,
      inForm: true,
      apply: (body: AnswerBody) => {
        delete body[slot];
      },
    })),
    fc
      .tuple(
        fc.constantFrom('satisfaction', 'usefulness'),
        fc.oneof(
          fc.constantFrom(0, 6, -1, 2.5, 1e9, Number.NaN, 'five', '٣'),
          wrongType.filter(notAScore),
        ),
      )
      .map(([slot, value]) => ({
        slot,
        inForm: true,
        apply: (body: AnswerBody) => {
          body[slot] = value;
        },
      })),
    fc.constantFrom('satisfaction', 'usefulness').map((slot) => ({
      slot,
      // The form reads "3" as the number 3; JSON must send a number.
      inForm: false,
      apply: (body: AnswerBody) => {
        body[slot] = '3';
      },
    })),
    fc.oneof(fc.constantFrom('maybe', 1, null, []), hostileText).map((value) => ({
      slot: 'recommend',
      inForm: true,
      apply: (body: AnswerBody) => {
        body.recommend = value;
      },
    })),
    fc.constant({
      slot: 'recommend',
      inForm: false,
      apply: (body: AnswerBody) => {
        body.recommend = 'ano';
      },
    }),
    fc.tuple(fc.constantFrom('comment', 'topics'), longText(2000)).map(([slot, value]) => ({
      slot,
      inForm: true,
      apply: (body: AnswerBody) => {
        body[slot] = value;
      },
    })),
    fc.tuple(fc.constantFrom('comment', 'topics'), wrongType).map(([slot, value]) => ({
      slot,
      inForm: false,
      apply: (body: AnswerBody) => {
        body[slot] = value;
      },
    })),
  );
  const answerForm = (body: AnswerBody): Record<string, string> => {
    const form: Record<string, string> = {};
    for (const [field, value] of Object.entries(body)) {
      if (value === undefined) continue;
      if (field === 'recommend' && typeof value === 'boolean') form[field] = value ? 'ano' : 'ne';
      else if (typeof value === 'string') form[field] = value;
      else form[field] = typeof value === 'number' ? String(value) : JSON.stringify(value);
    }
    return form;
  };

  it(`stores ${runBudget.surveyAnswers} generated answers once per link, refuses the rest in Czech, shows comments escaped`, async () => {
    const answered = new Set<string>();
    const stored: AnswerBody[] = [];
    const run = fc.record({
      link: fc.nat({ max: invitations.length - 1 }),
      transport: fc.constantFrom('json', 'form'),
      answer: fc.oneof(
        {
          weight: 1,
          arbitrary: validAnswer.map((body) => ({
            body,
            broken: [] as string[],
            brokenInForm: [] as string[],
          })),
        },
        {
          weight: 9,
          arbitrary: fc
            .tuple(
              validAnswer,
              fc.uniqueArray(mutation, { minLength: 1, maxLength: 3, selector: (m) => m.slot }),
            )
            .map(([valid, mutations]) => {
              const body: AnswerBody = structuredClone(valid);
              for (const m of mutations) m.apply(body);
              return {
                body,
                broken: mutations.map((m) => m.slot),
                brokenInForm: mutations.filter((m) => m.inForm).map((m) => m.slot),
              };
            }),
        },
      ),
    });
    await fc.assert(
      fc.asyncProperty(run, async ({ link, transport, answer }) => {
        count('surveyAnswers');
        const registrationId = invitations[link] ?? '';
        const path = new URL(
          surveyUrl(
            { publicBaseUrl: 'https://example.cz', linkSecret: deps.linkSecret },
            surveyEvent,
            registrationId,
          ),
        ).pathname;
        const json = transport === 'json';
        const init = json
          ? jsonPost(JSON.stringify(answer.body))
          : formPost(answerForm(answer.body));
        const response = await app.request(path, init);
        const checked = await checkResponse(response, { path, method: 'POST' });
        if (Buffer.byteLength(init.body as string) > bodyLimit) {
          expect(response.status).toBe(413);
          return;
        }
        if (answered.has(registrationId)) {
          expect(response.status).toBe(409);
          if (json) expect(expectErrorContract(checked.json)[0]?.code).toBe('already_answered');
          else expect(checked.html).toContain('Už jste odpověděli');
          return;
        }
        // A "3" or "ano" is what the form's fields send anyway: only JSON must refuse them.
        const broken = json ? answer.broken : answer.brokenInForm;
        if (broken.length === 0) {
          expect(response.status).toBe(201);
          answered.add(registrationId);
          stored.push(json ? answer.body : answerForm(answer.body));
          return;
        }
        expect(response.status).toBe(400);
        if (json) {
          const fields = expectErrorContract(checked.json).map((e) => e.field);
          expect(fields).toEqual(expect.arrayContaining(broken));
          return;
        }
        const html = checked.html ?? '';
        expect(html).toContain('class="error-summary"');
        for (const field of broken) expect(html).toContain(`href="#${field}`);
        const form = answerForm(answer.body);
        for (const field of ['comment', 'topics']) {
          const value = form[field];
          if (value) expect(html).toContain(escapeHtml(wellFormed(value)));
        }
      }),
      { numRuns: runBudget.surveyAnswers },
    );
    expect(answered.size).toBeGreaterThan(0);
    const answers = await deps.surveys.listAnswers(surveyEvent.id);
    expect(answers).toHaveLength(answered.size);
    const expected = (field: 'comment' | 'topics') =>
      stored
        .map((body) => (typeof body[field] === 'string' ? wellFormed(body[field]).trim() : ''))
        .filter(Boolean)
        .sort();
    expect(answers.flatMap((a) => (a.comment ? [a.comment] : [])).sort()).toEqual(
      expected('comment'),
    );
    expect(answers.flatMap((a) => (a.topics ? [a.topics] : [])).sort()).toEqual(expected('topics'));
    // Nothing that leads back to the person rides along with an answer.
    for (const a of answers) {
      expect(Object.keys(a).sort()).toEqual(
        expect.arrayContaining(['answeredOn', 'eventId', 'satisfaction', 'usefulness']),
      );
      expect(JSON.stringify(a)).not.toMatch(new RegExp(invitations.join('|')));
    }

    const page = await app.request(`/admin/akce/${surveyEvent.id}/dotaznik`, {
      headers: organiser,
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expectCzechPage(page, html);
    for (const text of [...expected('comment'), ...expected('topics')]) {
      for (const line of text.split(/\r?\n/).filter((l) => l.trim())) {
        expect(html).toContain(escapeHtml(line));
      }
    }
  });
});

describe('organiser texts on public pages', () => {
  it(`escapes ${runBudget.eventTexts} hostile event titles, descriptions and venues everywhere they are shown`, async () => {
    const shown: string[] = [];
    const onlineUrl = fc.constantFrom(
      undefined,
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      `https://example.cz/"><script>alert('qz')</script>`,
      'https://example.cz/kurz?a=1&b=2',
    );
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.oneof(
          hostileText,
          fc.tuple(hostileText, hostileText).map(([a, b]) => `${a}\n\n${b}`),
        ),
        hostileText,
        fc.array(fc.constantFrom(...hostilePayloads), { maxLength: 3 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, onlineUrl),
        async (title, description, venue, topics, url) => {
          count('eventTexts');
          const response = await app.request('/api/admin/events', {
            method: 'POST',
            headers: adminHeaders,
            body: JSON.stringify({
              title,
              description,
              venue,
              topics,
              ...(url === undefined ? {} : { onlineUrl: url }),
              format: 'seminar',
              startsAt: inDays(20),
              endsAt: inDays(20, 2),
              capacity: 10,
              modernTechFocus: true,
              status: 'published',
            }),
          });
          if (response.status === 400) {
            expectErrorContract(await response.json());
            return;
          }
          expect(response.status).toBe(201);
          const created = (await response.json()) as CreatedEvent & { onlineUrl: string | null };
          expect(created.onlineUrl ?? '').toMatch(/^(https:\/\/|$)/);
          const page = await app.request(`/akce/${created.id}`);
          expect(page.status).toBe(200);
          const html = await page.text();
          expectCzechPage(page, html);
          expect(html).toContain(`<h1>${escapeHtml(wellFormed(title).trim())}</h1>`);
          expect(html).not.toMatch(/href="\s*(javascript|data):/i);
          shown.push(wellFormed(title).trim());
          const api = await app.request(`/api/events/${created.id}`);
          expect(((await api.json()) as { title: string }).title).toBe(wellFormed(title).trim());
        },
      ),
      { numRuns: runBudget.eventTexts },
    );
    // Only the javascript: and data: addresses may be refused; everything else is shown.
    expect(shown.length).toBeGreaterThan(runBudget.eventTexts / 2);
    const list = await app.request('/');
    const html = await list.text();
    expectCzechPage(list, html);
    for (const title of shown) expect(html).toContain(escapeHtml(title));
    for (const path of ['/admin', '/admin/prehled']) {
      const page = await app.request(path, { headers: organiser });
      expectNoRawHostile(await page.text());
    }
  });
});

describe('open indicator data and the dashboard', () => {
  it(`answers ${runBudget.indicatorYears} generated years: the year, or a Czech refusal`, async () => {
    const year = fc.oneof(
      fc.integer({ min: 1990, max: 2110 }).map(String),
      fc.constantFrom(
        '',
        ' 2025 ',
        '２０２５',
        '2025.0',
        '+2025',
        '0x7e9',
        '1e3',
        '02025',
        '-2025',
      ),
      hostileText,
      fc.string({ maxLength: 10 }),
    );
    const quarter = fc.oneof(
      fc.constantFrom('', '1', '4', '5', '0', ' 2 ', 'Q1', '1.0'),
      hostileText,
    );
    await fc.assert(
      fc.asyncProperty(year, quarter, async (rawYear, rawQuarter) => {
        count('indicatorYears');
        const value = wellFormed(rawYear).trim();
        const yearOk =
          value === '' || (/^\d{4}$/.test(value) && Number(value) >= 2000 && Number(value) <= 2100);
        const openData = `/api/indicators?${new URLSearchParams({ year: rawYear })}`;
        const api = await app.request(openData);
        const { json } = await checkResponse(api, { path: openData, method: 'GET' });
        if (yearOk) {
          expect(api.status).toBe(200);
          expect(json).toMatchObject({ year: expect.any(Number) });
        } else {
          expect(api.status).toBe(400);
          const [error] = expectErrorContract(json);
          expect(error?.field).toBe('year');
          expect(['invalid_year', 'year_out_of_range']).toContain(error?.code);
        }
        const quarterOk = /^[1-4]?$/.test(wellFormed(rawQuarter).trim());
        const dashboard = `/admin/prehled?${new URLSearchParams({ rok: rawYear, ctvrtleti: rawQuarter })}`;
        const page = await app.request(dashboard, { headers: organiser });
        const { html } = await checkResponse(page, { path: dashboard, method: 'GET' });
        expect(page.status).toBe(yearOk && quarterOk ? 200 : 400);
        expect(html).toContain(`value="${escapeHtml(value)}"`);
      }),
      { numRuns: runBudget.indicatorYears },
    );
  });
});

describe('the run', () => {
  it('executed every generated input of this file', () => {
    for (const property of ['routes', 'surveyAnswers', 'eventTexts', 'indicatorYears'] as const) {
      expect(executed[property], property).toBe(runBudget[property]);
    }
  });

  it('wrote no email address or name to the logs', () => {
    expect(personalDataIn(logs.lines)).toEqual([]);
  });
});
