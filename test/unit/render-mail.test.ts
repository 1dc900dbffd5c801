import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/domain/event';
import type { Registration } from '../../shared/domain/registration';
import { type MailContext, renderMail } from '../../shared/mail/render';

const event: TrainingEvent = {
  id: '01JBCDEF8KQ3M4N5P6R7S8T9VW',
  title: 'Kybernetická bezpečnost pro úředníky',
  description: 'Základní kurz.',
  format: 'training',
  topics: ['bezpečnost'],
  modernTechFocus: true,
  startsAt: '2025-10-22T07:00:00.000Z',
  endsAt: '2025-10-22T10:00:00.000Z',
  venue: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
  capacity: 20,
  targetGroups: ['clerks'],
  status: 'published',
  confirmedCount: 1,
  waitlistedCount: 0,
  revision: 2,
  createdAt: '2025-09-01T08:00:00.000Z',
  updatedAt: '2025-09-01T08:00:00.000Z',
};

const registration: Registration = {
  id: '01JBCDEF8KQ3M4N5P6R7S8T9XX',
  eventId: event.id,
  name: 'Jana Nováková',
  email: 'Jana.Novakova@Example.cz',
  role: 'clerk',
  status: 'confirmed',
  source: 'registration',
  createdAt: '2025-09-02T08:00:00.000Z',
  confirmedAt: '2025-09-02T08:00:00.000Z',
};

const context: MailContext = {
  links: {
    publicBaseUrl: 'https://skoleni.example.cz',
    linkSecret: 'a-link-secret-of-at-least-32-characters!',
  },
  certificateSecret: 'a-certificate-secret-of-32-characters!!',
  sender: { name: 'Chytrá školení', address: 'skoleni@kraj-example.cz' },
  contact: { email: 'skoleni@kraj-example.cz', phone: '+420 485 000 111', address: 'Liberec' },
  now: new Date('2025-10-01T08:00:00.000Z'),
  event,
  registration,
};

const ref = { eventId: event.id, registrationId: registration.id };

describe('renderMail', () => {
  it('gives a confirmation the inline check-in QR code the HTML shows and the calendar file', () => {
    const email = renderMail({ kind: 'registration-confirmed', ...ref }, context);
    expect(email.to).toEqual({ address: 'jana.novakova@example.cz', name: 'Jana Nováková' });
    const [qr, ics, ...others] = email.attachments;
    expect(others).toEqual([]);
    expect(qr?.contentType).toBe('image/png');
    expect(email.html).toContain(`cid:${qr?.cid}`);
    expect(ics).toMatchObject({
      filename: 'akce.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    });
    expect(ics?.content).toContain(`UID:event-${event.id}@chytra-skoleni.cz`);
    expect(ics?.content).toContain('SEQUENCE:2');
    expect(email.text).toContain('https://skoleni.example.cz/zruseni/');
  });

  it('cancels the calendar entry when the event is cancelled, and attaches nothing to a waiting place', () => {
    const cancelled = renderMail(
      { kind: 'event-cancelled', ...ref, revision: 2 },
      { ...context, event: { ...event, status: 'cancelled' } },
    );
    expect(cancelled.attachments.map((a) => a.filename)).toEqual(['zruseni-akce.ics']);
    expect(cancelled.attachments[0]?.content).toContain('METHOD:CANCEL');
    const waiting = renderMail(
      { kind: 'registration-waitlisted', ...ref },
      { ...context, registration: { ...registration, status: 'waitlisted' } },
    );
    expect(waiting.attachments).toEqual([]);
  });

  it('attaches the certificate PDF and the indicator CSV its message carries', () => {
    const pdf = Buffer.from('%PDF-1.7 osvědčení');
    const certificate = renderMail(
      { kind: 'certificate', ...ref, number: 'LK-2025-000007', pdf: pdf.toString('base64') },
      context,
    );
    expect(certificate.attachments).toEqual([
      { filename: 'osvedceni-LK-2025-000007.pdf', content: pdf, contentType: 'application/pdf' },
    ]);
    const csv = '\uFEFFRok;Období\r\n2025;celý rok\r\n';
    const exported = renderMail(
      {
        kind: 'indicator-export',
        recipient: 'Indikatory@Kraj-example.cz',
        year: 2025,
        csvKey: 'indicators/2025/2025-11-02.csv',
        generatedAt: '2025-11-02T01:00:00.000Z',
        csv,
      },
      { ...context, event: undefined, registration: undefined },
    );
    expect(exported.to).toEqual({ address: 'indikatory@kraj-example.cz' });
    expect(exported.attachments).toEqual([
      {
        filename: 'indikatory-2025-2025-11-02.csv',
        content: csv,
        contentType: 'text/csv; charset=utf-8',
      },
    ]);
  });

  it('refuses an email about a registration without the registration or its address', () => {
    const { registration: _, ...withoutRegistration } = context;
    expect(() => renderMail({ kind: 'promoted', ...ref }, withoutRegistration)).toThrow();
    const purged = { ...registration, email: undefined };
    expect(() =>
      renderMail({ kind: 'promoted', ...ref }, { ...context, registration: purged }),
    ).toThrow();
  });
});
