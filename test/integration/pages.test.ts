import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { atPragueTime } from '../../shared/domain/prague-time';
import {
  isValidOrganiserSession,
  organiserSessionSeconds,
  organiserSessionValue,
} from '../../shared/web/auth';
import { cancelUrl } from '../../shared/web/links';
import { czechTextProblems } from '../support/czech-text';
import { inDays } from '../support/fixtures';
import {
  createTestEnvironment,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  testAdminToken,
  waitFor,
} from '../support/test-stack';

let env: TestEnvironment;
let runtime: Runtime;

const adminCookie = `organiser_session=${organiserSessionValue(testAdminToken, Date.now())}`;
const unique = () => randomBytes(5).toString('hex');

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}${path}`, { headers, redirect: 'manual' });

const postForm = (
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) =>
  fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

interface ApiEvent {
  id: string;
  title: string;
  status: string;
  storedStatus: string;
  seatsLeft: number;
  startsAt: string;
  endsAt: string;
  registrationOpensAt: string | null;
  topics: string[];
  targetGroups: string[];
  modernTechFocus: boolean;
  capacity: number;
  format: string;
}
interface ApiRegistration {
  id: string;
  name: string | null;
  email: string | null;
  status: string;
}

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${runtime.url}/api/admin${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${testAdminToken}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });

async function createEvent(overrides: Record<string, unknown> = {}): Promise<ApiEvent> {
  const response = await api('/events', {
    method: 'POST',
    body: JSON.stringify({
      title: `Kybernetická bezpečnost na obecním úřadě ${unique()}`,
      description: 'Jak poznat podvodný e-mail.\n\nPraktická cvičení.',
      format: 'workshop',
      startsAt: inDays(14),
      endsAt: inDays(14, 3),
      venue: 'Krajský úřad, U Jezu 642/2a, Liberec',
      capacity: 3,
      modernTechFocus: true,
      targetGroups: ['clerks', 'mayors'],
      status: 'published',
      ...overrides,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as ApiEvent;
}

async function registrations(eventId: string): Promise<ApiRegistration[]> {
  return (await (await api(`/events/${eventId}/registrations`)).json()) as ApiRegistration[];
}

async function storedEvent(eventId: string): Promise<ApiEvent> {
  return (await (await api(`/events/${eventId}`)).json()) as ApiEvent;
}

const person = (email: string, extra: Record<string, string> = {}) => ({
  name: 'Jana Nováková',
  email,
  role: 'clerk',
  organisationName: 'Město Česká Lípa',
  ico: '00260428',
  consent: 'on',
  website: '',
  ...extra,
});

/** The CSRF token an organiser page embeds in its forms. */
async function csrfFrom(path: string): Promise<string> {
  const html = await (await get(path, { cookie: adminCookie })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBeTruthy();
  return token ?? '';
}

beforeAll(async () => {
  env = await createTestEnvironment();
  runtime = await startTestRuntime(env);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('public event list', () => {
  it('lists published upcoming events with seats left, not drafts', async () => {
    const event = await createEvent({ capacity: 3 });
    const draft = await createEvent({ status: 'draft' });
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`href="/akce/${event.id}"`);
    expect(html).toContain(event.title);
    expect(html).toContain('3\u00a0volná místa');
    expect(html).toContain('Moderní technologie');
    expect(html).toContain('úřednice a\u00a0úředníci, starostky a\u00a0starostové');
    expect(html).not.toContain(draft.title);
    expect(html).toContain('<html lang="cs">');
  });

  it('says a full event takes waiting-list registrations', async () => {
    const event = await createEvent({ capacity: 1 });
    const first = await postForm(`/akce/${event.id}`, person(`plne.${unique()}@example.cz`));
    expect(first.status).toBe(303);
    const html = await (await get(`/akce/${event.id}`)).text();
    expect(html).toContain('obsazeno\u00a0– můžete se zapsat na čekací listinu');
    expect(html).toContain('Zapsat se na čekací listinu');
  });

  it('serves the stylesheet with a long cache lifetime', async () => {
    const response = await get('/static/site.css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/css');
    expect(response.headers.get('cache-control')).toContain('max-age=31536000');
    expect(await response.text()).toContain(':focus-visible');
  });

  it('shows the legal pages', async () => {
    // Compared with ordinary spaces: which of them are no-break spaces is typography's business.
    const privacy = (await (await get('/ochrana-osobnich-udaju')).text()).replace(/\u00a0/g, ' ');
    expect(privacy).toContain('Liberecký kraj');
    expect(privacy).toContain('IČO 70891508');
    // Art. 13: DPO from the settings, bases per purpose, recipients and region, retention per
    // kind including backups, rights, the supervisory authority, no automated decisions.
    expect(privacy).toContain(env.config.DPO_CONTACT);
    expect(privacy).toContain('Jméno a e-mail: 180 dní po skončení akce');
    for (const text of [
      'čl. 6 odst. 1 písm. e) GDPR',
      'čl. 6 odst. 1 písm. c) GDPR',
      'č. 312/2002 Sb.',
      'čl. 6 odst. 1 písm. a) GDPR',
      'Poskytnutí údajů je dobrovolné',
      'Amazon Web Services',
      'Frankfurt nad Mohanem',
      'posledních 35 dní',
      'uchováváme 5 let',
      'ÚOOÚ',
      'automatizovanému rozhodování',
    ]) {
      expect(privacy).toContain(text);
    }
    expect(privacy).not.toMatch(/placeholder|\[doplňte/i);
    const accessibility = await (await get('/prohlaseni-o-pristupnosti')).text();
    expect(accessibility).toContain('99/2019');
  });
});

describe('registration form', () => {
  it('registers with a form post, redirects (303) and sends the confirmation email', async () => {
    const event = await createEvent({ capacity: 5 });
    const email = `jana.${unique()}@example.cz`;
    const page = await (await get(`/akce/${event.id}`)).text();
    expect(page).toContain(`action="/akce/${event.id}"`);
    expect(page).toContain('name="website"');

    const response = await postForm(`/akce/${event.id}`, person(email));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/akce/${event.id}/registrace-odeslana?stav=confirmed`,
    );
    const thanks = await get(response.headers.get('location') ?? '');
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('Zkontrolujte prosím e-mail.');

    const stored = await registrations(event.id);
    expect(stored).toEqual([
      expect.objectContaining({ name: 'Jana Nováková', email, status: 'confirmed' }),
    ]);
    const mails = await waitFor(
      async () => {
        const found = await sentEmails(env, email);
        return found.length > 0 && found;
      },
      { what: 'confirmation email' },
    );
    expect(mails[0]?.subject).toBeTruthy();
    expect((await storedEvent(event.id)).seatsLeft).toBe(4);
  });

  it('answers a repeated address exactly like a new one', async () => {
    const event = await createEvent({ capacity: 5 });
    const email = `opakovane.${unique()}@example.cz`;
    const first = await postForm(`/akce/${event.id}`, person(email));
    const again = await postForm(`/akce/${event.id}`, person(email.toUpperCase()));
    expect(again.status).toBe(first.status);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await registrations(event.id)).toHaveLength(1);
  });

  it('re-renders invalid input with status 400, linked Czech errors and escaped values', async () => {
    const event = await createEvent();
    const response = await postForm(`/akce/${event.id}`, {
      name: '<script>alert(1)</script>',
      email: 'neni-email',
      role: 'clerk',
      organisationName: '',
      ico: '12345678',
    });
    expect(response.status).toBe(400);
    // The page repeats what was typed: kept out of every cache.
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<title>Chyba: ');
    expect(html).toMatch(/class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"/);
    expect(html).toContain(
      '<a href="#email">Zadejte platnou e-mailovou adresu, například jana.novakova@example.cz.</a>',
    );
    expect(html).toContain('<a href="#ico">Toto IČO neexistuje');
    expect(html).toContain('<a href="#consent">Pro registraci je potřeba potvrdit, že berete');
    // The field itself is marked and bound to its message.
    expect(html).toMatch(
      /<input id="email"[^>]*aria-invalid="true"[^>]*aria-describedby="email-napoveda email-chyba"/,
    );
    expect(html).toContain('id="email-chyba"');
    // Entered values are kept, and escaped.
    expect(html).toContain('value="neni-email"');
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toMatch(/id="role-clerk"[^>]*checked=""/);
    expect(await registrations(event.id)).toHaveLength(0);

    // Checks across fields run once each field is valid on its own.
    const second = await postForm(
      `/akce/${event.id}`,
      person(`bez.organizace.${unique()}@example.cz`, { organisationName: '', ico: '' }),
    );
    expect(second.status).toBe(400);
    expect(await second.text()).toContain(
      '<a href="#organisationName">Vyplňte název úřadu nebo organizace, za kterou se registrujete.</a>',
    );
    expect(await registrations(event.id)).toHaveLength(0);
  });

  it('refuses a form with the honeypot filled in and stores nothing', async () => {
    const event = await createEvent();
    const response = await postForm(
      `/akce/${event.id}`,
      person(`robot.${unique()}@example.cz`, { website: 'https://spam.example' }),
    );
    expect(response.status).toBe(400);
    expect(await registrations(event.id)).toHaveLength(0);
  });

  it('shows why registration is closed instead of the form', async () => {
    const event = await createEvent({
      registrationClosesAt: inDays(-1),
      registrationOpensAt: inDays(-3),
    });
    const html = await (await get(`/akce/${event.id}`)).text();
    expect(html).toContain('Registrace na tuto akci je už uzavřená.');
    expect(html).not.toContain(`action="/akce/${event.id}"`);
    const late = await postForm(`/akce/${event.id}`, person(`pozde.${unique()}@example.cz`));
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Registrace na tuto akci je už uzavřená.');
  });

  it('does not show drafts or unknown ids', async () => {
    const draft = await createEvent({ status: 'draft' });
    expect((await get(`/akce/${draft.id}`)).status).toBe(404);
    expect((await get('/akce/nic-takoveho')).status).toBe(404);
    const post = await postForm(`/akce/${draft.id}`, person(`koncept.${unique()}@example.cz`));
    expect(post.status).toBe(404);
  });
});

describe('cancel link', () => {
  async function registeredPerson() {
    const event = await createEvent({ capacity: 5 });
    const email = `zruseni.${unique()}@example.cz`;
    expect((await postForm(`/akce/${event.id}`, person(email))).status).toBe(303);
    const [registration] = await registrations(event.id);
    if (!registration) throw new Error('registration missing');
    const url = cancelUrl(
      { publicBaseUrl: runtime.url, linkSecret: env.config.LINK_SIGNING_SECRET },
      event,
      registration.id,
    );
    return { event, registration, path: new URL(url).pathname };
  }

  it('GET only asks for confirmation; POST cancels; a second POST says it was done before', async () => {
    const { event, path } = await registeredPerson();
    const confirm = await get(path);
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get('cache-control')).toBe('no-store');
    const html = await confirm.text();
    expect(html).toContain('Chcete zrušit registraci?');
    expect(html).toContain(`<form method="post" action="${path}"`);
    expect((await registrations(event.id))[0]?.status).toBe('confirmed');
    expect((await storedEvent(event.id)).seatsLeft).toBe(4);

    const cancelled = await postForm(path, {});
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('Registrace zrušena');
    expect((await registrations(event.id))[0]?.status).toBe('cancelled');
    expect((await storedEvent(event.id)).seatsLeft).toBe(5);

    const again = await postForm(path, {});
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('už byla zrušena dříve');
  });

  it('refuses tampered and malformed tokens with a Czech 400 page, unknown ones with 404', async () => {
    const { event, registration, path } = await registeredPerson();
    const token = path.split('/').pop() ?? '';
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ p: 'cancel', i: `${event.id}.01ARZ3NDEKTSV4RRFFQ69G5FAV` }),
    ).toString('base64url');
    for (const bad of [
      `${payload}.${signature}x`,
      `${forged}.${signature}`,
      'nesmysl',
      `${token}.x`,
    ]) {
      const response = await get(`/zruseni/${bad}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Odkaz není platný');
      const post = await postForm(`/zruseni/${bad}`, {});
      expect(post.status).toBe(400);
    }
    expect((await registrations(event.id)).find((r) => r.id === registration.id)?.status).toBe(
      'confirmed',
    );

    const unknown = cancelUrl(
      { publicBaseUrl: runtime.url, linkSecret: env.config.LINK_SIGNING_SECRET },
      event,
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    );
    const response = await get(new URL(unknown).pathname);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Registrace nenalezena');
  });
});

describe('organiser sign-in', () => {
  it('redirects every organiser page to the sign-in page with a way back', async () => {
    for (const path of [
      '/admin',
      '/admin/akce/nova',
      '/admin/akce/01ARZ3NDEKTSV4RRFFQ69G5FAV/upravit?x=1',
    ]) {
      const response = await get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(
        `/admin/prihlaseni?next=${encodeURIComponent(path)}`,
      );
    }
    const post = await postForm('/admin/akce', { title: 'Bez přihlášení' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/admin/prihlaseni?next=%2Fadmin');
    const wrongCookie = await get('/admin', {
      cookie: 'organiser_session=spatny-token-0123456789',
    });
    expect(wrongCookie.status).toBe(303);
  });

  it('refuses a wrong token with 401 and signs in with the right one', async () => {
    const login = await get('/admin/prihlaseni?next=%2Fadmin%2Fakce%2Fnova');
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="next" value="/admin/akce/nova"');

    const wrong = await postForm('/admin/prihlaseni', { token: 'spatny-token', next: '/admin' });
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain('Přístupový kód není správný.');
    expect(html).toContain('href="#token"');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const right = await postForm('/admin/prihlaseni', {
      token: testAdminToken,
      next: '/admin/akce/nova',
    });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/admin/akce/nova');
    const cookie = right.headers.get('set-cookie') ?? '';
    // A signed session with an expiry, never the token itself.
    expect(cookie).not.toContain(testAdminToken);
    const session = /organiser_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(isValidOrganiserSession(testAdminToken, session, Date.now())).toBe(true);
    expect(
      isValidOrganiserSession(testAdminToken, session, Date.now() + organiserSessionSeconds * 1000),
    ).toBe(false);
    expect(cookie).toContain(`Max-Age=${organiserSessionSeconds}`);
    expect((await get('/admin', { cookie: `organiser_session=${session}` })).status).toBe(200);
    expect((await get('/admin', { cookie: `organiser_session=${testAdminToken}` })).status).toBe(
      303,
    );
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure'); // plain http locally
    const page = await get('/admin', { cookie: adminCookie });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('never redirects to another site after signing in', async () => {
    for (const next of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await postForm('/admin/prihlaseni', { token: testAdminToken, next });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/admin');
    }
  });

  it('signs out with the CSRF token only', async () => {
    const withoutToken = await postForm('/admin/odhlaseni', {}, { cookie: adminCookie });
    expect(withoutToken.status).toBe(403);
    const csrf = await csrfFrom('/admin');
    const out = await postForm('/admin/odhlaseni', { _csrf: csrf }, { cookie: adminCookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/prihlaseni?odhlaseno=1');
    expect(out.headers.get('set-cookie')).toMatch(/organiser_session=;.*Max-Age=0/);
  });
});

describe('organiser event pages', () => {
  const eventForm = (overrides: Record<string, string> = {}) => ({
    title: `Umělá inteligence v praxi úřadu ${unique()}`,
    description: 'Ukázky nástrojů.',
    format: 'seminar',
    topics: 'umělá inteligence, ochrana dat',
    modernTechFocus: 'on',
    // 2030-03-31 is the first day of summer time; 2030-03-01 is winter time.
    startsAt: '2030-03-31T09:00',
    endsAt: '2030-03-31T12:30',
    venue: 'Liberec, sál 1',
    onlineUrl: '',
    capacity: '25',
    'targetGroups-clerks': 'on',
    'targetGroups-citizens': 'on',
    registrationOpensAt: '2030-03-01T08:00',
    registrationClosesAt: '',
    reminderOffsetsHours: '',
    seriesId: '',
    status: 'published',
    ...overrides,
  });

  it('creates an event from Prague local time, stored in UTC across DST, and prefills the edit form', async () => {
    const csrf = await csrfFrom('/admin/akce/nova');
    const form = eventForm();
    const response = await postForm(
      '/admin/akce',
      { ...form, _csrf: csrf },
      { cookie: adminCookie },
    );
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    const id = /^\/admin\/akce\/([0-9A-Z]{26})\?stav=vytvoreno$/.exec(location)?.[1] ?? '';
    expect(id).not.toBe('');

    const event = await storedEvent(id);
    expect(event).toMatchObject({
      title: form.title,
      format: 'seminar',
      startsAt: '2030-03-31T07:00:00.000Z',
      endsAt: '2030-03-31T10:30:00.000Z',
      registrationOpensAt: '2030-03-01T07:00:00.000Z',
      topics: ['umělá inteligence', 'ochrana dat'],
      targetGroups: ['clerks', 'citizens'],
      modernTechFocus: true,
      capacity: 25,
      storedStatus: 'published',
    });

    const detail = await get(location, { cookie: adminCookie });
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain('Akci jsme vytvořili.');
    expect(detailHtml).toContain(`href="/admin/akce/${id}/registrace.csv"`);
    expect(detailHtml).not.toContain('href="/api/admin');
    expect(detailHtml).toContain(`href="/admin/akce/${id}/prezence"`);

    const edit = await (await get(`/admin/akce/${id}/upravit`, { cookie: adminCookie })).text();
    expect(edit).toContain('value="2030-03-31T09:00"');
    expect(edit).toContain('value="2030-03-01T08:00"');
    expect(edit).toMatch(/id="targetGroups-clerks"[^>]*checked=""/);
    expect(edit).not.toMatch(/id="targetGroups-mayors"[^>]*checked=""/);

    const editCsrf = /name="_csrf" value="([^"]+)"/.exec(edit)?.[1] ?? '';
    const saved = await postForm(
      `/admin/akce/${id}`,
      { ...form, startsAt: '2030-10-27T09:00', endsAt: '2030-10-27T11:00', _csrf: editCsrf },
      { cookie: adminCookie },
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/akce/${id}?stav=ulozeno`);
    // 27 October 2030 is winter time again (UTC+1).
    expect(await storedEvent(id)).toMatchObject({
      startsAt: '2030-10-27T08:00:00.000Z',
      endsAt: '2030-10-27T10:00:00.000Z',
    });
  });

  it('shows validation errors in Czech and keeps the values', async () => {
    const csrf = await csrfFrom('/admin/akce/nova');
    const response = await postForm(
      '/admin/akce',
      {
        ...eventForm({ title: '', capacity: 'hodně', venue: '<b>sál</b>' }),
        _csrf: csrf,
      },
      { cookie: adminCookie },
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#title">Vyplňte název akce.</a>');
    expect(html).toContain('<a href="#capacity">Kapacita musí být celé číslo.</a>');
    expect(html).toContain('value="hodně"');
    expect(html).toContain('value="&lt;b&gt;sál&lt;/b&gt;"');
    expect(html).toMatch(/<input id="capacity"[^>]*aria-invalid="true"/);

    const reversed = await postForm(
      '/admin/akce',
      { ...eventForm({ endsAt: '2030-03-31T08:00' }), _csrf: csrf },
      { cookie: adminCookie },
    );
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain(
      '<a href="#endsAt">Konec akce musí být po jejím začátku.</a>',
    );
  });

  it('refuses a state-changing form without the CSRF token', async () => {
    const before = (await (await api('/events')).json()) as ApiEvent[];
    const response = await postForm('/admin/akce', eventForm(), { cookie: adminCookie });
    expect(response.status).toBe(403);
    const forged = await postForm(
      '/admin/akce',
      { ...eventForm(), _csrf: 'x'.repeat(43) },
      { cookie: adminCookie },
    );
    expect(forged.status).toBe(403);
    const after = (await (await api('/events')).json()) as ApiEvent[];
    expect(after).toHaveLength(before.length);
  });

  it('lists events, publishes a draft, cancels a registration and the event after confirming', async () => {
    const event = await createEvent({ status: 'draft', capacity: 2 });
    const list = await (await get('/admin', { cookie: adminCookie })).text();
    expect(list).toContain(`href="/admin/akce/${event.id}"`);
    expect(list).toContain('koncept (nezveřejněno)');

    const csrf = await csrfFrom(`/admin/akce/${event.id}`);
    const published = await postForm(
      `/admin/akce/${event.id}/zverejnit`,
      { _csrf: csrf },
      { cookie: adminCookie },
    );
    expect(published.status).toBe(303);
    expect((await storedEvent(event.id)).storedStatus).toBe('published');

    const email = `zastoupeni.${unique()}@example.cz`;
    expect((await postForm(`/akce/${event.id}`, person(email))).status).toBe(303);
    const [registration] = await registrations(event.id);
    if (!registration) throw new Error('registration missing');
    const detail = await (await get(`/admin/akce/${event.id}`, { cookie: adminCookie })).text();
    expect(detail).toContain('Jana Nováková');
    expect(detail).toContain('IČO 00260428');
    expect(detail).toContain('potvrzeno');

    const confirmPath = `/admin/akce/${event.id}/registrace/${registration.id}/zrusit`;
    const confirm = await get(confirmPath, { cookie: adminCookie });
    expect(confirm.status).toBe(200);
    expect((await registrations(event.id))[0]?.status).toBe('confirmed');
    const cancelled = await postForm(confirmPath, { _csrf: csrf }, { cookie: adminCookie });
    expect(cancelled.status).toBe(303);
    expect((await registrations(event.id))[0]?.status).toBe('cancelled');

    const eventConfirm = await get(`/admin/akce/${event.id}/zrusit`, { cookie: adminCookie });
    expect(eventConfirm.status).toBe(200);
    expect(await eventConfirm.text()).toContain('Opravdu zrušit akci?');
    expect((await storedEvent(event.id)).storedStatus).toBe('published');
    const eventCancelled = await postForm(
      `/admin/akce/${event.id}/zrusit`,
      { _csrf: csrf },
      { cookie: adminCookie },
    );
    expect(eventCancelled.status).toBe(303);
    expect((await storedEvent(event.id)).storedStatus).toBe('cancelled');

    const publicPage = await (await get(`/akce/${event.id}`)).text();
    expect(publicPage).toContain('Tato akce byla zrušena, registrace už není možná.');
  });

  it('exports the registrations as CSV through the link of the event page, with the sign-in cookie only', async () => {
    const event = await createEvent();
    const detail = await (await get(`/admin/akce/${event.id}`, { cookie: adminCookie })).text();
    const link = /href="([^"]+\.csv)"/.exec(detail)?.[1] ?? '';
    expect(link).toBe(`/admin/akce/${event.id}/registrace.csv`);
    const response = await get(link, { cookie: adminCookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain(`registrace-${event.id}.csv`);
    expect(response.headers.get('cache-control')).toContain('no-store');
    // Signed out, the browser is sent to sign in and comes back to the file.
    const signedOut = await get(link);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(
      `/admin/prihlaseni?next=${encodeURIComponent(link)}`,
    );
  });

  it('keeps the admin API behind the emulated JWT authorizer: a cookie is not enough', async () => {
    const event = await createEvent();
    const apiCsv = `/api/admin/events/${event.id}/registrations.csv`;
    for (const path of [
      apiCsv,
      '/api/admin',
      '/api/admin/events',
      '/api/admin/indicators/latest.csv',
    ]) {
      const response = await get(path, { cookie: adminCookie });
      expect(response.status, path).toBe(401);
      // API Gateway's own answer, not the app's: the function never ran.
      expect(await response.json(), path).toEqual({ message: 'Unauthorized' });
    }
    const withToken = await get(apiCsv, { authorization: `Bearer ${testAdminToken}` });
    expect(withToken.status).toBe(200);
    // A wrong token passes the emulated authorizer (it cannot verify Cognito tokens) and the
    // app refuses it with its own answer.
    const wrongToken = await get(apiCsv, { authorization: 'Bearer wrong' });
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.json()).toMatchObject({ errors: [{ code: 'unauthorized' }] });
    // Paths beside the protected prefix reach the app.
    expect((await get('/api/administrace')).status).toBe(404);
  });
});

describe('Czech of every page as served', () => {
  it('reads right on public, organiser, attendance, survey and dashboard pages', async () => {
    // Starts at 14:00 Prague in a fortnight: „ve 14:00“, never „v 14:00“.
    const event = await createEvent({
      startsAt: atPragueTime(inDays(14), 14, 0),
      endsAt: atPragueTime(inDays(14), 16, 0),
      registrationClosesAt: atPragueTime(inDays(13), 22, 0),
      capacity: 1,
    });
    for (const who of ['prvni', 'druha']) {
      const email = `cestina.${who}.${unique()}@example.cz`;
      expect((await postForm(`/akce/${event.id}`, person(email))).status).toBe(303);
    }
    const [confirmed] = await registrations(event.id);
    if (!confirmed) throw new Error('registration missing');
    const marked = await api(`/events/${event.id}/attendance`, {
      method: 'POST',
      body: JSON.stringify({ registrationIds: [confirmed.id] }),
    });
    expect(marked.status).toBeLessThan(300);
    const cancelPath = new URL(
      cancelUrl(
        { publicBaseUrl: runtime.url, linkSecret: env.config.LINK_SIGNING_SECRET },
        event,
        confirmed.id,
      ),
    ).pathname;

    const pages: [path: string, organiser: boolean][] = [
      ['/', false],
      [`/akce/${event.id}`, false],
      [`/akce/${event.id}/registrace-odeslana?stav=waitlisted`, false],
      [cancelPath, false],
      ['/ochrana-osobnich-udaju', false],
      ['/prohlaseni-o-pristupnosti', false],
      ['/neexistuje', false],
      ['/admin/prihlaseni', false],
      ['/admin', true],
      ['/admin/akce/nova', true],
      [`/admin/akce/${event.id}`, true],
      [`/admin/akce/${event.id}/upravit`, true],
      [`/admin/akce/${event.id}/zrusit`, true],
      [`/admin/akce/${event.id}/prezence`, true],
      [`/admin/akce/${event.id}/prezencni-listina`, true],
      [`/admin/akce/${event.id}/dotaznik`, true],
      ['/admin/prehled', true],
    ];
    // What organisers typed is theirs: the titles of events other tests created here too.
    const everyTitle = ((await (await api('/events')).json()) as ApiEvent[]).map((e) => e.title);
    const problems: string[] = [];
    for (const [path, organiser] of pages) {
      const response = await get(path, organiser ? { cookie: adminCookie } : {});
      expect(response.headers.get('content-type'), path).toContain('text/html');
      const html = await response.text();
      // The organisers' contacts from CONTACT_* close every page but the printed sign-in sheet.
      if (!path.endsWith('/prezencni-listina')) {
        expect(html, path).toContain('class="site-contact"');
      }
      const userContent = [...everyTitle, 'Krajský úřad, U Jezu 642/2a, Liberec', 'Jana Nováková'];
      for (const problem of czechTextProblems(html, { html: true, userContent })) {
        problems.push(`${path}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);

    const attendance = await (
      await get(`/admin/akce/${event.id}/prezence`, { cookie: adminCookie })
    ).text();
    expect(attendance).toMatch(/přítomnost zaznamenána (?:v\u00a0|ve )\d{1,2}:\d\d/);
    const detail = await (await get(`/akce/${event.id}`)).text();
    expect(detail).toMatch(
      /Registrace je otevřená do (?:pondělí|úterý|středy|čtvrtka|pátku|soboty|neděle) \d/,
    );
  });
});
