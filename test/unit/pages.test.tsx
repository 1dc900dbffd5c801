import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import type { TrainingEvent } from '../../shared/domain/event';
import {
  registrationFieldMessages,
  registrationInputSchema,
} from '../../shared/domain/registration';
import { toFieldErrors } from '../../shared/domain/validation';
import { parseEventInput } from '../../shared/use-cases/manage-events';
import {
  isValidOrganiserCsrf,
  organiserCsrfToken,
  organiserSessionValue,
  requireOrganiserPage,
  safeNextPath,
} from '../../shared/web/auth';
import { eventFromForm } from '../../shared/web/form-input';
import {
  eventFieldId,
  eventFormMessages,
  eventToForm,
} from '../../shared/web/pages/admin/event-form';
import { cancelBlock } from '../../shared/web/pages/cancel-pages';
import {
  EventPage,
  RegistrationSentPage,
  registrationFieldId,
} from '../../shared/web/pages/event-page';
import { seatsText, waitingText } from '../../shared/web/pages/event-view';
import { ErrorSummary, toFormErrors } from '../../shared/web/pages/form-components';
import { siteCssVersion } from '../../shared/web/pages/site-css';
import { nbsp } from '../../shared/web/pages/typography';

const NOW = Date.parse('2030-03-01T10:00:00.000Z');

function event(overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  return {
    id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    title: 'Datové schránky prakticky',
    description: 'První odstavec.\nDruhý řádek.\n\n<b>Druhý</b> odstavec.',
    format: 'training',
    topics: ['datové schránky'],
    modernTechFocus: true,
    startsAt: '2030-03-31T07:00:00.000Z',
    endsAt: '2030-03-31T10:00:00.000Z',
    venue: 'Liberec',
    capacity: 10,
    targetGroups: ['clerks'],
    status: 'published',
    confirmedCount: 0,
    waitlistedCount: 0,
    revision: 0,
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const render = async (node: unknown) => String(await (node as Promise<string> | string));

describe('nbsp', () => {
  it('keeps one-letter words, numbers and dashes with their neighbours', () => {
    expect(nbsp('Akce v sále a k tomu i s obědem')).toBe(
      'Akce v\u00a0sále a\u00a0k\u00a0tomu i\u00a0s\u00a0obědem',
    );
    expect(nbsp('3 volná místa')).toBe('3\u00a0volná místa');
    expect(nbsp('úterý 22. října 2030 v 9:00')).toBe(
      'úterý 22.\u00a0října\u00a02030\u00a0v\u00a09:00',
    );
    expect(nbsp('obsazeno – čekací listina')).toBe('obsazeno\u00a0– čekací listina');
  });

  it('leaves other spaces alone', () => {
    expect(nbsp('Praha je krásná')).toBe('Praha je krásná');
  });
});

describe('seatsText', () => {
  it.each([
    [9, '1\u00a0volné místo'],
    [8, '2\u00a0volná místa'],
    [6, '4\u00a0volná místa'],
    [5, '5\u00a0volných míst'],
    [0, '10\u00a0volných míst'],
  ])('with %i of 10 taken says %s', (taken, text) => {
    expect(seatsText(event({ confirmedCount: taken }))).toBe(text);
  });

  it('offers the waiting list when full', () => {
    expect(seatsText(event({ confirmedCount: 10 }))).toBe(
      'obsazeno\u00a0– můžete se zapsat na čekací listinu',
    );
  });
});

describe('waitingText', () => {
  it.each([
    [0, 'zatím na ní nikdo nečeká'],
    [1, 'teď na ní čeká 1\u00a0člověk'],
    [3, 'teď na ní čekají 3\u00a0lidé'],
    [12, 'teď na ní čeká 12\u00a0lidí'],
  ])('with %i waiting says %s', (waiting, text) => {
    expect(waitingText(event({ confirmedCount: 10, waitlistedCount: waiting }))).toBe(text);
  });
});

describe('safeNextPath', () => {
  it.each(['/admin', '/admin/akce/01ARZ3NDEKTSV4RRFFQ69G5FAV?stav=ulozeno', '/'])(
    'accepts %s',
    (path) => expect(safeNextPath(path)).toBe(path),
  );
  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/admin',
    'admin',
    'javascript:alert(1)',
    '/admin\nLocation: x',
    '/a b',
    '',
    undefined,
  ])('refuses %j', (path) => expect(safeNextPath(path)).toBeUndefined());
});

describe('organiser page guard and CSRF token', () => {
  const auth = { mode: 'token', token: 'a-very-secret-token-123' } as const;
  const secret = 's'.repeat(32);
  const app = new Hono();
  app.use('/admin/*', requireOrganiserPage(auth, { except: ['/admin/prihlaseni'] }));
  app.get('/admin/prihlaseni', (c) => c.text('login'));
  app.get('/admin/x', (c) => c.text(organiserCsrfToken(c, auth, secret)));
  // Unguarded, so the token check itself is what answers.
  app.post('/csrf', async (c) => {
    const form = await c.req.parseBody();
    return c.text(String(isValidOrganiserCsrf(c, auth, secret, String(form._csrf ?? ''))));
  });
  const cookie = { cookie: `organiser_session=${organiserSessionValue(auth.token, Date.now())}` };
  const post = (csrf: string, headers: Record<string, string> = cookie) =>
    app.request('/csrf', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    });

  it('redirects without a credential and lets the sign-in page through', async () => {
    const response = await app.request('/admin/x?a=1');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/prihlaseni?next=%2Fadmin%2Fx%3Fa%3D1');
    expect((await app.request('/admin/prihlaseni')).status).toBe(200);
  });

  it('accepts the token of the session and nothing else', async () => {
    const token = await (await app.request('/admin/x', { headers: cookie })).text();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await (await post(token)).text()).toBe('true');
    // The session carries a random nonce, so the token's last character varies: change it for sure.
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await (await post(altered)).text()).toBe('false');
    expect(await (await post('')).text()).toBe('false');
    // A bearer token is another credential: a token bound to the session does not pass for it.
    const bearer = { authorization: `Bearer ${auth.token}` };
    expect(await (await post(token, bearer)).text()).toBe('false');
    const other = { cookie: 'organiser_session=another-token-4567890' };
    expect(await (await post(token, other)).text()).toBe('false');
    expect(await (await post(token, {})).text()).toBe('false');
  });
});

describe('event form mapping', () => {
  it('converts Prague local times to UTC on both sides of a DST change and back', () => {
    const raw = eventFromForm({
      title: ' Kurz ',
      format: 'course',
      topics: 'AI,  bezpečnost , ',
      modernTechFocus: 'on',
      startsAt: '2030-03-30T09:00',
      endsAt: '2030-03-31T09:00',
      venue: 'Liberec',
      capacity: '1 000',
      'targetGroups-mayors': 'on',
      'targetGroups-other': 'on',
      registrationClosesAt: '2030-03-29T23:59',
      reminderOffsetsHours: '48, 2',
      clientAllowancePerHour: '60',
      status: 'published',
    });
    const input = parseEventInput(raw);
    expect(input).toMatchObject({
      title: 'Kurz',
      format: 'course',
      topics: ['AI', 'bezpečnost'],
      modernTechFocus: true,
      startsAt: '2030-03-30T08:00:00.000Z',
      endsAt: '2030-03-31T07:00:00.000Z',
      capacity: 1000,
      targetGroups: ['mayors', 'other'],
      registrationClosesAt: '2030-03-29T22:59:00.000Z',
      reminderOffsetsHours: [48, 2],
      clientAllowancePerHour: 60,
      status: 'published',
    });
    expect(input.onlineUrl).toBeUndefined();
    expect(input.registrationOpensAt).toBeUndefined();

    const form = eventToForm({ ...event(), ...input });
    expect(form).toMatchObject({
      startsAt: '2030-03-30T09:00',
      endsAt: '2030-03-31T09:00',
      registrationClosesAt: '2030-03-29T23:59',
      registrationOpensAt: '',
      topics: 'AI, bezpečnost',
      capacity: '1000',
      'targetGroups-mayors': 'on',
      modernTechFocus: 'on',
      reminderOffsetsHours: '48, 2',
      clientAllowancePerHour: '60',
    });
    expect(form['targetGroups-clerks']).toBeUndefined();
    expect(
      parseEventInput(eventFromForm({ ...form, clientAllowancePerHour: '' }))
        .clientAllowancePerHour,
    ).toBeUndefined();
  });

  function formErrors(fields: Record<string, string>) {
    try {
      parseEventInput(eventFromForm(fields));
    } catch (error) {
      if (error instanceof ValidationError) {
        return toFormErrors(error.errors, eventFieldId, eventFormMessages);
      }
      throw error;
    }
    throw new Error('expected a validation error');
  }

  const valid = {
    title: 'Kurz',
    startsAt: '2030-03-30T09:00',
    endsAt: '2030-03-30T12:00',
    venue: 'Liberec',
    capacity: '20',
  };

  it('takes the waiting-list cap from the form: empty means the default, 0 turns it off', () => {
    const base = { ...valid, modernTechFocus: 'on' };
    expect(parseEventInput(eventFromForm(base)).waitlistCapacity).toBeUndefined();
    expect(
      parseEventInput(eventFromForm({ ...base, waitlistCapacity: '0' })).waitlistCapacity,
    ).toBe(0);
    const capped = parseEventInput(eventFromForm({ ...base, waitlistCapacity: '1 500' }));
    expect(capped.waitlistCapacity).toBe(1500);
    expect(eventToForm({ ...event(), ...capped }).waitlistCapacity).toBe('1500');
    expect(eventToForm(event()).waitlistCapacity).toBe('');
    expect(formErrors({ ...base, waitlistCapacity: '-1' })).toEqual([
      {
        id: 'waitlistCapacity',
        message: 'Čekací listina nemůže mít záporný počet míst. Zadejte 0, pokud ji nechcete.',
      },
    ]);
  });

  it('words problems for the person and links them to the form controls', () => {
    expect(formErrors({ ...valid, capacity: '12,5' })).toEqual([
      { id: 'capacity', message: 'Kapacita musí být celé číslo.' },
    ]);
    expect(formErrors({ ...valid, capacity: '0' })).toEqual([
      { id: 'capacity', message: 'Kapacita musí být alespoň 1 místo.' },
    ]);
    expect(formErrors({ ...valid, startsAt: '2030-02-30T09:00' })).toEqual([
      { id: 'startsAt', message: 'Zadejte začátek akce.' },
    ]);
    expect(formErrors({ ...valid, startsAt: '' })).toEqual([
      { id: 'startsAt', message: 'Vyplňte začátek akce.' },
    ]);
    expect(formErrors({ ...valid, reminderOffsetsHours: '24, zítra' })).toEqual([
      {
        id: 'reminderOffsetsHours',
        message: 'Zadejte celé počty hodin oddělené čárkou, například 168, 24.',
      },
    ]);
    expect(formErrors({ ...valid, onlineUrl: 'meet.example.cz' })[0]?.id).toBe('onlineUrl');
    expect(formErrors({ ...valid, topics: 'x'.repeat(61) })).toEqual([
      { id: 'topics', message: 'Jedno téma může mít nejvýše 60 znaků; témata oddělte čárkou.' },
    ]);
  });
});

describe('registration form errors', () => {
  it('map onto the form controls; the honeypot message has no link', () => {
    const parsed = registrationInputSchema.safeParse({
      name: '',
      email: 'x',
      role: 'nobody',
      organisation: { name: 'Obec', ico: '123' },
      website: 'spam',
    });
    if (parsed.success) throw new Error('expected failure');
    const errors = toFormErrors(
      toFieldErrors(parsed.error.issues, registrationFieldMessages),
      registrationFieldId,
    );
    expect(errors.map((e) => e.id)).toEqual([
      'name',
      'email',
      'role-clerk',
      'ico',
      'consent',
      undefined,
    ]);
    expect(errors[0]?.message).toBe('Vyplňte jméno a příjmení.');
  });
});

describe('ErrorSummary', () => {
  it('renders nothing without errors', async () => {
    expect(await render(<div>{ErrorSummary({ errors: [] })}</div>)).toBe('<div></div>');
  });

  it('is a focusable alert whose items link to the fields, with a Czech count', async () => {
    const html = await render(
      <ErrorSummary
        errors={[
          { id: 'name', message: 'Vyplňte jméno.' },
          { id: undefined, message: 'Bez odkazu.' },
        ]}
      />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain('autofocus=""');
    expect(html).toContain('Formulář obsahuje 2\u00a0chyby');
    expect(html).toContain('<li><a href="#name">Vyplňte jméno.</a></li>');
    expect(html).toContain('<li>Bez odkazu.</li>');
  });
});

describe('EventPage', () => {
  it('shows the form with a hidden honeypot while registration is open', async () => {
    const html = await render(<EventPage event={event()} nowMs={NOW} />);
    expect(html.startsWith('<!DOCTYPE html><html lang="cs">')).toBe(true);
    expect(html).toContain(`/static/site.css?v=${siteCssVersion}`);
    expect(html).toContain('<h1>Datové schránky prakticky</h1>');
    expect(html).toContain('neděle 31.\u00a0března\u00a02030, 9:00–12:00');
    expect(html).toMatch(
      /<div class="honeypot" aria-hidden="true"><label for="website">Nevyplňujte<\/label><input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off"\/>/,
    );
    expect(html).toContain('href="/ochrana-osobnich-udaju"');
    // The description is text: markup in it is escaped, line breaks kept.
    expect(html).toContain(
      '<p>První odstavec.<br/>Druhý řádek.</p><p>&lt;b&gt;Druhý&lt;/b&gt; odstavec.</p>',
    );
    for (const role of ['clerk', 'mayor', 'regional-staff', 'citizen', 'other']) {
      expect(html).toContain(`value="${role}"`);
    }
  });

  it.each([
    [
      'cancelled',
      { status: 'cancelled' as const },
      NOW,
      'Tato akce byla zrušena, registrace už není možná.',
    ],
    [
      'started',
      {},
      Date.parse('2030-03-31T08:00:00.000Z'),
      'Akce už začala nebo proběhla, registrace už není možná.',
    ],
    [
      'not yet open',
      { registrationOpensAt: '2030-03-10T08:00:00.000Z' },
      NOW,
      'Registrace se otevře',
    ],
    [
      'closed',
      { registrationClosesAt: '2030-02-01T08:00:00.000Z' },
      NOW,
      'Registrace na tuto akci je už uzavřená.',
    ],
  ])('explains why a %s event takes no registrations', async (_name, overrides, nowMs, text) => {
    const html = await render(<EventPage event={event(overrides)} nowMs={nowMs} />);
    expect(html).toContain(nbsp(text));
    expect(html).not.toContain('<form');
  });
});

describe('RegistrationSentPage', () => {
  it('asks to check the email and explains the waiting list', async () => {
    const confirmed = await render(<RegistrationSentPage event={event()} state="confirmed" />);
    expect(confirmed).toContain('Děkujeme za registraci');
    expect(confirmed).toContain('Zkontrolujte prosím e-mail.');
    const waitlisted = await render(<RegistrationSentPage event={event()} state="waitlisted" />);
    expect(waitlisted).toContain('Zapsali jsme vás na čekací listinu');
  });
});

describe('cancelBlock', () => {
  const registration = {
    id: '01ARZ3NDEKTSV4RRFFQ69G5FAW',
    eventId: event().id,
    role: 'citizen' as const,
    status: 'confirmed' as const,
    source: 'registration' as const,
    createdAt: '2030-01-01T00:00:00.000Z',
  };
  it('allows cancelling before and during the event only', () => {
    expect(cancelBlock(event(), registration, NOW)).toBeUndefined();
    expect(cancelBlock(event(), registration, Date.parse('2030-03-31T08:00:00Z'))).toBeUndefined();
    expect(cancelBlock(event(), registration, Date.parse('2030-04-01T08:00:00Z'))).toBe(
      'event-held',
    );
    expect(cancelBlock(event({ status: 'cancelled' }), registration, NOW)).toBe('event-cancelled');
    expect(cancelBlock(event(), { ...registration, status: 'cancelled' }, NOW)).toBe(
      'already-cancelled',
    );
  });
});
