import { registrationWindow, type TrainingEvent } from '../domain/event';
import { type EventNotice, eventNoticeMessages } from '../domain/mail-message';
import { enqueueBehindOutbox } from '../mail/outbox';
import { promoteFromWaitlist } from './cancel-registration';
import type { EventStore, MailQueue, RegistrationStore } from './ports';

export interface ReconcileWaitlistsDeps {
  events: Pick<
    EventStore,
    'listEventsByStart' | 'markWaitlistClosed' | 'getEvent' | 'recordNotice' | 'clearNotice'
  > &
    Pick<RegistrationStore, 'promoteNext' | 'listRegistrations' | 'restoreWaitlistEntries'>;
  mail: MailQueue;
}

/** What one run did: counts only, no personal data. */
export interface ReconcileWaitlistsSummary {
  at: string;
  /** Events read: those starting from a week ago on. */
  eventsChecked: number;
  /** Events found with a free seat and people waiting. */
  eventsWithFreeSeats: number;
  promoted: number;
  /** Events whose waiting people had no places in line yet (stored before they existed). */
  linesRestored: number;
  /** Events whose waiting list closed in this run; their waiting people are told once. */
  waitlistsClosed: number;
  /** Emails to people still waiting when the list closed. */
  closedNotices: number;
}

/**
 * Events whose registration closed this long ago are still looked at, so a job that stopped for
 * a few days still tells their waiting people; an event is a few hundred bytes of one query.
 */
const lookbackMs = 7 * 86_400_000;

/**
 * The `waitlist` job, every five minutes: the safety net under promotion. A cancellation
 * promotes at once, but its process may die right after the commit, or its promotion may lose
 * every retry to a burst; this run finds such events and finishes the work, so a crash at any
 * point heals within minutes.
 * 1. Read the events of the start-time index from a week ago on (a region's year is a few hundred).
 * 2. Open ones with a free seat and people waiting: promote, longest-waiting first.
 * 3. Ones whose registration closed or that started, with people still waiting: record once on
 *    the event that the list closed (a notice in the mail outbox before that, as for any
 *    event-wide email), then tell each person still waiting that the event is full.
 */
export async function reconcileWaitlists(
  deps: ReconcileWaitlistsDeps,
  now: Date,
): Promise<ReconcileWaitlistsSummary> {
  const summary: ReconcileWaitlistsSummary = {
    at: now.toISOString(),
    eventsChecked: 0,
    eventsWithFreeSeats: 0,
    promoted: 0,
    linesRestored: 0,
    waitlistsClosed: 0,
    closedNotices: 0,
  };
  const events = await deps.events.listEventsByStart({
    from: new Date(now.getTime() - lookbackMs).toISOString(),
  });
  for (const event of events) {
    summary.eventsChecked++;
    if (event.status !== 'published' || event.waitlistedCount === 0) continue;
    const window = registrationWindow(event, now.getTime());
    if (window.open) {
      if (event.confirmedCount >= event.capacity) continue;
      summary.eventsWithFreeSeats++;
      const promote = () => promoteFromWaitlist({ ...deps, now: () => now }, event.id);
      let promoted = await promote();
      // People wait but nobody stands in line: registrations from before places in line.
      if (promoted === 0 && (await deps.events.restoreWaitlistEntries(event.id)) > 0) {
        summary.linesRestored++;
        promoted = await promote();
      }
      summary.promoted += promoted;
    } else if (!event.waitlistClosedAt && window.reason !== 'not-yet-open') {
      const told = await closeWaitlist(deps, event, now);
      if (told !== undefined) {
        summary.waitlistsClosed++;
        summary.closedNotices += told;
      }
    }
  }
  return summary;
}

/** Tells the people still waiting that no seat is coming; undefined if another run did. */
async function closeWaitlist(
  deps: ReconcileWaitlistsDeps,
  event: TrainingEvent,
  now: Date,
): Promise<number | undefined> {
  const notice: EventNotice = { kind: 'waitlist-closed', eventId: event.id, revision: 0 };
  await deps.events.recordNotice(notice, now.getTime());
  // Another run got there first and tells them; the sweeper finds this notice's emails sent.
  if (!(await deps.events.markWaitlistClosed(event.id, now.toISOString()))) return undefined;
  const messages = eventNoticeMessages(
    notice,
    { ...event, waitlistClosedAt: now.toISOString() },
    await deps.events.listRegistrations(event.id),
  );
  const { queued } = await enqueueBehindOutbox(deps.mail, messages);
  if (queued) await deps.events.clearNotice(notice);
  return messages.length;
}
