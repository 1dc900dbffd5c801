import { describe, expect, it } from 'vitest';
import { buildEventIcs, type EventIcsInput } from '../../shared/domain/calendar';

const BASE: EventIcsInput = {
  uid: 'event-01JBCDEF8KQ3M4N5P6R7S8T9VW@chytra-skoleni.cz',
  title: 'Školení: Kybernetická bezpečnost pro úředníky – základní kurz',
  description: 'Přineste si notebook; občerstvení zajištěno.\nParkování u budovy.',
  startsAt: '2025-10-22T07:00:00.000Z',
  endsAt: '2025-10-22T10:00:00.000Z',
  location: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
  url: 'https://skoleni.example.cz/akce/01JBCDEF8KQ3M4N5P6R7S8T9VW',
  organiserName: 'Liberecký kraj',
  organiserEmail: 'skoleni@kraj-lbc.cz',
  stampedAt: '2025-10-01T08:00:00.000Z',
};

/** Undoes RFC 5545 line folding and splits into content lines. */
function contentLines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

/**
 * Value of the first property `name` directly inside `component` (VCALENDAR, VEVENT, VALARM),
 * ignoring properties of nested components so that VALARM's DESCRIPTION is not read as VEVENT's.
 */
function property(ics: string, component: string, name: string): string | undefined {
  let depth = 0;
  let inside = false;
  for (const line of contentLines(ics)) {
    if (line.startsWith('BEGIN:')) {
      if (inside) {
        depth++;
      } else if (line === `BEGIN:${component}`) {
        inside = true;
      }
      continue;
    }
    if (line.startsWith('END:')) {
      if (inside && depth === 0) {
        return undefined;
      }
      if (inside) {
        depth--;
      }
      continue;
    }
    if (inside && depth === 0 && (line.startsWith(`${name}:`) || line.startsWith(`${name};`))) {
      return line.slice(line.indexOf(':') + 1);
    }
  }
  return undefined;
}

describe('buildEventIcs', () => {
  it('produces a well-formed calendar with CRLF line endings', () => {
    const ics = buildEventIcs(BASE);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = contentLines(ics);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(1);
  });

  it('folds long lines at 75 octets', () => {
    const ics = buildEventIcs(BASE);
    for (const line of ics.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    }
  });

  it('writes start and end in UTC', () => {
    const ics = buildEventIcs(BASE);
    expect(property(ics, 'VEVENT', 'DTSTART')).toBe('20251022T070000Z');
    expect(property(ics, 'VEVENT', 'DTEND')).toBe('20251022T100000Z');
    expect(property(ics, 'VEVENT', 'DTSTAMP')).toBe('20251001T080000Z');
  });

  it('keeps Czech diacritics in the summary and escapes text values', () => {
    const ics = buildEventIcs(BASE);
    expect(property(ics, 'VEVENT', 'SUMMARY')).toBe(
      'Školení: Kybernetická bezpečnost pro úředníky – základní kurz',
    );
    expect(property(ics, 'VEVENT', 'DESCRIPTION')).toBe(
      'Přineste si notebook\\; občerstvení zajištěno.\\nParkování u budovy.',
    );
    expect(property(ics, 'VEVENT', 'LOCATION')).toBe(
      'Krajský úřad Libereckého kraje\\, U Jezu 642/2a\\, Liberec',
    );
  });

  it('includes organiser, URL and a stable UID', () => {
    const first = buildEventIcs(BASE);
    const second = buildEventIcs({ ...BASE, title: 'Nový název', sequence: 1 });
    expect(property(first, 'VEVENT', 'UID')).toBe(BASE.uid);
    expect(property(second, 'VEVENT', 'UID')).toBe(BASE.uid);
    expect(contentLines(first)).toContain(
      'ORGANIZER;CN="Liberecký kraj":mailto:skoleni@kraj-lbc.cz',
    );
    expect(property(first, 'VEVENT', 'URL')).toBe(BASE.url);
  });

  it('keeps a quote in the organiser name from ending its parameter', () => {
    const ics = buildEventIcs({ ...BASE, organiserName: 'Obec "Horní" Příklad' });
    expect(contentLines(ics)).toContain(
      `ORGANIZER;CN="Obec 'Horní' Příklad":mailto:${BASE.organiserEmail}`,
    );
  });

  it('is reproducible when the stamp is fixed', () => {
    expect(buildEventIcs(BASE)).toBe(buildEventIcs({ ...BASE }));
  });

  it('publishes by default as a confirmed event with sequence 0', () => {
    const ics = buildEventIcs(BASE);
    expect(property(ics, 'VCALENDAR', 'METHOD')).toBe('PUBLISH');
    expect(property(ics, 'VEVENT', 'STATUS')).toBe('CONFIRMED');
    expect(property(ics, 'VEVENT', 'SEQUENCE')).toBe('0');
  });

  it('supports REQUEST', () => {
    const ics = buildEventIcs({ ...BASE, method: 'REQUEST' });
    expect(property(ics, 'VCALENDAR', 'METHOD')).toBe('REQUEST');
    expect(property(ics, 'VEVENT', 'STATUS')).toBe('CONFIRMED');
  });

  it('marks a cancellation with METHOD:CANCEL and STATUS:CANCELLED', () => {
    const ics = buildEventIcs({ ...BASE, method: 'CANCEL', sequence: 3 });
    expect(property(ics, 'VCALENDAR', 'METHOD')).toBe('CANCEL');
    expect(property(ics, 'VEVENT', 'STATUS')).toBe('CANCELLED');
    expect(property(ics, 'VEVENT', 'SEQUENCE')).toBe('3');
    expect(property(ics, 'VEVENT', 'UID')).toBe(BASE.uid);
  });

  it('adds a display alarm 60 minutes before by default', () => {
    const ics = buildEventIcs(BASE);
    expect(property(ics, 'VALARM', 'ACTION')).toBe('DISPLAY');
    expect(property(ics, 'VALARM', 'TRIGGER')).toBe('-PT1H');
    expect(property(ics, 'VALARM', 'DESCRIPTION')).toBe(`Připomenutí: ${BASE.title}`);
  });

  it.each([
    [15, '-PT15M'],
    [90, '-PT1H30M'],
    [1440, '-P1D'],
    [0, 'PT0S'],
  ])('honours alarmMinutesBefore = %d', (minutes, trigger) => {
    const ics = buildEventIcs({ ...BASE, alarmMinutesBefore: minutes });
    expect(property(ics, 'VALARM', 'TRIGGER')).toBe(trigger);
  });

  it('omits optional properties that were not given', () => {
    const ics = buildEventIcs({
      uid: 'u1',
      title: 'Akce',
      startsAt: BASE.startsAt,
      endsAt: BASE.endsAt,
      organiserName: 'Organizátor',
      organiserEmail: 'org@example.cz',
    });
    expect(property(ics, 'VEVENT', 'DESCRIPTION')).toBeUndefined();
    expect(property(ics, 'VEVENT', 'LOCATION')).toBeUndefined();
    expect(property(ics, 'VEVENT', 'URL')).toBeUndefined();
    expect(property(ics, 'VEVENT', 'DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('rejects invalid or reversed times and a negative alarm', () => {
    expect(() => buildEventIcs({ ...BASE, startsAt: 'zítra' })).toThrow(RangeError);
    expect(() => buildEventIcs({ ...BASE, endsAt: '2025-10-22T06:00:00.000Z' })).toThrow(
      RangeError,
    );
    expect(() => buildEventIcs({ ...BASE, alarmMinutesBefore: -5 })).toThrow(RangeError);
  });
});
