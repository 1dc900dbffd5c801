import { describe, expect, it } from 'vitest';
import { type MailMessage, mailDedupeKey } from '../../shared/domain/mail-message';
import { type OutboxEntry, sweepMailOutbox } from '../../shared/mail/outbox';

const message = (registrationId: string): MailMessage => ({
  kind: 'registration-confirmed',
  eventId: 'e1',
  registrationId,
});
const entry = (registrationId: string): OutboxEntry => ({
  key: { pk: `OUTBOX#${registrationId}`, sk: 'OUTBOX' },
  message: message(registrationId),
  dedupeKey: mailDedupeKey(message(registrationId)),
});

/** An outbox whose due-time index still lists cleared entries for `lagReads` more reads. */
function laggingOutbox(entries: OutboxEntry[], lagReads: number) {
  let live = [...entries];
  let stale: OutboxEntry[] = [];
  let staleReads = 0;
  const cleared: string[] = [];
  return {
    cleared,
    async due(_now: Date, limit: number) {
      const listed = staleReads-- > 0 ? [...stale, ...live] : live;
      return { entries: listed.slice(0, limit), more: listed.length > limit };
    },
    async clear(done: OutboxEntry[]) {
      cleared.push(...done.map((e) => e.key.pk));
      stale = done;
      staleReads = lagReads;
      live = live.filter((e) => !done.includes(e));
    },
  };
}

describe('the mail outbox sweep', () => {
  it('handles each entry once although the index lists a cleared page again', async () => {
    // 150 entries: a first page of 100, then the index lists those 100 again for three reads.
    const ids = Array.from({ length: 150 }, (_, i) => `r${i}`);
    const outbox = laggingOutbox(ids.map(entry), 3);
    const queued: MailMessage[] = [];
    const summary = await sweepMailOutbox(
      {
        outbox,
        events: {
          getEvent: async () => undefined,
          listRegistrations: async () => [],
        },
        sentMail: { sentAmong: async (keys) => new Set(keys.filter((k) => !k.endsWith('#r7'))) },
        mail: { enqueue: async (messages) => void queued.push(...messages) },
        promote: async () => 0,
      },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(summary).toMatchObject({ entriesDue: 150, alreadySent: 149, requeued: 1, more: false });
    expect(queued).toEqual([message('r7')]);
    expect(outbox.cleared).toEqual(ids.map((id) => `OUTBOX#${id}`));
  });

  it('fills seats that cancellations freed, once per event, only while the event is ahead', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const cancellation = (eventId: string, registrationId: string): OutboxEntry => {
      const cancelled: MailMessage = { kind: 'registration-cancelled', eventId, registrationId };
      return {
        key: { pk: `OUTBOX#${eventId}-${registrationId}`, sk: 'OUTBOX' },
        message: cancelled,
        dedupeKey: mailDedupeKey(cancelled),
      };
    };
    const event = (id: string, status: string, startsInMs: number) => ({
      id,
      status,
      startsAt: new Date(now.getTime() + startsInMs).toISOString(),
    });
    const events = new Map([
      ['ahead', event('ahead', 'published', 3_600_000)],
      ['started', event('started', 'published', -60_000)],
      ['cancelled', event('cancelled', 'cancelled', 3_600_000)],
    ]);
    const promotedFor: string[] = [];
    const summary = await sweepMailOutbox(
      {
        outbox: laggingOutbox(
          [
            cancellation('ahead', 'r1'),
            cancellation('ahead', 'r2'),
            cancellation('started', 'r3'),
            cancellation('cancelled', 'r4'),
            entry('r5'),
          ],
          0,
        ),
        events: {
          getEvent: async (id) => events.get(id) as never,
          listRegistrations: async () => [],
        },
        sentMail: { sentAmong: async (keys) => new Set(keys) },
        mail: { enqueue: async () => undefined },
        promote: async (eventId) => {
          promotedFor.push(eventId);
          return 2;
        },
      },
      now,
    );
    expect(promotedFor).toEqual(['ahead']);
    expect(summary).toMatchObject({ entriesDue: 5, alreadySent: 5, promoted: 2 });
  });
});
