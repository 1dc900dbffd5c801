import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registration } from '../../shared/domain/registration';
import type { AppDeps } from '../../shared/web/deps';
import { registrationFieldId } from '../../shared/web/pages/event-page';
import { appUnderTest, drainMailQueue } from '../support/app-under-test';
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
  escapeHtml,
  expectCzechPage,
  expectErrorContract,
  expectNoRawHostile,
  hostileText,
  invalidRegistration,
  oddPieces,
  type RegistrationBody,
  registrationForm,
  uniqueAddress,
  validRegistration,
  wellFormed,
  wrongType,
} from './support/hostile-input';
import { captureLogs, type LogCapture, personalDataIn } from './support/log-capture';

/**
 * The registration endpoints under hostile input: the JSON API and the HTML form. Valid
 * registrations full of markup, bidi overrides, zero-width and combining characters must be
 * stored exactly and shown escaped; anything invalid must be refused with Czech field errors
 * and leave nothing behind: no item, no email.
 */

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let logs: LogCapture;
let jsonEvent: CreatedEvent;
let formEvent: CreatedEvent;
const executed: Record<string, number> = {};

const count = (property: keyof typeof runBudget) => {
  executed[property] = (executed[property] ?? 0) + 1;
};
const runs = (property: keyof typeof runBudget) => ({ numRuns: runBudget[property] });

const apiPath = () => `/api/events/${jsonEvent.id}/registrations`;
const formPath = () => `/akce/${formEvent.id}`;

const bodyLimit = 64 * 1024;

const normalisedEmail = (email: string) => email.trim().toLowerCase();

/** `{"__proto__": …}` as a client can send it: an own key of the parsed body, not a prototype. */
function withProtoKey(json: string): string {
  return json.replace(
    /^\{/,
    '{"__proto__":{"consent":true,"role":"citizen","status":"confirmed"},',
  );
}

async function registrationsOf(eventId: string): Promise<Registration[]> {
  return deps.events.listRegistrations(eventId);
}

/** Exactly the accepted people are stored, with the values they sent (trimmed), nothing else. */
async function expectStoredExactly(eventId: string, accepted: Map<string, RegistrationBody>) {
  const stored = await registrationsOf(eventId);
  expect(stored).toHaveLength(accepted.size);
  for (const registration of stored) {
    const sent = accepted.get(registration.email ?? '');
    expect(sent, `unexpected registration ${registration.id}`).toBeDefined();
    const body = sent as RegistrationBody;
    expect(registration.name).toBe(wellFormed((body.name as string).trim()));
    expect(registration.eventId).toBe(eventId);
    expect(registration.source).toBe('registration');
    expect(registration.status).toMatch(/^(confirmed|waitlisted)$/);
    expect(registration.id).not.toBe(body.id);
    expect(registration.attendedAt).toBeUndefined();
    expect(registration.purgedAt).toBeUndefined();
    const organisation = body.organisation as { name?: string } | undefined;
    const organisationName = organisation?.name?.trim();
    expect(registration.organisationName).toBe(
      organisationName ? wellFormed(organisationName) : undefined,
    );
  }
  return stored;
}

/** The organiser's pages list the stored people; every value must be escaped there. */
async function expectShownEscaped(eventId: string, stored: Registration[]) {
  for (const path of [
    `/admin/akce/${eventId}`,
    `/admin/akce/${eventId}/prezence`,
    `/admin/akce/${eventId}/prezencni-listina`,
  ]) {
    const response = await app.request(path, { headers: organiser });
    expect(response.status).toBe(200);
    const html = await response.text();
    expectNoRawHostile(html);
    if (path === `/admin/akce/${eventId}`) {
      for (const registration of stored) {
        expect(html).toContain(escapeHtml(registration.name ?? ''));
        expect(html).toContain(escapeHtml(registration.email ?? ''));
      }
    }
  }
  // The export opens in Excel: no cell may start a formula.
  const csv = await (
    await app.request(`/api/admin/events/${eventId}/registrations.csv`, { headers: organiser })
  ).text();
  const formulas = parseCsv(csv)
    .flat()
    .filter((cell) => /^[=+\-@\t\r]/.test(cell));
  expect(formulas).toEqual([]);
}

/** Cells of a `;`-separated CSV with quoted fields (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ';') {
      rows.at(-1)?.push(cell);
      cell = '';
    } else if (char === '\r' && source[i + 1] === '\n') {
      rows.at(-1)?.push(cell);
      rows.push([]);
      cell = '';
      i++;
    } else cell += char;
  }
  rows.at(-1)?.push(cell);
  return rows;
}

async function expectMailFor(eventId: string, registrations: number) {
  const messages = (await drainMailQueue(env)).filter(
    (m) => 'eventId' in m && m.eventId === eventId,
  );
  for (const message of messages) {
    expect(message.kind).toMatch(/^registration-(confirmed|waitlisted)$/);
  }
  expect(messages).toHaveLength(registrations);
}

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env));
  logs = captureLogs();
  jsonEvent = await publishedEvent(app);
  formEvent = await publishedEvent(app);
  await drainMailQueue(env);
});

afterAll(() => logs?.stop());

describe('JSON registration API', () => {
  it(`stores ${runBudget.registrationJsonValid} valid registrations with hostile text exactly and shows them escaped`, async () => {
    const accepted = new Map<string, RegistrationBody>();
    await fc.assert(
      fc.asyncProperty(validRegistration, fc.boolean(), async (valid, protoKey) => {
        count('registrationJsonValid');
        const body = { ...valid, email: uniqueAddress(valid.email as string) };
        const text = JSON.stringify(body);
        const response = await app.request(
          apiPath(),
          jsonPost(protoKey ? withProtoKey(text) : text),
        );
        expect(response.status).toBe(201);
        expect(await response.json()).toEqual({
          status: expect.stringMatching(/^(confirmed|waitlisted)$/),
          message: expect.any(String),
        });
        accepted.set(normalisedEmail(body.email), body);
      }),
      runs('registrationJsonValid'),
    );
    const stored = await expectStoredExactly(jsonEvent.id, accepted);
    await expectShownEscaped(jsonEvent.id, stored);
    await expectMailFor(jsonEvent.id, accepted.size);
  });

  it(`refuses ${runBudget.registrationJsonInvalid} broken registrations with a Czech error per field and stores nothing`, async () => {
    const before = await tableItemCount(env);
    await fc.assert(
      fc.asyncProperty(invalidRegistration({ form: false }), async ({ body, fields }) => {
        count('registrationJsonInvalid');
        const sent =
          typeof body.email === 'string' ? { ...body, email: uniqueAddress(body.email) } : body;
        const text = JSON.stringify(sent);
        const response = await app.request(apiPath(), jsonPost(text));
        if (Buffer.byteLength(text) > bodyLimit) {
          expect(response.status).toBe(413);
          return;
        }
        expect(response.status).toBe(400);
        const errors = expectErrorContract(await response.json());
        expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
      }),
      runs('registrationJsonInvalid'),
    );
    expect(await tableItemCount(env)).toBe(before);
    await expectMailFor(jsonEvent.id, 0);
  });

  it(`answers ${runBudget.registrationJsonArbitrary} arbitrary JSON documents and non-JSON texts with 400, never 5xx`, async () => {
    const before = await tableItemCount(env);
    const deepNesting = fc
      .integer({ min: 1_000, max: 20_000 })
      .map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
    const body = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
      fc
        .dictionary(
          fc.oneof(
            fc.constantFrom('name', 'email', 'role', 'organisation', 'consent', '__proto__'),
            fc.string({ maxLength: 8 }),
          ),
          fc.oneof(wrongType, hostileText),
          { maxKeys: 8 },
        )
        .map((value) => JSON.stringify(value)),
      wrongType.map((value) => JSON.stringify(value)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(...oddPieces, '', '{', '{"name":', '\uFEFF{}', 'NaN', 'undefined'),
      deepNesting,
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        count('registrationJsonArbitrary');
        const response = await app.request(apiPath(), jsonPost(text));
        expect(response.status).toBe(400);
        expectErrorContract(await response.json());
      }),
      runs('registrationJsonArbitrary'),
    );
    expect(await tableItemCount(env)).toBe(before);
    await expectMailFor(jsonEvent.id, 0);
  });
});

describe('HTML registration form', () => {
  it(`stores ${runBudget.registrationFormValid} valid form posts with hostile text exactly`, async () => {
    const accepted = new Map<string, RegistrationBody>();
    await fc.assert(
      fc.asyncProperty(validRegistration, async (valid) => {
        count('registrationFormValid');
        const body = { ...valid, email: uniqueAddress(valid.email as string) };
        const response = await app.request(formPath(), formPost(registrationForm(body)));
        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toMatch(
          new RegExp(`^/akce/${formEvent.id}/registrace-odeslana\\?stav=(confirmed|waitlisted)$`),
        );
        accepted.set(normalisedEmail(body.email), body);
      }),
      runs('registrationFormValid'),
    );
    const stored = await expectStoredExactly(formEvent.id, accepted);
    await expectShownEscaped(formEvent.id, stored);
    await expectMailFor(formEvent.id, accepted.size);
  });

  it(`refuses ${runBudget.registrationFormInvalid} broken form posts on the form page, values escaped, nothing stored`, async () => {
    const before = await tableItemCount(env);
    await fc.assert(
      fc.asyncProperty(invalidRegistration({ form: true }), async ({ body, fields }) => {
        count('registrationFormInvalid');
        const form = registrationForm(body);
        const request = formPost(form);
        const response = await app.request(formPath(), request);
        const html = await response.text();
        // Ten thousand "ž" in three fields, percent-encoded, are over the limit: the limit wins.
        if (Buffer.byteLength(request.body as string) > bodyLimit) {
          expect(response.status).toBe(413);
          return;
        }
        expect(response.status).toBe(400);
        expectCzechPage(response, html);
        expect(html).toContain('class="error-summary"');
        for (const field of fields) {
          const id = registrationFieldId(field);
          if (id) expect(html).toContain(`href="#${id}"`);
        }
        // What the person typed comes back, escaped, so they can fix it.
        for (const key of ['name', 'email', 'organisationName', 'ico'] as const) {
          const value = form[key];
          if (value) expect(html).toContain(`value="${escapeHtml(wellFormed(value))}"`);
        }
      }),
      runs('registrationFormInvalid'),
    );
    expect(await tableItemCount(env)).toBe(before);
    await expectMailFor(formEvent.id, 0);
  });

  it(`answers ${runBudget.registrationFormArbitrary} arbitrary urlencoded bodies with the form page, never 5xx`, async () => {
    const before = await tableItemCount(env);
    const key = fc.oneof(
      fc.constantFrom(
        'name',
        'email',
        'role',
        'organisationName',
        'ico',
        'consent',
        'website',
        '__proto__',
        'constructor',
        'toString',
        'consent[]',
        'hasOwnProperty',
      ),
      fc.string({ maxLength: 10 }),
    );
    const fields = fc.array(
      fc.tuple(key, fc.oneof(hostileText, fc.constantFrom(...oddPieces), fc.string())),
      { maxLength: 12 },
    );
    const body = fc.oneof(
      fields.map((pairs) => new URLSearchParams(pairs).toString()),
      // Broken encodings: lone %, invalid UTF-8 escapes, separators only.
      fc.string({
        unit: fc.constantFrom('%', '&', '=', 'a', 'F', '0', 'E', 'D', '+', ';'),
        maxLength: 40,
      }),
      fc.constantFrom('name=%ED%A0%80', 'name=%C0%AF', 'consent=on&consent=off', '&&&==', '%'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        count('registrationFormArbitrary');
        const response = await app.request(formPath(), formPost(text));
        expect(response.status).toBe(400);
        expectCzechPage(response, await response.text());
      }),
      runs('registrationFormArbitrary'),
    );
    expect(await tableItemCount(env)).toBe(before);
    await expectMailFor(formEvent.id, 0);
  });
});

describe('bodies of the wrong type or size', () => {
  const printable = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 40,
  });
  const contentType = fc.oneof(
    fc.constantFrom(
      'text/plain',
      'text/html',
      'text/json',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/jsonp',
      'application/json-patch+json',
      'application/ld+json',
      'application/x-www-form-urlencoded2',
      'json',
      '*/*',
      'image/png',
      '',
    ),
    printable,
    fc.constantFrom(
      'application/json',
      'APPLICATION/JSON',
      'application/json; charset=utf-8',
      ' application/json ;x=y',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded;charset=UTF-8',
    ),
  );
  const mediaType = (type: string) => (type.split(';')[0] ?? '').trim().toLowerCase();

  /** The POST endpoints that read a body, and the media types each accepts. */
  const endpoints = () => [
    { path: apiPath(), accepts: ['application/json', 'application/x-www-form-urlencoded'] },
    { path: formPath(), accepts: ['application/x-www-form-urlencoded'] },
    {
      path: '/dotaznik/bm90LWEtdG9rZW4.c2lnbmF0dXJl',
      accepts: ['application/json', 'application/x-www-form-urlencoded'],
    },
    { path: '/admin/prihlaseni', accepts: ['application/x-www-form-urlencoded'] },
    // The organiser's forms, signed in (without a CSRF token nothing they post is carried out).
    ...[
      `/admin/akce/${formEvent.id}`,
      `/admin/akce/${formEvent.id}/prezence`,
      `/admin/akce/${formEvent.id}/prezence/na-miste`,
      '/admin/odhlaseni',
    ].map((path) => ({
      path,
      accepts: ['application/x-www-form-urlencoded'],
      headers: organiser,
    })),
    {
      path: '/api/admin/events',
      accepts: ['application/json', 'application/x-www-form-urlencoded'],
      headers: organiser,
    },
  ];

  it(`refuses ${runBudget.contentTypes} bodies of other media types with 415`, async () => {
    const before = await tableItemCount(env);
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 100 }),
      hostileText,
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: endpoints().length - 1 }),
        contentType,
        body,
        async (index, type, text) => {
          count('contentTypes');
          const endpoint = endpoints()[index] as {
            path: string;
            accepts: string[];
            headers?: Record<string, string>;
          };
          const response = await app.request(endpoint.path, {
            method: 'POST',
            headers: { ...endpoint.headers, 'content-type': type },
            body: text,
          });
          const sent = mediaType(type === '' ? 'text/plain' : type);
          const checked = await checkResponse(response, { path: endpoint.path, method: 'POST' });
          if (endpoint.accepts.includes(sent)) {
            expect(response.status).not.toBe(415);
          } else {
            expect(response.status).toBe(415);
            if (checked.json !== undefined) {
              expect(expectErrorContract(checked.json)[0]?.code).toBe('unsupported_media_type');
            } else {
              expect(checked.html).toBeDefined();
            }
          }
        },
      ),
      runs('contentTypes'),
    );
    expect(await tableItemCount(env)).toBe(before);
  });

  it(`refuses ${runBudget.oversizedBodies} bodies over 64 kB on every POST and PUT route with 413`, async () => {
    const limit = bodyLimit;
    const routes = app.routes
      .filter((r) => r.method === 'POST' || r.method === 'PUT')
      .map((r) => ({
        method: r.method,
        path: r.path
          .replace(':id', jsonEvent.id)
          .replace(':registrationId', '01ARZ3NDEKTSV4RRFFQ69G5FAV')
          .replace(':token', 'bm90LWEtdG9rZW4.c2lnbmF0dXJl'),
      }));
    expect(routes.length).toBeGreaterThan(10);
    const before = await tableItemCount(env);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.integer({ min: limit + 1, max: 3 * limit }),
        fc.constantFrom('a', 'ž', '€', '😀', '%00'),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
        fc.boolean(),
        fc.boolean(),
        async (route, bytes, unit, type, declareLength, signedIn) => {
          count('oversizedBodies');
          const unitBytes = Buffer.byteLength(unit);
          const body = Buffer.from(unit.repeat(Math.ceil(bytes / unitBytes)));
          const response = await app.request(route.path, {
            method: route.method,
            headers: {
              'content-type': type,
              ...(declareLength ? { 'content-length': String(body.length) } : {}),
              ...(signedIn ? organiser : {}),
            },
            body,
          });
          expect(response.status, `${route.method} ${route.path}`).toBe(413);
          const checked = await checkResponse(response, route);
          if (route.path.startsWith('/api/')) {
            expect(expectErrorContract(checked.json)[0]?.code).toBe('payload_too_large');
          } else {
            expect(checked.html).toContain('64');
          }
        },
      ),
      runs('oversizedBodies'),
    );
    expect(await tableItemCount(env)).toBe(before);
  });

  it('takes a body of exactly 64 kB (the limit counts bytes, not characters)', async () => {
    const response = await app.request(apiPath(), jsonPost('a'.repeat(bodyLimit)));
    expect(response.status).toBe(400);
    const overByOneByte = `${'a'.repeat(bodyLimit - 1)}ž`;
    expect((await app.request(apiPath(), jsonPost(overByOneByte))).status).toBe(413);
  });
});

describe('the run', () => {
  it('executed every generated input of this file', () => {
    const mine = [
      'registrationJsonValid',
      'registrationJsonInvalid',
      'registrationJsonArbitrary',
      'registrationFormValid',
      'registrationFormInvalid',
      'registrationFormArbitrary',
      'contentTypes',
      'oversizedBodies',
    ] as const;
    for (const property of mine) expect(executed[property], property).toBe(runBudget[property]);
  });

  it('wrote no email address or name to the logs', () => {
    expect(personalDataIn(logs.lines)).toEqual([]);
  });
});
