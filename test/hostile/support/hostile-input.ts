import fc from 'fast-check';
import { expect } from 'vitest';
import { roles } from '../../../shared/domain/registration';

/**
 * Hostile input for the property-based suites, and the checks every response must pass.
 *
 * Every hostile payload carries the marker "qz", so a payload reflected without escaping is
 * found in any page, whichever input put it there.
 */

export const hostilePayloads = [
  `<script>alert('qz')</script>`,
  `"><img src=x onerror=alert("qz")>`,
  `'><svg onload=alert('qz')>`,
  `</textarea><b id="qz">`,
  `</title><h1>qz</h1>`,
  `<!--qz-->`,
  `&lt;i&gt;qz&lt;/i&gt;`,
  `qz<qz>qz"qz'qz&qz`,
] as const;

/**
 * A character HTML must escape, between two markers. Only the input can put it there, so the
 * raw form in a page means that character was not escaped, even when the rest of the payload was.
 */
const escapeProbes = ['<', '>', '"', "'", '&'].map((c) => `qz${c}qz`);

/** RTL and bidi overrides, zero-width characters, combining marks, lone surrogates, NUL… */
export const oddPieces = [
  '\u202E',
  '\u202D',
  '\u2066',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\u0301',
  'e\u0301\u0308',
  '\uD800',
  '\uDFFF',
  '\u0000',
  '\u0007',
  '\r\n',
  '\t',
  '\u00A0',
  '\u2028',
  '😀',
  '𝕏',
  'Řeřicha',
  '\\',
  '%00',
  '%%',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose.
  '${7*7}',
  '{{7*7}}',
  "' OR '1'='1' --",
  '=HYPERLINK("https://example.invalid")',
  '@SUM(A1:A9)',
  '+420 ',
  '-1+2',
  '../../etc/passwd',
] as const;

const filler = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 3, arbitrary: fc.constantFrom(...oddPieces) },
);

/** Czech people the suites register; their surnames must never reach a log. */
export const personNames = [
  'Jana Nováková',
  'Petr Svoboda',
  'Eva Dvořáková',
  'Karel Novotný',
  'Alena Černá',
  'Tomáš Procházka',
] as const;

export const personSurnames = personNames.map((n) => n.split(' ')[1] ?? n);

/** A short hostile text (under 120 UTF-16 units), never blank after trimming. */
export const hostileText = fc
  .tuple(filler, fc.constantFrom(...hostilePayloads), filler)
  .map(([a, payload, b]) => `${a}${payload}${b}`);

/** A person's name with hostile parts around it: a valid name for the registration form. */
export const hostileName = fc
  .tuple(filler, fc.constantFrom(...personNames), fc.constantFrom(...hostilePayloads), filler)
  .map(([a, name, payload, b]) => `${a}${name} ${payload}${b}`);

/**
 * More than `min` characters and not blank: one over the limit, or 10k. Limits count code
 * points (an emoji is one character), so the padding does too.
 */
export const longText = (min: number) =>
  fc
    .tuple(fc.constantFrom(min + 1, min + 57, 10_000), hostileText)
    .map(([length, text]) => text + 'ž'.repeat(length));

/** A value of the wrong type where a string (or `true`) is expected. */
export const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Valid IČO spellings (as pasted from letterheads too), or none. */
const validIco = fc.constantFrom(undefined, '', '70891508', '708 91 508', '00260428', ' 00262978 ');

/**
 * Address templates valid for the registration form; `{n}` becomes a number unique to the run,
 * so every valid registration is a new person and none is taken for a repeat.
 */
const emailTemplate = fc.constantFrom(
  'Jana.Novakova+{n}@Example.CZ',
  "  o'brien-{n}@mesto-liberec.cz ",
  'petr_svoboda.{n}@sub.domain.example.cz',
  'EVA+{n}@EXAMPLE.COM',
);

export interface RegistrationBody {
  name: unknown;
  email: unknown;
  role: unknown;
  organisation?: unknown;
  consent: unknown;
  website?: unknown;
  [extra: string]: unknown;
}

/** Fields a client might try to set itself; the server must ignore every one of them. */
const massAssignment = fc.record(
  {
    id: fc.constant('01ARZ3NDEKTSV4RRFFQ69G5FAV'),
    eventId: fc.constant('01ARZ3NDEKTSV4RRFFQ69G5FAV'),
    status: fc.constantFrom('confirmed', 'cancelled'),
    source: fc.constant('walk-in'),
    attendedAt: fc.constant('2020-01-01T00:00:00.000Z'),
    purgedAt: fc.constant('2020-01-01T00:00:00.000Z'),
    isOrganiser: fc.constant(true),
  },
  { requiredKeys: [] },
);

const organisationRoles = new Set(['clerk', 'mayor', 'regional-staff']);

/** A registration the server must accept: hostile but valid strings, maybe extra fields. */
export const validRegistration: fc.Arbitrary<RegistrationBody> = fc
  .record({
    name: hostileName,
    email: emailTemplate,
    role: fc.constantFrom(...roles),
    organisationName: hostileText,
    withOrganisation: fc.boolean(),
    ico: validIco,
    extra: massAssignment,
  })
  .map(({ name, email, role, organisationName, withOrganisation, ico, extra }) => {
    const organisation =
      withOrganisation || organisationRoles.has(role)
        ? { name: organisationName, ...(ico === undefined ? {} : { ico }) }
        : undefined;
    return {
      ...extra,
      name,
      email,
      role,
      ...(organisation ? { organisation } : {}),
      consent: true,
    };
  });

/**
 * One change that makes a valid registration invalid. `field` is the error it must cause:
 * always, or (`alone`) only when nothing else is wrong, as the organisation rule runs only on
 * an otherwise valid body. `inForm`: the change survives the trip through the HTML form (a
 * number typed as a name is just text there).
 */
export interface Mutation {
  slot: string;
  field: string;
  alone?: boolean;
  inForm: boolean;
  apply: (body: RegistrationBody) => void;
}

const set =
  (field: string, value: unknown) =>
  (body: RegistrationBody): void => {
    body[field] = value;
  };

const registrationMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('name', 'email', 'role', 'consent').map(
    (field): Mutation => ({
      slot: field,
      field,
      inForm: true,
      apply: (body) => {
        delete body[field];
      },
    }),
  ),
  fc.tuple(fc.constantFrom('name', 'email', 'role'), wrongType).map(
    ([field, value]): Mutation => ({
      slot: field,
      field,
      inForm: field !== 'name',
      apply: set(field, value),
    }),
  ),
  fc
    .oneof(wrongType, fc.constantFrom('true', 'on', 1, 'ano', false), hostileText)
    .filter((value) => value !== true)
    .map(
      (value): Mutation => ({
        slot: 'consent',
        field: 'consent',
        inForm: true,
        apply: set('consent', value),
      }),
    ),
  longText(200).map(
    (value): Mutation => ({ slot: 'name', field: 'name', inForm: true, apply: set('name', value) }),
  ),
  fc.constantFrom(' ', '\t\r\n', '\uFEFF', '\u00A0 ').map(
    (blank): Mutation => ({
      slot: 'name',
      field: 'name',
      inForm: true,
      apply: set('name', blank),
    }),
  ),
  fc
    .oneof(
      hostileText,
      longText(254),
      fc.constantFrom('jana@', '@example.cz', 'jana@@x.cz', 'a b@c.cz', 'jana.novakova'),
    )
    .map(
      (value): Mutation => ({
        slot: 'email',
        field: 'email',
        inForm: true,
        apply: set('email', value),
      }),
    ),
  hostileText.map(
    (value): Mutation => ({ slot: 'role', field: 'role', inForm: true, apply: set('role', value) }),
  ),
  fc.oneof(hostileText, fc.constantFrom('x', '0', 'https://example.cz')).map(
    (value): Mutation => ({
      slot: 'website',
      field: 'website',
      inForm: true,
      apply: set('website', value),
    }),
  ),
  fc
    .oneof(
      fc.constantFrom('70891509', '1234567', '123456789', 'ABCDEFGH', '7089150８'),
      hostileText,
    )
    .map(
      (ico): Mutation => ({
        slot: 'organisation',
        field: 'organisation.ico',
        inForm: true,
        apply: set('organisation', { name: 'Obec Bílý Kostel nad Nisou', ico }),
      }),
    ),
  longText(200).map(
    (name): Mutation => ({
      slot: 'organisation',
      field: 'organisation.name',
      inForm: true,
      apply: set('organisation', { name }),
    }),
  ),
  fc
    .tuple(
      fc.constantFrom('clerk', 'mayor', 'regional-staff'),
      fc.constantFrom('', '   ', undefined),
    )
    .map(
      ([role, name]): Mutation => ({
        slot: 'organisation',
        field: 'organisation.name',
        alone: true,
        inForm: true,
        apply: (body) => {
          // Only a valid role is replaced: a broken role (another change) stays broken.
          if ((roles as readonly unknown[]).includes(body.role)) body.role = role;
          if (name === undefined) delete body.organisation;
          else body.organisation = { name };
        },
      }),
    ),
);

/** A valid registration broken in one to three ways, and the fields that must be named. */
export const invalidRegistration = (options: { form: boolean }) =>
  fc
    .tuple(
      validRegistration,
      fc.uniqueArray(
        options.form ? registrationMutation.filter((m) => m.inForm) : registrationMutation,
        { minLength: 1, maxLength: 3, selector: (m) => m.slot },
      ),
    )
    .map(([valid, mutations]) => {
      const body: RegistrationBody = structuredClone(valid);
      // The organisation rule last, so that its role is the one the body ends with.
      const ordered = [...mutations].sort(
        (a, b) => Number(a.alone ?? false) - Number(b.alone ?? false),
      );
      for (const mutation of ordered) mutation.apply(body);
      const fields = mutations
        .filter((m) => !m.alone || mutations.length === 1)
        .map((m) => m.field);
      return { body, fields };
    });

/** The form's flat fields for a registration body (strings only, as a browser sends them). */
export function registrationForm(body: RegistrationBody): Record<string, string> {
  const form: Record<string, string> = {};
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  if (body.name !== undefined) form.name = text(body.name);
  if (body.email !== undefined) form.email = text(body.email);
  if (body.role !== undefined) form.role = text(body.role);
  const organisation = body.organisation as { name?: unknown; ico?: unknown } | undefined;
  if (organisation && typeof organisation === 'object') {
    if (organisation.name !== undefined) form.organisationName = text(organisation.name);
    if (organisation.ico !== undefined) form.ico = text(organisation.ico);
  }
  if (body.consent === true) form.consent = 'on';
  if (body.website !== undefined) form.website = text(body.website);
  return form;
}

/** `{n}` in an address template → a number no other request of this run has used. */
let addressCounter = 0;
export function uniqueAddress(template: string): string {
  addressCounter += 1;
  return template.replace('{n}', `${process.pid}-${addressCounter}`);
}

// --- Checks on responses ---

/** What a UTF-8 body does with lone surrogates: each becomes U+FFFD. */
export const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** The escaping hono/jsx applies to text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Payloads or escape probes present unescaped in the page. */
export function rawHostileIn(html: string): string[] {
  return [...hostilePayloads, ...escapeProbes].filter((payload) => html.includes(payload));
}

export function expectNoRawHostile(html: string): void {
  const raw = rawHostileIn(html);
  if (raw.length > 0) expect(raw).toEqual([]);
}

const englishLeak = /\b(invalid|expected|received|error|undefined|null|NaN|object|exception)\b/i;

/** A sentence for people: Czech, capitalised, finished, without leaked English internals. */
export function isCzechSentence(message: unknown): boolean {
  return (
    typeof message === 'string' &&
    /^[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]/.test(message) &&
    /[.!?]$/.test(message) &&
    !englishLeak.test(message)
  );
}

export interface ApiFieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Why a body breaks the JSON error contract (`{ errors: [{ field, code, message }] }`, one
 * error per field, a Czech message each), or undefined when it keeps it. Plain checks: they run
 * on every one of thousands of responses.
 */
export function errorContractProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'not an object';
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'errors') return `keys ${keys.join(',')}`;
  const errors = (body as { errors: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty array';
  const fields = new Set<string>();
  for (const error of errors) {
    if (typeof error !== 'object' || error === null) return 'an error is not an object';
    const { field, code, message, ...rest } = error as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return `extra keys ${Object.keys(rest).join(',')}`;
    if (typeof field !== 'string') return 'field is not a string';
    if (typeof code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(code)) return `code ${String(code)}`;
    if (!isCzechSentence(message)) return `not a Czech sentence: ${String(message)}`;
    if (fields.has(field)) return `two errors for ${field}`;
    fields.add(field);
  }
  return undefined;
}

export function expectErrorContract(body: unknown): ApiFieldError[] {
  const problem = errorContractProblem(body);
  if (problem) expect.fail(`${problem}: ${JSON.stringify(body).slice(0, 500)}`);
  return (body as { errors: ApiFieldError[] }).errors;
}

/** An HTML page of this site: Czech, a heading, no unescaped hostile payload. */
export function expectCzechPage(response: Response, html: string): void {
  const type = response.headers.get('content-type') ?? '';
  const raw = rawHostileIn(html);
  if (
    !type.startsWith('text/html') ||
    !html.includes('<html lang="cs"') ||
    !/<h1[\s>]/.test(html) ||
    raw.length > 0
  ) {
    expect(type).toMatch(/^text\/html/);
    expect(html).toContain('<html lang="cs"');
    expect(html).toMatch(/<h1[\s>]/);
    expect(raw).toEqual([]);
  }
}

/** A redirect that stays on this site (no open redirect to another host). */
export function expectSameSiteRedirect(response: Response): void {
  const location = response.headers.get('location') ?? '';
  if (!/^\/(?![/\\])/.test(location)) expect(location).toMatch(/^\/(?![/\\])/);
}

/**
 * Checks any response of the app: never a 5xx; JSON errors follow the contract, HTML pages are
 * Czech and escaped, redirects stay on the site. Returns the parsed JSON or the HTML text.
 */
export async function checkResponse(
  response: Response,
  request: { path: string; method: string },
): Promise<{ json?: unknown; html?: string }> {
  if (response.status >= 500) {
    expect.fail(`${request.method} ${request.path.slice(0, 300)} answered ${response.status}`);
  }
  if (response.status >= 300 && response.status < 400) {
    expectSameSiteRedirect(response);
    return {};
  }
  if (request.method === 'HEAD') return {};
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const json: unknown = await response.json();
    if (response.status >= 400) expectErrorContract(json);
    return { json };
  }
  const text = await response.text();
  if (type.startsWith('text/html')) {
    expectCzechPage(response, text);
    return { html: text };
  }
  expectNoRawHostile(text);
  return {};
}
