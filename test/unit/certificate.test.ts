import { describe, expect, it } from 'vitest';
import {
  type Certificate,
  certificateHours,
  certificateRecipients,
  certificateSignature,
  certificatesDueAt,
  certificatesEnabled,
  certificateVerificationUrl,
  formatCertificateDates,
  formatCertificateNumber,
  formatHoursCs,
  parseCertificateNumber,
  verifyCertificateSignature,
} from '../../shared/domain/certificate';
import { mailDedupeKey } from '../../shared/domain/mail-message';
import { certificateEmail } from '../../shared/mail/emails/certificate-email';
import { renderCertificatesPdf } from '../../shared/web/certificates/certificate-pdf';
import { eventFromForm } from '../../shared/web/form-input';
import { eventToForm } from '../../shared/web/pages/admin/event-form';
import { decodeQr, pdfGreyImages, pdfPagesText } from '../support/pdf';

const secret = 'a-test-secret-that-is-long-enough-1234';
const links = { publicBaseUrl: 'https://skoleni.example.cz/', certificateSecret: secret };

function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    number: 'LK-2026-000123',
    year: 2026,
    sequence: 123,
    eventId: 'evt1',
    registrationId: 'reg1',
    name: 'Řehoř Ďoubalík-Ňůťová',
    eventTitle: 'Kybernetická bezpečnost pro úřady: žádné heslo „123456“',
    startsAt: '2025-10-29T08:00:00.000Z',
    endsAt: '2025-10-29T14:30:00.000Z',
    hours: 6.5,
    place: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
    organiser: {
      body: 'Liberecký kraj',
      ico: '70891508',
      signatoryName: 'Mgr. Jana Dvořáková',
      signatoryRole: 'vedoucí odboru regionálního rozvoje',
    },
    issuedAt: '2026-01-05T07:30:00.000Z',
    status: 'valid',
    ...overrides,
  };
}

/** pdf.js splits lines where the layout wraps them; compare text with whitespace collapsed. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('certificate numbers', () => {
  it('are the prefix, the year and six digits, and parse back', () => {
    expect(formatCertificateNumber('LK', 2026, 123)).toBe('LK-2026-000123');
    expect(parseCertificateNumber('LK-2026-000123')).toEqual({
      prefix: 'LK',
      year: 2026,
      sequence: 123,
    });
    for (const bad of ['LK-2026-123', 'lk-2026-000123', 'LK-2026-000000', 'LK-26-000001', '']) {
      expect(parseCertificateNumber(bad), bad).toBeUndefined();
    }
  });
});

describe('verification link', () => {
  it('is signed: only the number it was made for verifies', () => {
    const url = certificateVerificationUrl(links, 'LK-2026-000123');
    const [, , number, signature] = new URL(url).pathname.split('/');
    expect(url.startsWith('https://skoleni.example.cz/osvedceni/LK-2026-000123/')).toBe(true);
    expect(verifyCertificateSignature(secret, number as string, signature as string)).toBe(true);
    expect(verifyCertificateSignature(secret, 'LK-2026-000124', signature as string)).toBe(false);
    expect(verifyCertificateSignature(`${secret}x`, number as string, signature as string)).toBe(
      false,
    );
    const tampered = `${(signature as string).slice(0, -1)}${signature?.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyCertificateSignature(secret, number as string, tampered)).toBe(false);
    expect(verifyCertificateSignature(secret, 'x', certificateSignature(secret, 'x'))).toBe(false);
  });
});

describe('who gets a certificate and when', () => {
  it('is on by default for trainings and courses only, and the organiser decides', () => {
    expect(certificatesEnabled({ format: 'training' })).toBe(true);
    expect(certificatesEnabled({ format: 'course' })).toBe(true);
    expect(certificatesEnabled({ format: 'round-table' })).toBe(false);
    expect(certificatesEnabled({ format: 'training', certificates: false })).toBe(false);
    expect(certificatesEnabled({ format: 'conference', certificates: true })).toBe(true);
  });

  it('goes to those marked present, walk-ins included, never to no-shows or cancelled ones', () => {
    const people = [
      { id: 'present', status: 'confirmed', attendedAt: '2025-10-29T08:05:00Z' },
      { id: 'walk-in', status: 'confirmed', attendedAt: '2025-10-29T08:10:00Z' },
      { id: 'no-show', status: 'confirmed' },
      { id: 'cancelled', status: 'cancelled', attendedAt: '2025-10-29T08:00:00Z' },
      { id: 'waiting', status: 'waitlisted' },
    ];
    expect(certificateRecipients(people).map((p) => p.id)).toEqual(['present', 'walk-in']);
    expect(certificateRecipients(people.slice(2))).toEqual([]);
  });

  it('is a setting of the organiser form: by format, on or off, kept across an edit', () => {
    const setting = (value: string | undefined) =>
      (eventFromForm({ certificates: value }) as { certificates?: boolean }).certificates;
    expect(setting('ano')).toBe(true);
    expect(setting('ne')).toBe(false);
    expect(setting('')).toBeUndefined();
    expect(setting(undefined)).toBeUndefined();
    const stored = {
      id: 'e',
      title: 'T',
      description: '',
      format: 'seminar',
      topics: [],
      modernTechFocus: false,
      startsAt: '2025-10-22T07:00:00.000Z',
      endsAt: '2025-10-22T09:00:00.000Z',
      venue: 'Liberec',
      capacity: 10,
      targetGroups: [],
      status: 'published',
      confirmedCount: 0,
      waitlistedCount: 0,
      revision: 0,
      createdAt: '2025-10-01T00:00:00.000Z',
      updatedAt: '2025-10-01T00:00:00.000Z',
    } as const;
    expect(
      eventToForm({ ...stored, targetGroups: [], topics: [], certificates: true }).certificates,
    ).toBe('ano');
    expect(
      eventToForm({ ...stored, targetGroups: [], topics: [], certificates: false }).certificates,
    ).toBe('ne');
    expect(eventToForm({ ...stored, targetGroups: [], topics: [] }).certificates).toBeUndefined();
  });

  it('is due the morning after the event, Prague time', () => {
    expect(certificatesDueAt({ endsAt: '2025-10-29T14:30:00.000Z' })).toBe(
      '2025-10-30T07:00:00.000Z',
    );
  });
});

describe('what the certificate says', () => {
  it('gives the length in hours, per day for events over several days', () => {
    expect(
      certificateHours({ startsAt: '2025-10-22T07:00:00Z', endsAt: '2025-10-22T13:00:00Z' }),
    ).toBe(6);
    expect(
      certificateHours({ startsAt: '2025-10-29T07:00:00Z', endsAt: '2025-10-30T14:00:00Z' }),
    ).toBe(14);
    expect(formatHoursCs(6)).toBe('6 hodin');
    expect(formatHoursCs(4)).toBe('4 hodiny');
    expect(formatHoursCs(1)).toBe('1 hodina');
    expect(formatHoursCs(6.5)).toBe('6,5 hodiny');
  });

  it('writes dates the Czech way', () => {
    expect(formatCertificateDates('2025-10-22T07:00:00Z', '2025-10-22T13:00:00Z')).toBe(
      '22. října 2025',
    );
    expect(formatCertificateDates('2025-10-29T07:00:00Z', '2025-10-31T13:00:00Z')).toBe(
      '29.–31. října 2025',
    );
    expect(formatCertificateDates('2025-10-30T07:00:00Z', '2025-11-02T13:00:00Z')).toBe(
      '30. října – 2. listopadu 2025',
    );
  });

  it('sends a reissued certificate as a new email, the same one once', () => {
    const base = {
      kind: 'certificate',
      eventId: 'e',
      registrationId: 'r',
      pdf: 'JVBERi0=',
    } as const;
    expect(mailDedupeKey({ ...base, number: 'LK-2026-000001' })).toBe(
      mailDedupeKey({ ...base, number: 'LK-2026-000001' }),
    );
    expect(mailDedupeKey({ ...base, number: 'LK-2026-000001' })).not.toBe(
      mailDedupeKey({ ...base, number: 'LK-2026-000002' }),
    );
  });
});

describe('the email', () => {
  it('names the certificate, its file and the verification link, in text and HTML', () => {
    const url = certificateVerificationUrl(links, 'LK-2026-000123');
    const email = certificateEmail({
      event: {
        id: 'e',
        title: 'Kybernetická bezpečnost & „hesla“',
        description: '',
        format: 'training',
        topics: [],
        modernTechFocus: true,
        startsAt: '2025-10-29T08:00:00.000Z',
        endsAt: '2025-10-29T12:00:00.000Z',
        venue: 'Liberec',
        capacity: 10,
        targetGroups: [],
        status: 'published',
        confirmedCount: 0,
        waitlistedCount: 0,
        revision: 0,
        createdAt: '2025-10-01T00:00:00.000Z',
        updatedAt: '2025-10-01T00:00:00.000Z',
      },
      number: 'LK-2026-000123',
      fileName: 'osvedceni-LK-2026-000123.pdf',
      verificationUrl: url,
      contact: {
        email: 'skoleni@kraj-example.cz',
        phone: '+420 485 000 111',
        address: 'U Jezu 642/2a, 461 80 Liberec',
      },
    });
    expect(email.subject).toBe('Osvědčení o absolvování: Kybernetická bezpečnost & „hesla“');
    // The HTML keeps dates together with no-break spaces.
    for (const part of [email.text, email.html.replaceAll('\u00a0', ' ')]) {
      expect(part).toContain('LK-2026-000123');
      expect(part).toContain('osvedceni-LK-2026-000123.pdf');
      expect(part).toContain(url);
      expect(part).toContain('29. října 2025');
    }
    expect(email.html).toContain('Kybernetická bezpečnost &amp; „hesla“');
  });
});

describe('the PDF', () => {
  const url = certificateVerificationUrl(links, 'LK-2026-000123');

  it('is one A4 page whose text has the name with diacritics, title, dates, hours, place, number and link', async () => {
    const pdf = await renderCertificatesPdf([{ certificate: certificate(), verificationUrl: url }]);
    const pages = await pdfPagesText(pdf);
    expect(pages).toHaveLength(1);
    const text = flat(pages[0] as string);
    expect(text).toContain('OSVĚDČENÍ');
    expect(text).toContain('Řehoř Ďoubalík-Ňůťová');
    expect(text).toContain('Kybernetická bezpečnost pro úřady: žádné heslo „123456“');
    expect(text).toContain('Termín: 29. října 2025');
    expect(text).toContain('Rozsah: 6,5 hodiny');
    expect(text).toContain('Místo konání: Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec');
    expect(text).toContain('Pořadatel: Liberecký kraj, IČO 70891508');
    expect(text).toContain('Číslo osvědčení: LK-2026-000123');
    expect(text).toContain('Datum vydání: 5. 1. 2026');
    expect(text).toContain('Mgr. Jana Dvořáková');
    expect(text).toContain(url);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });

  it('declares PDF/A-2b and is tagged, with its fonts embedded', async () => {
    const pdf = await renderCertificatesPdf([{ certificate: certificate(), verificationUrl: url }]);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(cs-CZ\)/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(raw).toContain('DejaVuSans');
    expect(raw).not.toContain('/Helvetica');
  });

  it('carries a QR code that a decoder reads as the verification link', async () => {
    const pdf = await renderCertificatesPdf([{ certificate: certificate(), verificationUrl: url }]);
    const images = await pdfGreyImages(pdf);
    expect(images).toHaveLength(1);
    expect(decodeQr(images[0] as (typeof images)[number])).toBe(url);
  });

  it('still renders a name the font lacks (CJK) and a 300-character title on one page', async () => {
    const title =
      `${'Digitalizace agend obecních úřadů a sdílení dat mezi úřady '.repeat(6)}`.slice(0, 300);
    const pdf = await renderCertificatesPdf([
      {
        certificate: certificate({ name: 'Jana 漢字 Nováková', eventTitle: title }),
        verificationUrl: url,
      },
    ]);
    const pages = await pdfPagesText(pdf);
    expect(pages).toHaveLength(1);
    const text = flat(pages[0] as string);
    expect(text).toContain('Jana \uFFFD\uFFFD Nováková');
    expect(text).toContain(flat(title));
    expect(text).toContain('Číslo osvědčení: LK-2026-000123');
  });

  it('puts a whole event on one page each, for printing', async () => {
    const pdf = await renderCertificatesPdf(
      ['Anna Šťastná', 'Ondřej Žák', 'Lucie Čermáková'].map((name, i) => ({
        certificate: certificate({ name, number: `LK-2026-00012${i}` }),
        verificationUrl: certificateVerificationUrl(links, `LK-2026-00012${i}`),
      })),
    );
    const pages = (await pdfPagesText(pdf)).map(flat);
    expect(pages).toHaveLength(3);
    expect(pages[1]).toContain('Ondřej Žák');
    expect(pages[2]).toContain('LK-2026-000122');
    expect((await pdfGreyImages(pdf)).map(decodeQr)).toEqual(
      [0, 1, 2].map((i) => certificateVerificationUrl(links, `LK-2026-00012${i}`)),
    );
  });
});
