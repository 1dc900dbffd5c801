import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildEventIcs } from '../../shared/domain/calendar';
import {
  buildCalendarFeed,
  inCalendarFeed,
  matchesFilter,
  targetGroupFromSlug,
  topicSlug,
} from '../../shared/domain/calendar-feed';
import type { TrainingEvent } from '../../shared/domain/event';
import { eventCalendarUid } from '../../shared/domain/mail-content';

const settings = {
  publicBaseUrl: 'https://skoleni.kraj-lbc.cz',
  calendarName: 'Chytrá školení – vzdělávací akce Libereckého kraje',
  organiser: { name: 'Liberecký kraj', email: 'skoleni@kraj-lbc.cz' },
};

function event(overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  return {
    id: '01JAKCE0000000000000000001',
    title: 'Kybernetická bezpečnost; phishing, hesla',
    description:
      'Jak poznat podvodný e-mail.\n\nPraktická cvičení s dlouhým popisem, který se musí zalomit na více řádků podle RFC 5545.',
    format: 'workshop',
    topics: ['Kybernetická bezpečnost'],
    modernTechFocus: true,
    startsAt: '2026-10-15T07:00:00.000Z',
    endsAt: '2026-10-15T10:00:00.000Z',
    venue: 'Krajský úřad, U Jezu 642/2a, Liberec',
    capacity: 20,
    targetGroups: ['clerks', 'mayors'],
    status: 'published',
    confirmedCount: 3,
    waitlistedCount: 0,
    revision: 3,
    createdAt: '2026-09-01T08:00:00.000Z',
    updatedAt: '2026-09-02T08:00:00.000Z',
    ...overrides,
  };
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const timezone = calendar.getFirstSubcomponent('vtimezone');
  if (timezone) ICAL.TimezoneService.register(timezone);
  return calendar;
}

describe('the calendar feed', () => {
  const winter = event({
    id: '01JAKCE0000000000000000002',
    title: 'AI ve školství',
    startsAt: '2026-01-20T08:00:00.000Z',
    endsAt: '2026-01-20T12:00:00.000Z',
    revision: 0,
  });
  const cancelled = event({ id: '01JAKCE0000000000000000003', status: 'cancelled', revision: 4 });
  const text = buildCalendarFeed([event(), winter, cancelled], settings);
  const calendar = parse(text);
  const vevents = calendar.getAllSubcomponents('vevent');

  it('is RFC 5545 text a real parser reads: CRLF, folded lines, Europe/Prague time zone', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    }
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
      'Europe/Prague',
    );
    expect(vevents).toHaveLength(3);
  });

  it('gives each event the UID of the confirmation email, its SEQUENCE, URL and Prague times', () => {
    const first = new ICAL.Event(vevents[0]);
    expect(first.uid).toBe(eventCalendarUid('01JAKCE0000000000000000001'));
    expect(first.sequence).toBe(3);
    expect(first.summary).toBe('Kybernetická bezpečnost; phishing, hesla');
    expect(first.description).toContain('Praktická cvičení s dlouhým popisem');
    expect(first.location).toBe('Krajský úřad, U Jezu 642/2a, Liberec');
    expect(vevents[0]?.getFirstPropertyValue('url')).toBe(
      'https://skoleni.kraj-lbc.cz/akce/01JAKCE0000000000000000001',
    );
    expect(first.startDate.zone?.tzid).toBe('Europe/Prague');
    expect(first.startDate.toString()).toBe('2026-10-15T09:00:00');
    // The VTIMEZONE turns wall-clock time back into the stored instant, summer and winter.
    expect(first.startDate.toJSDate().toISOString()).toBe('2026-10-15T07:00:00.000Z');
    expect(new ICAL.Event(vevents[1]).startDate.toJSDate().toISOString()).toBe(
      '2026-01-20T08:00:00.000Z',
    );
    expect(vevents[0]?.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('marks a cancelled event CANCELLED with a raised SEQUENCE', () => {
    const entry = vevents[2];
    expect(entry?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(entry?.getFirstPropertyValue('sequence')).toBe(4);
    expect(entry?.getFirstPropertyValue('uid')).toBe(eventCalendarUid(cancelled.id));
  });

  it('the confirmation email .ics uses the same UID, so calendars merge the two', () => {
    const ics = buildEventIcs({
      uid: eventCalendarUid(event().id),
      title: event().title,
      startsAt: event().startsAt,
      endsAt: event().endsAt,
      organiserName: 'x',
      organiserEmail: 'x@example.cz',
      stampedAt: '2026-09-02T08:00:00.000Z',
    });
    const fromEmail = new ICAL.Event(parse(ics).getFirstSubcomponent('vevent') ?? undefined);
    expect(fromEmail.uid).toBe(new ICAL.Event(vevents[0]).uid);
  });

  it('an empty feed is still a valid calendar', () => {
    const empty = parse(buildCalendarFeed([], settings));
    expect(empty.name).toBe('vcalendar');
    expect(empty.getAllSubcomponents('vevent')).toEqual([]);
  });
});

describe('what the feed lists', () => {
  const now = Date.parse('2026-10-15T08:00:00Z');
  it('events that have not ended, cancelled ones only until they would have ended, drafts never', () => {
    expect(inCalendarFeed(event(), now)).toBe(true);
    expect(inCalendarFeed(event({ status: 'cancelled' }), now)).toBe(true);
    expect(inCalendarFeed(event({ status: 'cancelled' }), Date.parse('2026-10-15T10:00:00Z'))).toBe(
      false,
    );
    expect(inCalendarFeed(event({ status: 'draft' }), now)).toBe(false);
    expect(inCalendarFeed(event({ endsAt: '2026-10-15T07:59:00Z' }), now)).toBe(false);
  });

  it('filters by target group (Czech slug or key) and topic; unknown values match nothing', () => {
    expect(targetGroupFromSlug('starostove')).toBe('mayors');
    expect(targetGroupFromSlug('clerks')).toBe('clerks');
    expect(targetGroupFromSlug('kosmonauti')).toBeUndefined();
    expect(topicSlug('Kybernetická bezpečnost')).toBe('kyberneticka-bezpecnost');
    expect(matchesFilter(event(), {})).toBe(true);
    expect(matchesFilter(event(), { pro: 'starostove', tema: 'kyberneticka-bezpecnost' })).toBe(
      true,
    );
    expect(matchesFilter(event(), { pro: 'obcane' })).toBe(false);
    expect(matchesFilter(event(), { pro: 'kosmonauti' })).toBe(false);
    expect(matchesFilter(event(), { tema: 'Kybernetická bezpečnost' })).toBe(true);
    expect(matchesFilter(event(), { tema: 'zahradnictvi' })).toBe(false);
    expect(matchesFilter(event(), { tema: '%%%' })).toBe(false);
  });
});
