import { describe, expect, it } from 'vitest';
import {
  eventNoticeKey,
  eventNoticeMessages,
  mailMessageSchema,
} from '../../shared/domain/mail-message';

const registrations = [
  { id: 'r1', status: 'confirmed' },
  { id: 'r2', status: 'waitlisted' },
  { id: 'r3', status: 'cancelled' },
];

describe('event notices', () => {
  it('owe a cancellation to everyone still registered, at the revision the event reached', () => {
    const notice = { kind: 'event-cancelled', eventId: 'e1', revision: 4 } as const;
    expect(
      eventNoticeMessages(notice, { status: 'cancelled', revision: 5 }, registrations),
    ).toEqual([
      { kind: 'event-cancelled', eventId: 'e1', registrationId: 'r1', revision: 5 },
      { kind: 'event-cancelled', eventId: 'e1', registrationId: 'r2', revision: 5 },
    ]);
  });

  it('owe nothing when the cancellation was never stored', () => {
    const notice = { kind: 'event-cancelled', eventId: 'e1', revision: 4 } as const;
    expect(
      eventNoticeMessages(notice, { status: 'published', revision: 3 }, registrations),
    ).toEqual([]);
  });

  it('owe a change only while the stored event is at the changed revision and published', () => {
    const notice = { kind: 'event-changed', eventId: 'e1', revision: 4 } as const;
    const owed = (status: string, revision: number) =>
      eventNoticeMessages(notice, { status, revision }, registrations).map((m) => m.registrationId);
    expect(owed('published', 4)).toEqual(['r1', 'r2']);
    // The edit was refused or never written.
    expect(owed('published', 3)).toEqual([]);
    // A later change announces itself.
    expect(owed('published', 5)).toEqual([]);
    expect(owed('draft', 4)).toEqual([]);
    expect(owed('cancelled', 5)).toEqual([]);
  });

  it('pass the time and place before a change on to each email, so it can say what changed', () => {
    const previous = {
      startsAt: '2025-10-22T07:00:00.000Z',
      endsAt: '2025-10-22T10:00:00.000Z',
      venue: 'Liberec',
    };
    const notice = { kind: 'event-changed', eventId: 'e1', revision: 4, previous } as const;
    const messages = eventNoticeMessages(
      notice,
      { status: 'published', revision: 4 },
      registrations,
    );
    expect(messages.map((m) => (m.kind === 'event-changed' ? m.previous : undefined))).toEqual([
      previous,
      previous,
    ]);
    // Each message still parses as a mail message on the queue.
    for (const message of messages) expect(mailMessageSchema.parse(message)).toEqual(message);
  });

  it('owe a closed waiting list to those still waiting, once the event records it closed', () => {
    const notice = { kind: 'waitlist-closed' as const, eventId: 'e1', revision: 0 };
    expect(
      eventNoticeMessages(notice, { status: 'published', revision: 3 }, registrations),
    ).toEqual([]);
    const closed = { status: 'published', revision: 3, waitlistClosedAt: '2030-01-01T00:00:00Z' };
    expect(eventNoticeMessages(notice, closed, registrations)).toEqual(
      registrations
        .filter((r) => r.status === 'waitlisted')
        .map((r) => ({ kind: 'waitlist-closed', eventId: 'e1', registrationId: r.id })),
    );
  });

  it('are told apart by kind, event and revision', () => {
    const keysOf = [
      { kind: 'event-changed', eventId: 'e1', revision: 4 },
      { kind: 'event-changed', eventId: 'e1', revision: 5 },
      { kind: 'event-cancelled', eventId: 'e1', revision: 4 },
      { kind: 'event-changed', eventId: 'e2', revision: 4 },
    ] as const;
    expect(new Set(keysOf.map(eventNoticeKey)).size).toBe(4);
  });
});
