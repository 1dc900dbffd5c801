import {
  type EventNotice,
  eventNoticeMessages,
  type MailMessage,
  mailDedupeKey,
} from '../domain/mail-message';
import { log } from '../log';
import type { EventStore, MailQueue, RegistrationStore } from '../use-cases/ports';

/*
 * The mail outbox: no email a stored change owes is lost, whatever fails after the change.
 *
 * - A change and its email's message commit together: the outbox entry is one more item of the
 *   change's TransactWriteItems (registration, cancellation, promotion; the transactions are in
 *   shared/adapters/event-repository.ts, the entries' items in shared/adapters/mail-outbox.ts).
 *   An event-wide notice (cancelled, moved, waiting list closed) owes too many emails for one
 *   transaction; its entry is stored before the change.
 * - Right after the commit the messages are queued (`enqueueBehindOutbox`).
 * - Every five minutes the sweep (`sweepMailOutbox`, functions/mail-outbox.ts) queues again what
 *   is older than the grace period and not yet sent, then clears the entries.
 */

/**
 * How long a message may take from its change to SES before the sweeper queues it again. Longer
 * than a burst's backlog at a sandbox SES rate and the mail queue's own retries, so a copy is
 * queued only for messages whose send to the queue was lost, almost never for slow ones.
 */
export const outboxGraceMs = 15 * 60_000;

/** An entry holds one email's message or an event-wide notice; neither when it no longer parses. */
export type OutboxEntry = { key: { pk: string; sk: string } } & (
  | { message: MailMessage; dedupeKey: string }
  | { notice: EventNotice }
  | { unreadable: true }
);

export interface MailOutbox {
  /** Entries past their grace period, oldest first, at most `limit`. */
  due(now: Date, limit: number): Promise<{ entries: OutboxEntry[]; more: boolean }>;
  /** Deletes the entries; deleting one already gone is no error, so a re-run is harmless. */
  clear(entries: OutboxEntry[]): Promise<void>;
}

/**
 * Queues messages whose outbox entries were just committed. The change is stored and its email
 * is safe in the outbox, so a failed queue send is not the caller's failure: the sweeper queues
 * the message once the grace period has passed.
 */
export async function enqueueBehindOutbox(
  queue: MailQueue,
  messages: MailMessage[],
): Promise<{ queued: boolean }> {
  try {
    await queue.enqueue(messages);
    return { queued: true };
  } catch (error) {
    log.warn('mail.left-to-outbox', {
      kinds: [...new Set(messages.map((m) => m.kind))],
      count: messages.length,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return { queued: false };
  }
}

export interface SweepMailOutboxDeps {
  outbox: MailOutbox;
  events: Pick<EventStore, 'getEvent'> & Pick<RegistrationStore, 'listRegistrations'>;
  sentMail: { sentAmong(dedupeKeys: string[]): Promise<Set<string>> };
  mail: MailQueue;
  /** Fills free seats of the event from its waiting list; how many were promoted. */
  promote(eventId: string): Promise<number>;
}

/** What one sweep did: counts only, no personal data. */
export interface MailOutboxSweepSummary {
  at: string;
  /** Outbox entries past their grace period. */
  entriesDue: number;
  /** Of those, event-wide notices (an event cancelled or moved), each owing many emails. */
  notices: number;
  /** Emails SES had accepted: the usual case, only the entry goes. */
  alreadySent: number;
  /** Messages queued again: their first queue send was lost, or the mailer skipped them. */
  requeued: number;
  /** Entries whose stored message no longer parses; cleared without sending. */
  unreadable: number;
  /** Waiting people moved onto seats that a cancellation freed and nobody filled. */
  promoted: number;
  /** More entries were due than one sweep handles; the next sweep continues. */
  more: boolean;
}

const pageSize = 100;
/** Pages per sweep: 2,000 entries, far more than a region registers in five minutes. */
const maxPages = 20;

/**
 * The outbox's sweep. Registration, cancellation and promotion write their email's message into
 * the outbox in the same transaction as the change, then queue it; an event's cancellation or
 * move stores a notice to everyone registered before the change. A crash or a failed queue send
 * after the change leaves it stored and its emails unqueued; this sweep catches that.
 * 1. Read outbox entries whose grace period has passed; expand notices into the emails the
 *    stored event shows they owe (none if the change never got stored).
 * 2. Look up which of those emails SES has accepted (one read per hundred).
 * 3. Queue the others again; the mailer skips each dedupe key already recorded as sent and skips what no
 *    longer applies, so a copy of a message still on its way costs a lookup, never an email.
 * 4. A cancellation's entry also means a seat was freed, and the promotion that follows it in
 *    the same request may have been cut off with it: fill what is still free before the event
 *    starts (promotions store and queue their own emails).
 * 5. Clear the entries. A crash before this queues the same messages again next time, harmlessly.
 */
export async function sweepMailOutbox(
  deps: SweepMailOutboxDeps,
  now: Date,
): Promise<MailOutboxSweepSummary> {
  const summary: MailOutboxSweepSummary = {
    at: now.toISOString(),
    entriesDue: 0,
    notices: 0,
    alreadySent: 0,
    requeued: 0,
    unreadable: 0,
    promoted: 0,
    more: false,
  };
  const promotionsChecked = new Set<string>();
  // The due-time index is eventually consistent: a page just cleared may come back at once.
  const handled = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const due = await deps.outbox.due(now, pageSize);
    const entries = due.entries.filter((entry) => !handled.has(entry.key.pk));
    if (entries.length === 0) {
      if (!due.more) return summary;
      continue;
    }
    for (const entry of entries) handled.add(entry.key.pk);
    summary.entriesDue += entries.length;
    const owed: { message: MailMessage; dedupeKey: string }[] = [];
    for (const entry of entries) {
      if ('message' in entry) owed.push(entry);
      else if ('notice' in entry) {
        summary.notices++;
        owed.push(...(await noticeMail(deps, entry.notice)));
      } else summary.unreadable++;
    }
    const sent = await deps.sentMail.sentAmong(owed.map((mail) => mail.dedupeKey));
    const unsent = owed.filter((mail) => !sent.has(mail.dedupeKey)).map((mail) => mail.message);
    summary.alreadySent += owed.length - unsent.length;
    if (unsent.length > 0) await deps.mail.enqueue(unsent);
    summary.requeued += unsent.length;
    summary.promoted += await promoteAfterCancellations(deps, entries, promotionsChecked, now);
    await deps.outbox.clear(entries);
    if (!due.more) return summary;
  }
  summary.more = true;
  return summary;
}

/**
 * Promotes from the waiting list of each event with a cancellation among the entries, once per
 * sweep. Promotion takes only a seat that is free, so where the request promoted, nothing moves.
 */
async function promoteAfterCancellations(
  deps: SweepMailOutboxDeps,
  entries: OutboxEntry[],
  checked: Set<string>,
  now: Date,
): Promise<number> {
  let promoted = 0;
  for (const entry of entries) {
    if (!('message' in entry) || entry.message.kind !== 'registration-cancelled') continue;
    const { eventId } = entry.message;
    if (checked.has(eventId)) continue;
    checked.add(eventId);
    const event = await deps.events.getEvent(eventId);
    if (event?.status !== 'published' || Date.parse(event.startsAt) <= now.getTime()) continue;
    promoted += await deps.promote(eventId);
  }
  return promoted;
}

/** The emails a notice owes, judged by the event as stored now. */
async function noticeMail(deps: SweepMailOutboxDeps, notice: EventNotice) {
  const event = await deps.events.getEvent(notice.eventId);
  if (!event) return [];
  const messages = eventNoticeMessages(
    notice,
    event,
    await deps.events.listRegistrations(event.id),
  );
  return messages.map((message) => ({ message, dedupeKey: mailDedupeKey(message) }));
}
