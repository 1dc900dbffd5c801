import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/domain/event';
import {
  escapeHtml,
  eventCalendarUid,
  pragueDaysUntil,
  startsInPhrase,
} from '../../shared/domain/mail-content';
import type { Registration } from '../../shared/domain/registration';
import {
  eventCancelledEmail,
  eventChangedEmail,
  reminderEmail,
} from '../../shared/mail/emails/event-emails';
import {
  indicatorExportEmail,
  indicatorExportFileName,
} from '../../shared/mail/emails/indicator-export-email';
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

const event: TrainingEvent = {
  id: '01JBCDEF8KQ3M4N5P6R7S8T9VW',
  title: 'Kybernetická bezpečnost pro úředníky',
  description: 'Základní kurz.',
  format: 'training',
  topics: ['bezpečnost'],
  modernTechFocus: true,
  // 9:00–12:00 Prague time (CEST).
  startsAt: '2025-10-22T07:00:00.000Z',
  endsAt: '2025-10-22T10:00:00.000Z',
  venue: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
  capacity: 20,
  targetGroups: ['clerks'],
  status: 'published',
  confirmedCount: 1,
  waitlistedCount: 0,
  revision: 0,
  createdAt: '2025-09-01T08:00:00.000Z',
  updatedAt: '2025-09-01T08:00:00.000Z',
};

const registration: Registration = {
  id: '01JBCDEF8KQ3M4N5P6R7S8T9XX',
  eventId: event.id,
  name: 'Jana Nováková',
  email: 'jana.novakova@example.cz',
  role: 'clerk',
  organisationName: 'Obec Příklad',
  status: 'confirmed',
  source: 'registration',
  createdAt: '2025-09-02T08:00:00.000Z',
  confirmedAt: '2025-09-02T08:00:00.000Z',
};

const contact = {
  email: 'skoleni@kraj-example.cz',
  phone: '+420 485 000 111',
  address: 'U Jezu 642/2a, 461 80 Liberec',
};

const links = {
  event: `https://skoleni.example.cz/akce/${event.id}`,
  cancel: 'https://skoleni.example.cz/zruseni/abc.def?a=1&b=2',
};

function input(overrides: Partial<RegistrationEmailInput> = {}): RegistrationEmailInput {
  return {
    event,
    registration,
    links,
    now: new Date('2025-10-01T08:00:00.000Z'),
    contact,
    ...overrides,
  };
}

describe('registration emails', () => {
  it('confirmation: subject, details in Prague time, cancel link in both parts, QR with alt', () => {
    const email = registrationConfirmedEmail(input({ qrCid: 'qr@test' }));
    expect(email.subject).toBe('Registrace potvrzena: Kybernetická bezpečnost pro úředníky');
    expect(email.text).toContain('Termín: středa 22. října 2025, 9:00–12:00');
    expect(email.text).toContain(`Zrušit registraci: ${links.cancel}`);
    expect(email.text).toContain(links.event);
    // In HTML the & of the query string is an entity inside the attribute.
    expect(email.html).toContain('href="https://skoleni.example.cz/zruseni/abc.def?a=1&amp;b=2"');
    expect(email.html).toMatch(/<img src="cid:qr@test" alt="[^"]+"/);
    expect(email.html).toContain('<html lang="cs">');
    expect(email.html).toContain('<meta charset="utf-8">');
    expect(email.text).toContain('Krajský úřad Libereckého kraje');
    expect(email.text).toContain(
      'S pozdravem\ntým vzdělávacích akcí\nKrajský úřad Libereckého kraje\nU Jezu 642/2a, 461 80 Liberec\ntel. +420 485 000 111, e-mail skoleni@kraj-example.cz',
    );
    // The HTML part keeps „9:00“ with its date and the phone number on one line.
    expect(email.html).toContain('22.\u00a0října\u00a02025');
    expect(email.html).toContain('+420\u00a0485\u00a0000\u00a0111');
  });

  it('confirmation without a QR image has no broken image', () => {
    const email = registrationConfirmedEmail(input());
    expect(email.html).not.toContain('<img');
  });

  it('waiting list: says the seat is not guaranteed and that we will write', () => {
    const email = registrationWaitlistedEmail(
      input({ registration: { ...registration, status: 'waitlisted' } }),
    );
    expect(email.subject).toBe('Jste na čekací listině: Kybernetická bezpečnost pro úředníky');
    expect(email.text).toContain('Místo vám zatím zaručit nemůžeme');
    expect(email.text).toContain('automaticky vás přesuneme mezi účastníky');
    expect(email.text).toContain('Pokud už o účast nestojíte, registraci prosím zrušte.');
    expect(email.text).toContain(links.cancel);
  });

  it('duplicate registration: tells the current status and gives the cancel link', () => {
    const confirmed = duplicateRegistrationEmail(input());
    expect(confirmed.subject).toBe(
      'Na akci Kybernetická bezpečnost pro úředníky už registraci máte',
    );
    expect(confirmed.text).toContain('Stav vaší registrace: potvrzeno.');
    expect(confirmed.text).toContain(links.cancel);
    const waiting = duplicateRegistrationEmail(
      input({ registration: { ...registration, status: 'waitlisted' } }),
    );
    expect(waiting.text).toContain('Stav vaší registrace: na čekací listině.');
  });

  it('promotion and cancellation', () => {
    expect(promotedEmail(input()).subject).toBe(
      'Uvolnilo se místo, máte potvrzenou účast: Kybernetická bezpečnost pro úředníky',
    );
    expect(promotedEmail(input()).text).toContain(links.cancel);
    expect(promotedEmail(input()).text).toContain('Místo je teď vaše');
    const closed = waitlistClosedEmail(
      input({ registration: { ...registration, status: 'waitlisted' } }),
    );
    expect(closed.subject).toBe(
      'Na akci se už místo neuvolnilo: Kybernetická bezpečnost pro úředníky',
    );
    expect(closed.text).toContain('akce je plně obsazená');
    expect(closed.text).not.toContain(links.cancel);
    const cancelled = registrationCancelledEmail(input());
    expect(cancelled.subject).toBe('Registrace zrušena: Kybernetická bezpečnost pro úředníky');
    expect(cancelled.text).not.toContain(links.cancel);
    expect(cancelled.text).toContain(links.event);
  });
});

describe('event emails', () => {
  it('cancellation and change', () => {
    expect(eventCancelledEmail(input()).subject).toBe(
      'Akce zrušena: Kybernetická bezpečnost pro úředníky',
    );
    expect(eventCancelledEmail(input()).text).toContain(
      'měla konat ve středu 22. října 2025 od 9:00 do 12:00',
    );
    const changed = eventChangedEmail(
      input({ event: { ...event, venue: 'Online', onlineUrl: 'https://meet.example.cz/abc' } }),
    );
    expect(changed.subject).toBe('Změna termínu nebo místa: Kybernetická bezpečnost pro úředníky');
    expect(changed.text).toContain('Místo: Online');
    expect(changed.text).toContain('Připojení online: https://meet.example.cz/abc');
  });

  it('a change says what it was and what it is, with one word for it', () => {
    const moved = eventChangedEmail({
      ...input({
        event: {
          ...event,
          startsAt: '2025-10-23T11:00:00.000Z',
          endsAt: '2025-10-23T13:00:00.000Z',
        },
      }),
      previous: { startsAt: event.startsAt, endsAt: event.endsAt, venue: event.venue },
    });
    expect(moved.subject).toBe('Změna termínu: Kybernetická bezpečnost pro úředníky');
    expect(moved.text).toContain('došlo ke změně termínu.');
    expect(moved.text).toContain('Původně: středa 22. října 2025, 9:00–12:00');
    expect(moved.text).toContain('Nově: čtvrtek 23. října 2025, 13:00–15:00');
    expect(moved.text).toContain('Pokud vám změna termínu nevyhovuje');

    const relocated = eventChangedEmail({
      ...input({ event: { ...event, venue: 'Zasedací sál, Liberec' } }),
      previous: { startsAt: event.startsAt, endsAt: event.endsAt, venue: event.venue },
    });
    expect(relocated.subject).toBe('Změna místa: Kybernetická bezpečnost pro úředníky');
    expect(relocated.text).toContain(`Původně: ${event.venue}`);
    expect(relocated.text).toContain('Nově: Zasedací sál, Liberec');
  });

  it.each([
    [
      '2025-10-15T08:00:00.000Z',
      'Připomínka: Kybernetická bezpečnost pro úředníky za 7 dní',
      'začíná za 7 dní',
    ],
    [
      '2025-10-19T08:00:00.000Z',
      'Připomínka: Kybernetická bezpečnost pro úředníky za 3 dny',
      'začíná za 3 dny',
    ],
    [
      '2025-10-21T08:00:00.000Z',
      'Připomínka: Kybernetická bezpečnost pro úředníky už zítra',
      'začíná zítra v 9:00',
    ],
    [
      '2025-10-22T05:00:00.000Z',
      'Připomínka: Kybernetická bezpečnost pro úředníky už dnes',
      'začíná dnes v 9:00',
    ],
  ])('reminder sent at %s', (now, subject, lead) => {
    const email = reminderEmail(input({ now: new Date(now) }));
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(lead);
    expect(email.text).toContain(links.cancel);
  });
});

describe('survey emails', () => {
  const surveyLink = 'https://skoleni.example.cz/dotaznik/tok.en';
  it('invitation and reminder carry the survey link', () => {
    const invitation = surveyInvitationEmail({
      event,
      links: { survey: surveyLink },
      now: new Date(),
      contact,
    });
    expect(invitation.subject).toContain('Kybernetická bezpečnost pro úředníky');
    expect(invitation.text).toContain(`Vyplnit dotazník: ${surveyLink}`);
    expect(invitation.html).toContain(`href="${surveyLink}"`);
    // The event ends on 22 October; invitations go on the 23rd and answers are taken 14 days.
    expect(invitation.text).toContain('Dotazník můžete vyplnit do čtvrtka 6. listopadu 2025.');
    const reminder = surveyReminderEmail({
      event,
      links: { survey: surveyLink },
      now: new Date(),
      contact,
    });
    expect(reminder.text).toContain('Dotazník můžete vyplnit do čtvrtka 6. listopadu 2025.');
    expect(reminder.subject).toBe(
      'Připomínka: dotazník k akci Kybernetická bezpečnost pro úředníky',
    );
    expect(reminder.text).toContain(surveyLink);
  });
});

describe('indicator export email', () => {
  it('names the year and the file', () => {
    const fileName = indicatorExportFileName(2025, '2025-11-03T01:00:00.000Z');
    expect(fileName).toBe('indikatory-2025-2025-11-03.csv');
    const email = indicatorExportEmail({
      year: 2025,
      generatedAt: '2025-11-03T01:00:00.000Z',
      fileName,
      contact,
    });
    expect(email.subject).toBe('Export ukazatelů za rok 2025');
    expect(email.text).toContain(fileName);
    expect(email.text).toContain('Chytřejší Liberecký kraj');
    expect(email.text).toContain('Stav k 3. 11. 2025, 2:00.');
  });
});

describe('escaping', () => {
  const hostile = '<script>alert("x")</script> & spol.';
  const evil = input({
    event: { ...event, title: hostile, venue: '<img src=x onerror=alert(1)>' },
    registration: { ...registration, name: hostile, organisationName: hostile },
    qrCid: 'qr@test',
  });
  const rendered = [
    registrationConfirmedEmail(evil),
    registrationWaitlistedEmail(evil),
    duplicateRegistrationEmail(evil),
    promotedEmail(evil),
    registrationCancelledEmail(evil),
    eventCancelledEmail(evil),
    eventChangedEmail(evil),
    reminderEmail(evil),
    surveyInvitationEmail({
      event: evil.event,
      links: { survey: 'https://x.cz/"onmouseover="' },
      now: new Date(),
      contact,
    }),
  ];

  it.each(rendered.map((email) => [email.subject, email]))('%s', (_subject, email) => {
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).not.toContain('"onmouseover="');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; spol.');
    // Plain text is not HTML: it keeps the characters as they are.
    expect(email.text).toContain(hostile);
  });

  it('keeps a subject on one line', () => {
    const email = registrationConfirmedEmail(
      input({ event: { ...event, title: 'Řádek\r\nBcc: x@y.cz' } }),
    );
    expect(email.subject).toBe('Registrace potvrzena: Řádek Bcc: x@y.cz');
  });

  it('escapeHtml', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('startsInPhrase', () => {
  const start = '2025-10-22T07:00:00.000Z'; // 9:00 Prague
  it.each([
    ['2025-10-22T06:00:00.000Z', 'dnes'],
    ['2025-10-21T21:30:00.000Z', 'zítra'], // 23:30 Prague the evening before
    ['2025-10-19T22:30:00.000Z', 'za 2 dny'], // 0:30 Prague, two calendar days before
    ['2025-10-18T07:00:00.000Z', 'za 4 dny'],
    ['2025-10-17T07:00:00.000Z', 'za 5 dní'],
    ['2025-10-15T07:00:00.000Z', 'za 7 dní'],
  ])('at %s says %s', (now, phrase) => {
    expect(startsInPhrase(start, new Date(now))).toBe(phrase);
  });

  it('counts calendar days across the change to winter time', () => {
    // 2025-10-26 has 25 hours in Prague.
    expect(pragueDaysUntil('2025-10-27T08:00:00.000Z', new Date('2025-10-25T08:00:00.000Z'))).toBe(
      2,
    );
  });

  it('calendar UID stays the same for one event', () => {
    expect(eventCalendarUid(event.id)).toBe(`event-${event.id}@chytra-skoleni.cz`);
  });
});
