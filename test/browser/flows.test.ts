import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { surveySchedule } from '../../shared/domain/survey';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { appUnderTest } from '../support/app-under-test';
import {
  createTestEnvironment,
  startTestRuntime,
  type TestEnvironment,
  testAdminToken,
} from '../support/test-stack';
import { launchBrowser, newContext } from './support/browser';
import { type ApiEvent, adminApi, emailTo, unique } from './support/site';

/*
 * What people do, in Debian's chromium against the local runtime (HTTP server, mailer polling
 * the queue, SES emulator): register through the form with and without JavaScript, follow the
 * links of the emails as the mail viewer shows them, answer the survey, and the organiser's
 * sign-in and dashboard.
 */

const HOUR = 3_600_000;

let env: TestEnvironment;
let runtime: Runtime;
let browser: Browser;

const url = (path: string) => `${runtime.url}${path}`;
const api = () => adminApi(runtime);

/** The element that has keyboard focus, by id (works with JavaScript off too: CDP, not page script). */
const focusedId = (page: Page) =>
  page.evaluate('document.activeElement && document.activeElement.id');

beforeAll(async () => {
  env = await createTestEnvironment();
  runtime = await startTestRuntime(env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function fillRegistration(page: Page, person: { name: string; email: string }) {
  await page.getByLabel('Jméno a příjmení').fill(person.name);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('úřednice nebo úředník').check();
  await page.getByLabel('Úřad nebo organizace').fill('Obecní úřad Chrastava');
  await page.getByLabel('IČO organizace').fill('00262854');
  await page.getByLabel(/Beru na vědomí informace/).check();
}

/**
 * Opens the mail viewer of the SES emulator, finds the email to this address with this subject
 * and opens the link with this text from its rendered HTML view in a new tab (the site refuses
 * to be framed). The link is read rather than clicked: the viewer prepends every newly arrived
 * email once a second, so a click into the list can land on whatever moved under the pointer.
 */
async function followEmailLink(
  context: BrowserContext,
  address: string,
  subjectStart: string,
  linkText: string,
): Promise<Page> {
  await emailTo(env, address, subjectStart);
  const viewer = await context.newPage();
  await viewer.goto(env.mailViewerUrl);
  const email = viewer
    .locator('.email')
    .filter({ hasText: address })
    .filter({ hasText: `Subject: ${subjectStart}` });
  await email.getByRole('button', { name: 'Toggle HTML view' }).click();
  const link = email.locator('iframe').contentFrame().getByRole('link', { name: linkText });
  await link.waitFor({ state: 'visible' });
  const href = await link.getAttribute('href');
  if (!href) throw new Error(`The link "${linkText}" in the email has no address`);
  await viewer.close();
  const opened = await context.newPage();
  await opened.goto(href);
  return opened;
}

describe('registration through the HTML form', () => {
  let event: ApiEvent;

  beforeAll(async () => {
    event = await api().createEvent({
      title: `Bezpečně v cloudu ${unique()}`,
      capacity: 10,
    });
  });

  it('with JavaScript: from the event list to the confirmation', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url('/'));
    await page.getByRole('link', { name: event.title, exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/akce/${event.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(event.title);

    const email = `jana.${unique()}@example.cz`;
    await fillRegistration(page, { name: 'Jana Nováková', email });
    await page.getByRole('button', { name: 'Zaregistrovat se' }).click();
    await page.waitForURL(/\/registrace-odeslana\?stav=confirmed$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Děkujeme za registraci',
    );
    expect(await page.getByText('Zkontrolujte prosím e-mail.').isVisible()).toBe(true);

    const registered = (await api().registrations(event.id)).find((r) => r.email === email);
    expect(registered?.status).toBe('confirmed');
    await context.close();
  });

  it('without JavaScript: errors are listed, their links move focus to the fields, then it goes through', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url(`/akce/${event.id}`));
    await page.getByLabel('E-mail').fill('not-an-address');
    await page.getByRole('button', { name: 'Zaregistrovat se' }).click();
    await page.waitForLoadState();

    expect(await page.title()).toMatch(/^Chyba: /);
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('heading').textContent()).toMatch(
      /^Formulář obsahuje \d+\s+chyb/,
    );
    // The summary takes focus on load (autofocus, no script), so screen readers read it first.
    expect(await focusedId(page)).toBe('chyby');
    // The address typed stays in the field.
    expect(await page.getByLabel('E-mail').inputValue()).toBe('not-an-address');

    const links = summary.getByRole('link');
    expect(await links.count()).toBeGreaterThanOrEqual(4);
    await summary.getByRole('link', { name: /e-mail/i }).click();
    expect(await focusedId(page)).toBe('email');
    await summary.getByRole('link', { name: /jméno/i }).click();
    expect(await focusedId(page)).toBe('name');
    // Focus is really in the field: typing goes there.
    await page.keyboard.type('Petr Svoboda');
    expect(await page.getByLabel('Jméno a příjmení').inputValue()).toBe('Petr Svoboda');
    // Each field names its error to assistive technology.
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('E-mail').getAttribute('aria-describedby')).toContain(
      'email-chyba',
    );

    const email = `petr.${unique()}@example.cz`;
    await fillRegistration(page, { name: 'Petr Svoboda', email });
    await page.getByRole('button', { name: 'Zaregistrovat se' }).click();
    await page.waitForURL(/\/registrace-odeslana\?stav=confirmed$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Děkujeme za registraci',
    );
    const registered = (await api().registrations(event.id)).find((r) => r.email === email);
    expect(registered?.status).toBe('confirmed');
    await context.close();
  });

  it('with the keyboard alone: skip link, every field in order, focus always visible', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url(`/akce/${event.id}`));
    const focused = async () =>
      (await page.evaluate(`(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
          id: el.id,
          tag: el.tagName.toLowerCase(),
          text: (el.textContent || '').replace(/\\s+/g, ' ').trim(),
          visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
        };
      })()`)) as { id: string; tag: string; text: string; visible: boolean };
    /** Tabs forward until the element with this id has focus; every stop must show focus. */
    const tabTo = async (id: string) => {
      for (let stops = 0; stops < 40; stops++) {
        await page.keyboard.press('Tab');
        const now = await focused();
        expect(now.visible, `focus indicator on ${now.tag}#${now.id} "${now.text}"`).toBe(true);
        if (now.id === id) return;
      }
      throw new Error(`Tab never reached #${id}`);
    };

    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Přeskočit na obsah', visible: true });
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('obsah');

    const email = `marie.${unique()}@example.cz`;
    await tabTo('name');
    await page.keyboard.type('Marie Horáková');
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('email');
    await page.keyboard.type(email);
    // A radio group is one tab stop; the arrow keys choose within it.
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('role-clerk');
    await page.keyboard.press('ArrowDown');
    expect((await focused()).id).toBe('role-mayor');
    await tabTo('organisationName');
    await page.keyboard.type('Obec Jeřmanice');
    await tabTo('consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    // The link in the consent hint, then the submit button.
    expect((await focused()).text).toBe('informace o zpracování osobních údajů');
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Zaregistrovat se');
    await page.keyboard.press('Enter');
    await page.waitForURL(/stav=confirmed$/);

    const registered = (await api().registrations(event.id)).find((r) => r.email === email);
    expect(registered).toMatchObject({ name: 'Marie Horáková', status: 'confirmed' });
    await context.close();
  });

  it('a full event puts the next person on the waiting list', async () => {
    const full = await api().createEvent({ capacity: 1, title: `Datové schránky ${unique()}` });
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url(`/akce/${full.id}`));
    await fillRegistration(page, { name: 'Eva Dvořáková', email: `eva.${unique()}@example.cz` });
    await page.getByRole('button', { name: 'Zaregistrovat se' }).click();
    await page.waitForURL(/stav=confirmed$/);

    await page.goto(url(`/akce/${full.id}`));
    expect(await page.getByRole('heading', { name: 'Zápis na čekací listinu' }).isVisible()).toBe(
      true,
    );
    await fillRegistration(page, { name: 'Karel Novotný', email: `karel.${unique()}@example.cz` });
    await page.getByRole('button', { name: 'Zapsat se na čekací listinu' }).click();
    await page.waitForURL(/stav=waitlisted$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Zapsali jsme vás na čekací listinu',
    );
    await context.close();
  });
});

describe('the links in emails', () => {
  it('cancels a registration through the link in the confirmation email', async () => {
    const event = await api().createEvent({ title: `Elektronický podpis ${unique()}` });
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url(`/akce/${event.id}`));
    const email = `lucie.${unique()}@example.cz`;
    await fillRegistration(page, { name: 'Lucie Malá', email });
    await page.getByRole('button', { name: 'Zaregistrovat se' }).click();
    await page.waitForURL(/stav=confirmed$/);

    const cancel = await followEmailLink(
      context,
      email,
      'Registrace potvrzena:',
      'Zrušit registraci',
    );
    expect(new URL(cancel.url()).pathname).toMatch(/^\/zruseni\//);
    // Opening the link (as mail scanners do) changes nothing; the button does.
    expect(await cancel.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Chcete zrušit registraci?',
    );
    expect((await api().registrations(event.id))[0]?.status).toBe('confirmed');
    await cancel.getByRole('button', { name: 'Ano, zrušit registraci' }).click();
    await cancel.waitForLoadState();
    expect(await cancel.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Registrace zrušena',
    );
    expect((await api().registrations(event.id))[0]?.status).toBe('cancelled');
    await emailTo(env, email, 'Registrace zrušena:');

    // The same link later says so rather than failing.
    await cancel.reload();
    expect(await cancel.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Registrace už byla zrušena',
    );
    await context.close();
  });
});

describe('after an event was held', () => {
  let event: { id: string; title: string };
  let email: string;
  let year: number;

  beforeAll(async () => {
    ({ event, email } = await heldEventWithAttendee());
    year = pragueYear(Date.now() - 3 * 24 * HOUR);
  });

  it('answers the feedback survey from the invitation, once', async () => {
    const context = await newContext(browser);
    const survey = await followEmailLink(
      context,
      email,
      'Jak se vám akce líbila?',
      'Vyplnit dotazník',
    );
    expect(await survey.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Dotazník spokojenosti',
    );
    // The same link open in a second tab, to send the form again after the first answer.
    const secondTab = await context.newPage();
    await secondTab.goto(survey.url());

    await survey.getByLabel('5 – velmi spokojeni').check();
    await survey.getByLabel('4 – spíše užitečná').check();
    await survey
      .getByRole('group', { name: /Doporučili byste/ })
      .getByLabel('ano')
      .check();
    await survey.getByLabel(/Co bychom mohli zlepšit/).fill('Víc praktických ukázek.');
    await survey.getByRole('button', { name: 'Odeslat odpovědi' }).click();
    await survey.waitForLoadState();
    expect(await survey.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Děkujeme za odpovědi',
    );

    // The second tab's form is refused: one answer per invitation.
    await secondTab.getByLabel('1 – velmi nespokojeni').check();
    await secondTab.getByLabel('1 – vůbec neužitečná').check();
    const [second] = await Promise.all([
      secondTab.waitForResponse((r) => r.request().method() === 'POST'),
      secondTab.getByRole('button', { name: 'Odeslat odpovědi' }).click(),
    ]);
    expect(second.status()).toBe(409);
    expect(await secondTab.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Už jste odpověděli, děkujeme',
    );
    // Opening the link again says the same.
    await survey.goto(survey.url());
    expect(await survey.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Už jste odpověděli, děkujeme',
    );

    const results = await api().surveyResults(event.id);
    expect(results).toMatchObject({
      responses: 1,
      satisfaction: { average: 5 },
      usefulness: { average: 4 },
      comments: ['Víc praktických ukázek.'],
    });
    await context.close();
  });

  it('the organiser signs in, opens the dashboard and the public indicators', async () => {
    await runtime.runJob('indicators', new Date());
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(url(`/admin/prehled?rok=${year}`));
    // Not signed in: the sign-in page, which returns to the dashboard afterwards.
    expect(new URL(page.url()).pathname).toBe('/admin/prihlaseni');
    await page.getByLabel('Přístupový kód').fill(testAdminToken);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/prehled');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `Přehled ukazatelů – rok ${year}`,
    );
    const card = (label: string) =>
      page.getByRole('listitem').filter({ hasText: label }).getByRole('strong').textContent();
    const figures = page.getByRole('region', { name: 'Ukazatele' });
    expect(await figures.isVisible()).toBe(true);
    expect(await card('Uskutečněné akce celkem')).toBe('1');
    expect(await card('Účasti na akcích')).toBe('1');
    expect(await card('Průměrná spokojenost (1–5)')).toBe('5');

    // The event's survey results, from the organiser's event page.
    await page.goto(url(`/admin/akce/${event.id}`));
    await page
      .getByRole('link', { name: /dotazník/i })
      .first()
      .click();
    await page.waitForURL((u) => u.pathname === `/admin/akce/${event.id}/dotaznik`);
    expect(await page.getByText('Víc praktických ukázek.').isVisible()).toBe(true);

    // The check-in list filters while typing: its script is a static asset of this site, so
    // it runs under the CSP (script-src 'self') without the search form being sent.
    await page.goto(url(`/admin/akce/${event.id}/prezence`));
    const row = page.getByRole('row', { name: /Tomáš Veselý/ });
    expect(await row.isVisible()).toBe(true);
    await page.getByLabel('Hledat podle jména, e-mailu nebo organizace').fill('svetla');
    await page.getByText('Nalezeno: 1 osoba').waitFor();
    await page.getByLabel('Hledat podle jména, e-mailu nebo organizace').fill('novakova');
    await page.getByText('Nalezeno: 0 osob').waitFor();
    expect(await row.isHidden()).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/admin/akce/${event.id}/prezence`);

    // Open data: the same figures for anyone, without signing in.
    const anonymous = await newContext(browser);
    const open = await anonymous.newPage();
    const response = await open.goto(url(`/api/indicators?year=${year}`));
    expect(response?.status()).toBe(200);
    expect(await response?.json()).toMatchObject({ year, eventsHeld: 1, participants: 1 });
    await anonymous.close();

    // Signing out ends the session: the dashboard asks for the code again.
    await page.getByRole('button', { name: 'Odhlásit se' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/prihlaseni');
    expect(await page.getByText('Odhlásili jsme vás.').isVisible()).toBe(true);
    await page.goto(url('/admin/prehled'));
    expect(new URL(page.url()).pathname).toBe('/admin/prihlaseni');
    await context.close();
  });
});

const pragueYear = (ms: number) =>
  Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Prague' }).format(ms));

/**
 * An event held three days ago with one person marked present through the admin API, and the
 * survey job run at its invitation time, which emails them the survey link.
 */
async function heldEventWithAttendee(): Promise<{
  event: { id: string; title: string };
  email: string;
}> {
  const startsAt = Date.now() - 3 * 24 * HOUR;
  const endsAt = startsAt + 3 * HOUR;
  // Registered a week before the event, while registration was open.
  const { deps } = appUnderTest(env, () => new Date(startsAt - 7 * 24 * HOUR));
  const event = await createEvent(deps, {
    title: `Sdílené služby obcí ${unique()}`,
    format: 'seminar',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    venue: 'Krajský úřad Libereckého kraje',
    capacity: 30,
    modernTechFocus: true,
    targetGroups: ['mayors'],
  });
  const email = `tomas.${unique()}@example.cz`;
  await register(deps, event.id, {
    name: 'Tomáš Veselý',
    email,
    role: 'mayor',
    organisation: { name: 'Obec Světlá pod Ještědem', ico: '00263231' },
    consent: true,
  });
  const registration = (await api().registrations(event.id)).find((r) => r.email === email);
  await api().markPresent(event.id, [registration?.id ?? '']);
  await runtime.runJob(
    'surveys',
    new Date(surveySchedule({ endsAt: new Date(endsAt).toISOString() }).opensAt),
  );
  return { event, email };
}
