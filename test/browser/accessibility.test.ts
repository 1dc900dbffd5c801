import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { findBursts } from '../../shared/domain/bursts';
import { certificatesDueAt, certificateVerificationUrl } from '../../shared/domain/certificate';
import { surveySchedule } from '../../shared/domain/survey';
import { recordAttendance } from '../../shared/use-cases/attendance';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { cancelUrl, checkinUrl, surveyUrl } from '../../shared/web/links';
import { adminDownloadPaths } from '../../shared/web/routes/admin-downloads';
import { appUnderTest } from '../support/app-under-test';
import {
  createTestEnvironment,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';
import {
  type AxeViolation,
  describeViolations,
  launchBrowser,
  newContext,
  runAxe,
  widthAt320,
} from './support/browser';
import {
  type ApiEvent,
  adminApi,
  emailTo,
  inHours,
  registerByApi,
  signInAsOrganiser,
  unique,
} from './support/site';

/*
 * axe-core in Debian's chromium on every page a visitor or an organiser can reach, in each of
 * its states (empty and filled lists, forms with errors, signed links used and unused, error
 * pages). Czech public-sector websites must meet WCAG 2.1 AA (zákon č. 99/2019 Sb.), so any
 * A or AA violation fails. The pages come from the app's own route table, so a new page that
 * nobody audits fails the test too.
 */

const HOUR = 3_600_000;

let env: TestEnvironment;
let runtime: Runtime;
let browser: Browser;
let visitor: BrowserContext;
let organiser: BrowserContext;

/** Every page audited: its path (for the route coverage check) and what axe found there. */
const audited: {
  label: string;
  path: string;
  violations: AxeViolation[];
  incomplete: { id: string; nodes: number }[];
}[] = [];

const url = (path: string) => `${runtime.url}${path}`;

/** Audits the page as it is now; the failure message lists each violation with its selector. */
async function audit(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('load');
  const { violations, incomplete } = await runAxe(page);
  audited.push({ label, path: new URL(page.url()).pathname, violations, incomplete });
  expect.soft(violations, describeViolations(label, violations)).toEqual([]);
  expect.soft(await widthAt320(page), `${label}: page width at 320 CSS px`).toBe(320);
  // Zákon č. 99/2019 Sb.: the statement is reachable from every page.
  const statementLink = page
    .getByRole('contentinfo')
    .getByRole('link', { name: 'Prohlášení o přístupnosti', exact: true });
  expect.soft(await statementLink.count(), `${label}: footer link to the statement`).toBe(1);
}

/** Audits a form sent back with errors, after making sure the error summary is what is shown. */
async function auditErrors(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('load');
  expect(await page.title(), `${label}: title`).toMatch(/^Chyba: /);
  expect(await page.getByRole('alert').count(), `${label}: error summary`).toBe(1);
  await audit(page, label);
}

async function auditAt(page: Page, path: string, label: string, status = 200): Promise<void> {
  const response = await page.goto(url(path));
  expect(response?.status(), `${label}: HTTP status of ${path}`).toBe(status);
  await audit(page, label);
}

beforeAll(async () => {
  env = await createTestEnvironment();
  runtime = await startTestRuntime(env);
  browser = await launchBrowser();
  visitor = await newContext(browser);
  organiser = await newContext(browser);
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

it('the audit reports the violations of a page that has them', async () => {
  const page = await visitor.newPage();
  await page.setContent(
    '<html><head></head><body><img src="data:,"><p style="color:#aaa">Slabý kontrast</p>' +
      '<input type="text"></body></html>',
  );
  const { violations } = await runAxe(page);
  expect(violations.map((v) => v.id).sort()).toEqual(
    ['color-contrast', 'document-title', 'html-has-lang', 'image-alt', 'label'].sort(),
  );
  expect(describeViolations('bad page', violations)).toContain('image-alt');
  await page.close();
});

describe('before any event exists', () => {
  it('the empty event list and the organiser sign-in pages', async () => {
    const page = await visitor.newPage();
    await auditAt(page, '/', 'event list, empty');
    await page.close();

    const admin = await organiser.newPage();
    await auditAt(admin, '/admin/prihlaseni', 'organiser sign-in');
    await admin.getByLabel('Přístupový kód').fill('nespravny-kod-0000');
    await admin.getByRole('button', { name: 'Přihlásit se' }).click();
    await auditErrors(admin, 'organiser sign-in, wrong code');
    await auditAt(admin, '/admin/prihlaseni?odhlaseno=1', 'organiser sign-in after sign-out');
    await auditAt(admin, '/admin/prihlaseni/cognito', 'hosted UI callback in token mode', 404);
    await signInAsOrganiser(admin, runtime.url);
    await audit(admin, 'organiser event list, empty');
    await admin.close();
  });
});

describe('with events in every state', () => {
  const api = () => adminApi(runtime);
  let open: ApiEvent;
  let full: ApiEvent;
  let notYetOpen: ApiEvent;
  let cancelled: ApiEvent;
  let draft: ApiEvent;
  let held: { id: string; endsAt: string };
  let waved: { id: string; endsAt: string };
  let waveId: string;
  let openRegistrationId: string;
  let heldRegistrationIds: string[];
  let heldYear: number;
  let heldCertificates: string[];
  /** One address per person, so each email can be found in the SES emulator's store. */
  const people = {
    jana: `jana.${unique()}@example.cz`,
    petr: `petr.${unique()}@example.cz`,
    eva: `eva.${unique()}@example.cz`,
    karel: `karel.${unique()}@example.cz`,
    lucie: `lucie.${unique()}@example.cz`,
  };

  beforeAll(async () => {
    open = await api().createEvent({ capacity: 20 });
    full = await api().createEvent({
      capacity: 1,
      format: 'training',
      title: `Umělá inteligence v agendě obce ${unique()}`,
    });
    notYetOpen = await api().createEvent({
      registrationOpensAt: inHours(7 * 24),
      format: 'seminar',
    });
    cancelled = await api().createEvent({ format: 'conference' });
    draft = await api().createEvent({ status: 'draft', format: 'round-table' });
    await registerByApi(runtime, open.id, {
      name: 'Jana Nováková',
      email: people.jana,
    });
    await registerByApi(runtime, full.id, {
      name: 'Petr Svoboda',
      email: people.petr,
    });
    await registerByApi(runtime, full.id, {
      name: 'Eva Dvořáková',
      email: people.eva,
    });
    await registerByApi(runtime, cancelled.id, {
      name: 'Karel Novotný',
      email: people.karel,
    });
    await api().cancelEvent(cancelled.id);
    openRegistrationId = (await api().registrations(open.id))[0]?.id ?? '';

    // A wave: six registrations from one client address within an hour (one clock instant).
    waved = await api().createEvent({
      capacity: 4,
      title: `Elektronická spisová služba ${unique()}`,
    });
    const waveClock = new Date();
    const waveDeps = appUnderTest(env, () => waveClock).deps;
    for (let n = 0; n < 6; n++) {
      await register(
        waveDeps,
        waved.id,
        {
          name: `Robot ${n}`,
          email: `vlna.${n}.${unique()}@example.cz`,
          role: 'citizen',
          consent: true,
        },
        { clientAddress: '203.0.113.66' },
      );
    }
    waveId = findBursts(await waveDeps.events.listRegistrations(waved.id))[0]?.id ?? '';

    // An event held three days ago: registered while registration was open, attendance taken,
    // survey invitations sent the morning after, indicators computed overnight.
    const startsAt = Date.now() - 3 * 24 * HOUR;
    let clock = new Date(startsAt - 7 * 24 * HOUR);
    const { deps } = appUnderTest(env, () => clock);
    held = await createEvent(deps, {
      title: `Digitální technický úřad v praxi ${unique()}`,
      description: 'Ukázky z praxe obcí Libereckého kraje.',
      format: 'training',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3 * HOUR).toISOString(),
      venue: 'Krajská vědecká knihovna Liberec',
      capacity: 30,
      modernTechFocus: true,
      targetGroups: ['clerks'],
    });
    for (const [name, email] of [
      ['Lucie Malá', people.lucie],
      ['Tomáš Veselý', `tomas.${unique()}@example.cz`],
      ['Marie Horáková', `marie.${unique()}@example.cz`],
    ] as const) {
      await register(deps, held.id, {
        name,
        email,
        role: 'clerk',
        organisation: { name: 'Městský úřad Turnov', ico: '00276227' },
        consent: true,
      });
    }
    // In the order registered: Lucie and Tomáš came, Marie did not.
    const heldRegistrations = await deps.events.listRegistrations(held.id);
    heldRegistrationIds = [people.lucie, 'tomas.', 'marie.'].map(
      (address) => heldRegistrations.find((r) => r.email?.startsWith(address))?.id ?? '',
    );
    clock = new Date(startsAt + HOUR);
    await recordAttendance(deps, held.id, { registrationIds: heldRegistrationIds.slice(0, 2) });
    await runtime.runJob(
      'surveys',
      new Date(surveySchedule({ endsAt: new Date(startsAt + 3 * HOUR).toISOString() }).opensAt),
    );
    await runtime.runJob('indicators', new Date());
    // The certificates the morning after: Lucie's and Tomáš's, issued by the renderer.
    await runtime.runJob(
      'certificates',
      new Date(certificatesDueAt({ endsAt: new Date(startsAt + 3 * HOUR).toISOString() })),
    );
    heldCertificates = await waitFor(
      async () => {
        const list = (await deps.certificates?.register.listForEvent(held.id)) ?? [];
        return list.length === 2 && list.map((c) => c.number);
      },
      { what: 'the certificates of the held event' },
    );
    heldYear = Number(
      new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Prague' }).format(
        startsAt,
      ),
    );
  });

  const links = () => ({
    publicBaseUrl: runtime.url,
    linkSecret: env.config.LINK_SIGNING_SECRET,
    certificateSecret: env.config.hashingSecret,
  });
  const pathOf = (link: string) => new URL(link).pathname;

  it('public pages', async () => {
    const page = await visitor.newPage();
    await auditAt(page, '/', 'event list');
    await auditAt(page, '/?pro=urednici', 'event list filtered by target group');
    await auditAt(page, '/?pro=obcane&tema=neexistuje', 'event list, nothing matches the filter');
    await auditAt(page, `/akce/${open.id}`, 'event with the registration form');
    await page.getByRole('button', { name: 'Zaregistrovat se' }).click();
    await auditErrors(page, 'registration form with errors');
    await auditAt(page, `/akce/${open.id}/registrace-odeslana?stav=confirmed`, 'registration sent');
    await auditAt(page, `/akce/${full.id}`, 'full event, waiting-list form');
    await auditAt(
      page,
      `/akce/${full.id}/registrace-odeslana?stav=waitlisted`,
      'put on the waiting list',
    );
    await auditAt(page, `/akce/${notYetOpen.id}`, 'registration not open yet');
    await auditAt(page, `/akce/${cancelled.id}`, 'cancelled event');
    await auditAt(page, `/akce/${held.id}`, 'event already held');
    await auditAt(page, '/akce/neexistuje', 'event not found', 404);
    await auditAt(page, '/tato-stranka-neexistuje', 'page not found', 404);
    await auditAt(page, '/ochrana-osobnich-udaju', 'privacy notice');
    await auditAt(page, '/prohlaseni-o-pristupnosti', 'accessibility statement');
    await page.close();
  });

  it('pages behind the signed links in emails', async () => {
    const page = await visitor.newPage();
    const cancel = pathOf(cancelUrl(links(), open, openRegistrationId));
    await auditAt(page, cancel, 'cancel confirmation');
    await page.getByRole('button', { name: 'Ano, zrušit registraci' }).click();
    await audit(page, 'registration cancelled');
    await auditAt(page, cancel, 'cancel link used again');
    await auditAt(page, '/zruseni/neplatny-odkaz', 'invalid cancel link', 400);

    const survey = pathOf(surveyUrl(links(), held, heldRegistrationIds[0] ?? ''));
    await auditAt(page, survey, 'survey form');
    await page.getByRole('button', { name: 'Odeslat odpovědi' }).click();
    await auditErrors(page, 'survey form with errors');
    await page.getByLabel('5 – velmi spokojeni').check();
    await page.getByLabel('4 – spíše užitečná').check();
    await page.getByRole('button', { name: 'Odeslat odpovědi' }).click();
    await audit(page, 'survey thanks');
    await auditAt(page, survey, 'survey already answered');
    await auditAt(page, '/dotaznik/neplatny-odkaz', 'invalid survey link', 404);
    const number = heldCertificates[0] ?? '';
    await auditAt(
      page,
      pathOf(certificateVerificationUrl(links(), number)),
      'certificate verification',
    );
    await auditAt(
      page,
      `/osvedceni/${number}/${'A'.repeat(22)}`,
      'certificate verification, wrong link',
      404,
    );
    await page.close();
  });

  it('the emails people get, as a mail client shows their HTML', async () => {
    const emails = [
      [people.jana, 'Registrace potvrzena:'],
      [people.jana, 'Registrace zrušena:'],
      [people.eva, 'Jste na čekací listině:'],
      [people.karel, 'Akce zrušena:'],
      [people.lucie, 'Jak se vám akce líbila?'],
    ] as const;
    const page = await visitor.newPage();
    for (const [address, subject] of emails) {
      const email = await emailTo(env, address, subject);
      await page.setContent(email.body.html ?? '');
      const { violations } = await runAxe(page);
      expect.soft(violations, describeViolations(`email "${subject}"`, violations)).toEqual([]);
      expect.soft(await widthAt320(page), `email "${subject}": width at 320 CSS px`).toBe(320);
    }
    await page.close();
  });

  it('organiser pages', async () => {
    const page = await organiser.newPage();
    await auditAt(page, '/admin', 'organiser event list');
    await auditAt(page, '/admin/akce/nova', 'new event form');
    await page.getByRole('button', { name: 'Vytvořit akci' }).click();
    await auditErrors(page, 'new event form with errors');
    await auditAt(page, `/admin/akce/${open.id}`, 'organiser event detail');
    await auditAt(page, `/admin/akce/${draft.id}`, 'organiser draft detail');
    await auditAt(page, `/admin/akce/${full.id}`, 'organiser detail of a full event');
    await auditAt(page, `/admin/akce/${cancelled.id}`, 'organiser detail of a cancelled event');
    await auditAt(page, `/admin/akce/${held.id}`, 'organiser detail of a held event');
    await auditAt(page, `/admin/akce/${open.id}/upravit`, 'edit event form');
    await auditAt(page, `/admin/akce/${open.id}/zrusit`, 'cancel event confirmation');
    await auditAt(page, `/admin/akce/${waved.id}`, 'organiser detail with a wave of registrations');
    await auditAt(
      page,
      `/admin/akce/${waved.id}/vlny/${waveId}/zrusit`,
      'cancel a wave of registrations confirmation',
    );
    const fullRegistrations = await api().registrations(full.id);
    await auditAt(
      page,
      `/admin/akce/${full.id}/registrace/${fullRegistrations[0]?.id}/zrusit`,
      'cancel a registration confirmation',
    );
    await auditAt(page, '/admin/akce/neexistuje', 'organiser event not found', 404);

    await auditAt(page, `/admin/akce/${held.id}/osvedceni`, 'certificates of an event');
    await auditAt(page, `/admin/akce/${open.id}/osvedceni`, 'certificates of an event, none yet');
    const [firstCertificate] = heldCertificates;
    await auditAt(
      page,
      `/admin/akce/${held.id}/osvedceni/${firstCertificate}/oprava`,
      'certificate name correction',
    );
    await page.getByLabel('Jméno a příjmení, jak má být na osvědčení').fill('');
    await page.getByRole('button', { name: 'Vydat opravené osvědčení' }).click();
    await auditErrors(page, 'certificate name correction with errors');
    const year = Number(firstCertificate?.split('-')[1]);
    await auditAt(page, `/admin/osvedceni?rok=${year}`, 'certificate register of a year');
    await auditAt(page, `/admin/osvedceni?rok=${year - 1}`, 'certificate register, empty year');

    await auditAt(page, '/admin/osobni-udaje', 'data-subject requests');
    await page.getByLabel('E-mailová adresa').fill('nikdo@example.cz');
    await page.getByRole('button', { name: 'Zobrazit uložené údaje' }).click();
    await page.waitForLoadState();
    await audit(page, 'data-subject request answered');

    await auditAt(page, `/admin/akce/${held.id}/prezence`, 'check-in list');
    await page.getByLabel('Hledat podle jména, e-mailu nebo organizace').fill('Lucie');
    await audit(page, 'check-in list filtered as one types');
    await page.getByRole('button', { name: 'Přidat a označit jako přítomného' }).click();
    await auditErrors(page, 'walk-in form with errors');
    const wavedRegistrationId = (await api().registrations(waved.id))[0]?.id ?? '';
    await auditAt(page, pathOf(checkinUrl(links(), waved, wavedRegistrationId)), 'QR check-in');
    // The held event ended three days ago: its check-in links have expired.
    await auditAt(
      page,
      pathOf(checkinUrl(links(), held, heldRegistrationIds[2] ?? '')),
      'QR check-in link expired',
      410,
    );
    await auditAt(page, `/admin/akce/${held.id}/prezencni-listina`, 'sign-in sheet');
    await auditAt(page, `/admin/akce/${held.id}/dotaznik`, 'survey results');
    await auditAt(page, `/admin/prehled?rok=${heldYear}`, 'indicator dashboard');
    await auditAt(
      page,
      `/admin/prehled?rok=${heldYear}&ctvrtleti=1`,
      'indicator dashboard, one quarter',
    );
    await auditAt(page, '/admin/prehled?rok=2005', 'indicator dashboard, year not computed');
    await auditAt(page, '/admin/prehled?rok=abc', 'indicator dashboard, invalid year', 400);
    await page.close();
  });

  it('the accessibility statement has the parts vyhláška č. 515/2020 Sb. prescribes', async () => {
    const page = await visitor.newPage();
    await page.goto(url('/prohlaseni-o-pristupnosti'));
    const text = (locator: string) =>
      page
        .locator(locator)
        .evaluateAll((nodes) =>
          nodes.map((n) => (n.textContent ?? '').replace(/\s+/g, ' ').trim()),
        );
    expect(await text('h1')).toEqual(['Prohlášení o přístupnosti']);
    expect(await text('h2')).toEqual([
      'Stav souladu',
      'Nepřístupný obsah',
      'Vypracování tohoto prohlášení o přístupnosti',
      'Zpětná vazba a kontaktní údaje',
      'Postup pro vymáhání',
    ]);
    const body = (await text('main')).join(' ');
    expect(body).toContain('zákonem č. 99/2019 Sb.');
    expect(body).toContain(`stránky ${runtime.url}`);
    expect(body).toContain('vlastního posouzení');
    expect(body).toContain('axe-core');
    expect(body).toContain('Ministerstvo vnitra');
    expect(body).not.toContain('[doplňte');
    // The organisers' contact from the configuration, as a link (the footer has it too).
    expect(
      await page
        .locator('main')
        .getByRole('link', { name: env.config.CONTACT_EMAIL, exact: true })
        .getAttribute('href'),
    ).toBe(`mailto:${env.config.CONTACT_EMAIL}`);
    expect(body).toContain(env.config.CONTACT_PHONE);
    await page.close();
  });

  it('audited every HTML page the app routes', () => {
    const { app } = appUnderTest(env);
    const downloads = Object.values(adminDownloadPaths).map((path) => `/admin${path}`);
    const htmlPages = [
      ...new Set(
        app.routes
          .filter((r) => r.method === 'GET')
          .map((r) => r.path)
          .filter((p) => !/^\/(api|health|static)(\/|$)/.test(p))
          // Files, not pages: scripts, open data, calendars, robots.txt, the sitemap, the icon, PDFs.
          .filter((p) => !/\.(js|jsonld|json|ics|txt|xml|svg|ico|pdf)$/.test(p))
          // Files to download (CSV, JSON), not pages.
          .filter((p) => !downloads.includes(p)),
      ),
    ];
    const pattern = (route: string) =>
      new RegExp(`^${route.replace(/:[A-Za-z]+/g, '[^/]+').replace(/\/$/, '')}/?$`);
    const missed = htmlPages.filter(
      (route) => !audited.some((page) => pattern(route).test(page.path)),
    );
    expect(missed).toEqual([]);
    expect(htmlPages.length).toBeGreaterThan(15);
    const undecided = audited.flatMap((a) =>
      a.incomplete.map((i) => `${a.label}: ${i.id} (${i.nodes})`),
    );
    console.log(
      [
        `axe-core audited ${audited.length} page states of ${htmlPages.length} routes; ${audited.filter((a) => a.violations.length > 0).length} with violations.`,
        ...(undecided.length ? ['Left for a person to check:', ...undecided] : []),
      ].join('\n'),
    );
  });
});
