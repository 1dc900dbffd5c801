import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import type { TrainingEvent } from '../../shared/domain/event';
import type { RenderedEmail } from '../../shared/domain/mail-content';
import type { Registration } from '../../shared/domain/registration';
import {
  registrationFieldMessages,
  registrationInputSchema,
} from '../../shared/domain/registration';
import { toFieldErrors } from '../../shared/domain/validation';
import { certificateEmail } from '../../shared/mail/emails/certificate-email';
import {
  eventCancelledEmail,
  eventChangedEmail,
  reminderEmail,
} from '../../shared/mail/emails/event-emails';
import { indicatorExportEmail } from '../../shared/mail/emails/indicator-export-email';
import {
  duplicateRegistrationEmail,
  promotedEmail,
  type RegistrationEmailInput,
  registrationCancelledEmail,
  registrationConfirmedEmail,
  registrationWaitlistedEmail,
  waitlistClosedEmail,
} from '../../shared/mail/emails/registration-emails';
import { surveyInvitationEmail, surveyReminderEmail } from '../../shared/mail/emails/survey-emails';
import {
  AdminEventPage,
  type AdminFlash,
  adminFlashMessages,
  CancelEventConfirmPage,
  CancelRegistrationConfirmPage,
} from '../../shared/web/pages/admin/event-detail-page';
import { eventToForm } from '../../shared/web/pages/admin/event-form';
import { EventFormPage } from '../../shared/web/pages/admin/event-form-page';
import { AdminEventListPage } from '../../shared/web/pages/admin/event-list-page';
import { LoginPage } from '../../shared/web/pages/admin/login-page';
import {
  CancelBlockedPage,
  CancelConfirmPage,
  CancelDonePage,
  InvalidCancelLinkPage,
  RegistrationNotFoundPage,
} from '../../shared/web/pages/cancel-pages';
import {
  badRequestPage,
  eventNotFoundPage,
  notFoundPage,
  payloadTooLargePage,
  serverErrorPage,
} from '../../shared/web/pages/error-pages';
import { EventListPage } from '../../shared/web/pages/event-list-page';
import { EventPage, RegistrationSentPage } from '../../shared/web/pages/event-page';
import { toFormErrors } from '../../shared/web/pages/form-components';
import { AccessibilityStatementPage, PrivacyNoticePage } from '../../shared/web/pages/legal-pages';
import { setSiteContact } from '../../shared/web/pages/site-contact';
import { czechTextProblems } from '../support/czech-text';

const contact = {
  email: 'skoleni@kraj-example.cz',
  phone: '+420 485 000 111',
  address: 'U Jezu 642/2a, 461 80 Liberec',
};

/**
 * One event a day for a week, starting at hours that need „ve“ (2:00, 14:00, 20:00…) and hours
 * that need „v“, both sides of the October clock change; each weekday lands after every
 * preposition the texts use.
 */
const starts: readonly [startsAt: string, endsAt: string][] = [
  ['2025-10-20T12:00:00.000Z', '2025-10-20T14:00:00.000Z'], // Mon 14:00–16:00
  ['2025-10-21T07:00:00.000Z', '2025-10-21T10:00:00.000Z'], // Tue 9:00–12:00
  ['2025-10-22T10:00:00.000Z', '2025-10-23T11:00:00.000Z'], // Wed 12:00 – Thu 13:00
  ['2025-10-23T18:00:00.000Z', '2025-10-23T20:00:00.000Z'], // Thu 20:00–22:00
  ['2025-10-24T01:00:00.000Z', '2025-10-24T02:00:00.000Z'], // Fri 3:00–4:00
  ['2025-10-25T09:00:00.000Z', '2025-10-25T11:00:00.000Z'], // Sat 11:00–13:00
  ['2025-10-26T01:00:00.000Z', '2025-10-26T03:00:00.000Z'], // Sun 2:00 CET (after the change)
];

/** Organisers' and participants' own words: theirs to write, left out of the check. */
const title = 'Umělá inteligence v práci úřadu a s daty';
const venue = 'Krajský úřad Libereckého kraje, zasedací sál v 1. patře, U Jezu 642/2a, Liberec';
const description = 'Praktický kurz s ukázkami.\n\nS sebou notebook.';
const personName = 'Jana Nováková';
const organisationName = 'Obec Příklad';
const userContent = [
  title,
  venue,
  description,
  'Praktický kurz s ukázkami.',
  'S sebou notebook.',
  personName,
  organisationName,
];

function startAndEnd(index: number): readonly [string, string] {
  const pair = starts[index % starts.length];
  if (!pair) throw new Error('no sample start');
  return pair;
}

function event(index: number, overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  const [startsAt, endsAt] = startAndEnd(index);
  return {
    id: `01JBCDEF8KQ3M4N5P6R7S8T9V${index}`,
    title,
    description,
    format: 'training',
    topics: ['umělá inteligence'],
    modernTechFocus: true,
    startsAt,
    endsAt,
    venue,
    capacity: 20,
    targetGroups: ['clerks', 'mayors', 'regional-staff', 'citizens'],
    registrationOpensAt: new Date(Date.parse(startsAt) - 20 * 86_400_000 + 3_600_000).toISOString(),
    registrationClosesAt: new Date(Date.parse(startsAt) - 2 * 86_400_000).toISOString(),
    status: 'published',
    confirmedCount: 3,
    waitlistedCount: 0,
    revision: 1,
    createdAt: '2025-09-01T08:00:00.000Z',
    updatedAt: '2025-09-01T08:00:00.000Z',
    ...overrides,
  };
}

function registration(e: TrainingEvent, overrides: Partial<Registration> = {}): Registration {
  return {
    id: '01JBCDEF8KQ3M4N5P6R7S8T9XX',
    eventId: e.id,
    name: personName,
    email: 'jana.novakova@example.cz',
    role: 'clerk',
    organisationName,
    status: 'confirmed',
    source: 'registration',
    createdAt: '2025-09-02T08:00:00.000Z',
    confirmedAt: '2025-09-02T08:00:00.000Z',
    attendedAt: e.startsAt,
    ...overrides,
  };
}

const render = async (node: unknown) => String(await (node as Promise<string> | string));

function registrationErrors() {
  const parsed = registrationInputSchema.safeParse({ role: 'clerk', email: 'x' });
  if (parsed.success) throw new Error('expected errors');
  return toFormErrors(
    new ValidationError(toFieldErrors(parsed.error.issues, registrationFieldMessages)).errors,
    (field) => field,
  );
}

/** Every page the components render, for one sample event. */
function pages(index: number): [name: string, node: unknown][] {
  const e = event(index);
  const full = event(index, { confirmedCount: 20, waitlistedCount: 2 });
  const nowBefore = Date.parse(e.startsAt) - 5 * 86_400_000;
  const reg = registration(e);
  const flashes = Object.keys(adminFlashMessages) as AdminFlash[];
  return [
    ['event list', <EventListPage events={[e, full]} />],
    ['event list, empty', <EventListPage events={[]} />],
    ['event page, open', <EventPage event={e} nowMs={nowBefore} />],
    [
      'event page, errors',
      <EventPage event={e} nowMs={nowBefore} form={{ values: {}, errors: registrationErrors() }} />,
    ],
    ['event page, full', <EventPage event={full} nowMs={nowBefore} />],
    [
      'event page, not yet open',
      <EventPage event={e} nowMs={Date.parse(e.startsAt) - 30 * 86_400_000} />,
    ],
    ['event page, closed', <EventPage event={e} nowMs={Date.parse(e.startsAt) - 3_600_000} />],
    [
      'event page, cancelled',
      <EventPage event={event(index, { status: 'cancelled' })} nowMs={nowBefore} />,
    ],
    ['registration sent', <RegistrationSentPage event={e} state="confirmed" />],
    ['registration sent, waiting list', <RegistrationSentPage event={full} state="waitlisted" />],
    [
      'cancel confirm',
      <CancelConfirmPage event={e} registration={reg} token="t" nowMs={nowBefore} />,
    ],
    [
      'cancel confirm, waiting list',
      <CancelConfirmPage
        event={full}
        registration={registration(full, { status: 'waitlisted' })}
        token="t"
        nowMs={nowBefore}
      />,
    ],
    ['cancel blocked, cancelled', <CancelBlockedPage event={e} block="already-cancelled" />],
    ['cancel blocked, event cancelled', <CancelBlockedPage event={e} block="event-cancelled" />],
    ['cancel blocked, held', <CancelBlockedPage event={e} block="event-held" />],
    ['cancel done', <CancelDonePage event={e} />],
    ...(['malformed', 'bad-signature', 'wrong-purpose', 'expired'] as const).map(
      (reason): [string, unknown] => [
        `invalid link ${reason}`,
        <InvalidCancelLinkPage reason={reason} />,
      ],
    ),
    ['registration not found', <RegistrationNotFoundPage />],
    ['404', notFoundPage()],
    ['500', serverErrorPage()],
    ['event not found', eventNotFoundPage()],
    ['400', badRequestPage()],
    ['413', payloadTooLargePage()],
    [
      'privacy notice',
      <PrivacyNoticePage
        retentionDays={180}
        controller={{
          name: 'Liberecký kraj',
          ico: '70891508',
          address: 'U Jezu 642/2a, 461 80 Liberec',
        }}
        dpoContact="Mgr. Jana Ukázková, poverenec@kraj-example.cz"
        region="eu-central-1"
        certificateRetentionYears={10}
      />,
    ],
    [
      'accessibility statement',
      <AccessibilityStatementPage siteUrl="https://skoleni.example.cz" contact={contact} />,
    ],
    ...flashes.map((flash): [string, unknown] => [
      `admin event, ${flash}`,
      <AdminEventPage
        event={e}
        registrations={[
          reg,
          registration(e, { id: 'r2', status: 'waitlisted', attendedAt: undefined }),
        ]}
        nowMs={nowBefore}
        csrfToken="c"
        flash={flash}
      />,
    ]),
    [
      'admin event, held',
      <AdminEventPage
        event={e}
        registrations={[reg]}
        nowMs={Date.parse(e.endsAt) + 1}
        csrfToken="c"
      />,
    ],
    [
      'admin cancel event',
      <CancelEventConfirmPage event={e} activeRegistrations={3} csrfToken="c" />,
    ],
    [
      'admin cancel registration',
      <CancelRegistrationConfirmPage event={e} registration={reg} csrfToken="c" />,
    ],
    ['admin new event', <EventFormPage form={{ values: {}, errors: [] }} csrfToken="c" />],
    [
      'admin edit event',
      <EventFormPage event={e} form={{ values: eventToForm(e), errors: [] }} csrfToken="c" />,
    ],
    ['admin event list', <AdminEventListPage events={[e, full]} nowMs={nowBefore} csrfToken="c" />],
    ['sign in', <LoginPage />],
    ['signed out', <LoginPage signedOut={true} />],
  ];
}

function emails(index: number): [name: string, email: RenderedEmail][] {
  const e = event(index);
  const input: RegistrationEmailInput = {
    event: e,
    registration: registration(e),
    links: {
      event: 'https://skoleni.example.cz/akce/1',
      cancel: 'https://skoleni.example.cz/zruseni/t',
    },
    now: new Date(Date.parse(e.startsAt) - 20 * 3_600_000),
    contact,
    qrCid: 'qr@test',
  };
  const previous = {
    startsAt: startAndEnd(index + 1)[0],
    endsAt: startAndEnd(index + 1)[1],
    venue: 'Online',
  };
  const survey = {
    event: e,
    links: { survey: 'https://skoleni.example.cz/dotaznik/t' },
    now: new Date(e.endsAt),
    contact,
  };
  return [
    ['confirmed', registrationConfirmedEmail(input)],
    [
      'waitlisted',
      registrationWaitlistedEmail({
        ...input,
        registration: registration(e, { status: 'waitlisted' }),
      }),
    ],
    ['duplicate', duplicateRegistrationEmail(input)],
    [
      'duplicate, waiting',
      duplicateRegistrationEmail({
        ...input,
        registration: registration(e, { status: 'waitlisted' }),
      }),
    ],
    ['promoted', promotedEmail(input)],
    [
      'waiting list closed',
      waitlistClosedEmail({ ...input, registration: registration(e, { status: 'waitlisted' }) }),
    ],
    [
      'certificate',
      certificateEmail({
        event: e,
        number: 'LK-2025-000001',
        fileName: 'osvedceni-LK-2025-000001.pdf',
        verificationUrl: 'https://skoleni.example.cz/osvedceni/LK-2025-000001/sig',
        contact,
      }),
    ],
    ['registration cancelled', registrationCancelledEmail(input)],
    ['event cancelled', eventCancelledEmail(input)],
    ['event changed', eventChangedEmail({ ...input, previous })],
    ['event changed, place', eventChangedEmail({ ...input, previous: { ...e, venue: 'Online' } })],
    ['event changed, unknown', eventChangedEmail(input)],
    ['reminder tomorrow', reminderEmail(input)],
    [
      'reminder today',
      reminderEmail({ ...input, now: new Date(Date.parse(e.startsAt) - 3_600_000) }),
    ],
    [
      'reminder in a week',
      reminderEmail({ ...input, now: new Date(Date.parse(e.startsAt) - 7 * 86_400_000) }),
    ],
    ['survey invitation', surveyInvitationEmail(survey)],
    ['survey reminder', surveyReminderEmail(survey)],
    [
      'indicator export',
      indicatorExportEmail({ year: 2025, generatedAt: e.startsAt, fileName: 'x.csv', contact }),
    ],
  ];
}

beforeAll(() => setSiteContact(contact));
afterAll(() => setSiteContact(undefined));

describe('Czech of every page', () => {
  it.each(starts.map((_, index) => [starts[index]?.[0], index] as const))(
    'pages of an event at %s read right',
    async (_start, index) => {
      const problems: string[] = [];
      for (const [name, node] of pages(index)) {
        const html = await render(node);
        for (const problem of czechTextProblems(html, { html: true, userContent })) {
          problems.push(`${name}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('the footer of every page names the organisers and how to reach them', async () => {
    const html = await render(<EventListPage events={[]} />);
    expect(html).toContain('Krajský úřad Libereckého kraje');
    expect(html).toContain('U\u00a0Jezu 642/2a, 461\u00a080\u00a0Liberec');
    expect(html).toContain('href="tel:+420485000111"');
    expect(html).toContain('href="mailto:skoleni@kraj-example.cz"');
  });
});

describe('Czech of every email', () => {
  it.each(starts.map((_, index) => [starts[index]?.[0], index] as const))(
    'emails about an event at %s read right, in HTML and in plain text',
    (_start, index) => {
      const problems: string[] = [];
      for (const [name, email] of emails(index)) {
        for (const problem of [
          ...czechTextProblems(email.html, { html: true, userContent }),
          ...czechTextProblems(email.text, { html: false, userContent }),
          ...czechTextProblems(email.subject, { html: false, userContent }),
        ]) {
          problems.push(`${name}: ${problem}`);
        }
        expect(email.text, name).toContain('tel. +420 485 000 111, e-mail skoleni@kraj-example.cz');
        expect(email.text, name).toContain('U Jezu 642/2a, 461 80 Liberec');
      }
      expect(problems).toEqual([]);
    },
  );
});

describe('the checker', () => {
  it.each([
    ['Registrace je otevřená do středa 22. října 2025.', 'do/od'],
    ['která se měla konat od čtvrtek 23. října', 'do/od'],
    ['Stav k středa 22. října 2025', 'k/ke'],
    ['Stav ke sobota 25. října', 'k/ke'],
    ['Akce se koná ve středa 22. října', 'v/ve'],
    ['Akce se koná v neděle 26. října', 'v/ve'],
    ['Stav k středě 22. října', '„ke středě“'],
    ['koná se v čtvrtek', '„ve středu“'],
    ['Spočítáno 22. 10. 2025 v 2:00', '„ve“ before'],
    ['začíná zítra v 14:00', '„ve“ before'],
    ['začíná dnes v 21:30', '„ve“ before'],
    ['začíná dnes ve 9:00', '„v“, not „ve“'],
    ['export indikátorů', 'indikátor'],
    ['zrušte registraci, ať místo dostane jiný', '„ať“'],
    ['někdo (nejspíš vy)', 'nejspíš'],
    ['zapíšeme vás jedním pípnutím', 'pípnutím'],
    ['3 – něco mezi', 'něco mezi'],
    ['akčního plánu „Posilování úrovně služeb v digitálním věku“', 'called the plan'],
  ])('finds the fault in „%s“', (text, rule) => {
    const problems = czechTextProblems(text, { html: false });
    expect(problems.some((problem) => problem.includes(rule))).toBe(true);
  });

  it('finds an ordinary space after a one-letter word in HTML, not in plain text', () => {
    const html = '<p>Akce v sále a&nbsp;k&nbsp;tomu</p>';
    expect(czechTextProblems(html, { html: true })).toEqual([
      expect.stringContaining('one-letter word'),
    ]);
    expect(czechTextProblems('Akce v sále', { html: false })).toEqual([]);
    expect(czechTextProblems('<p>Akce v&nbsp;sále a&#160;k\u00a0tomu</p>', { html: true })).toEqual(
      [],
    );
  });

  it('accepts the right forms', () => {
    const text =
      'do středy 22. října, od čtvrtka, ke středě, k pátku, ve středu, v sobotu, v neděli, ve čtvrtek, v pátek, ve 2:00, ve 14:00, v 9:00, v 19:30, ukazatele, plánu „Chytřejší Liberecký kraj“ (oblast „Posilování úrovně služeb v digitálním věku“)';
    expect(czechTextProblems(text, { html: false })).toEqual([]);
  });

  it('leaves out what people typed', () => {
    expect(
      czechTextProblems('<h1>Kurz v Liberci</h1>', { html: true, userContent: ['Kurz v Liberci'] }),
    ).toEqual([]);
  });
});
