import type { MailOutbox } from '../adapters/mail-outbox';
import type { MailQueue } from '../adapters/mail-queue';
import type { MailMessage } from '../domain/mail-message';

export interface SweepMailOutboxDeps {
  outbox: Pick<MailOutbox, 'due' | 'clear'>;
  sentMail: { sentAmong(dedupeKeys: string[]): Promise<Set<string>> };
  mail: MailQueue;
}

/** What one sweep did: counts only, no personal data. */
export interface MailOutboxSweepSummary {
  at: string;
  /** Outbox entries past their grace period. */
  entriesDue: number;
  /** Of those, emails SES had accepted: the usual case, only the entry goes. */
  alreadySent: number;
  /** Messages queued again: their first queue send was lost, or the mailer skipped them. */
  requeued: number;
  /** Entries whose stored message no longer parses; cleared without sending. */
  unreadable: number;
  /** More entries were due than one sweep handles; the next sweep continues. */
  more: boolean;
}

const pageSize = 100;
/** Pages per sweep: 2,000 entries, far more than a region registers in five minutes. */
const maxPages = 20;

/**
 * The outbox's sweep. Registration, cancellation and promotion write their email's message into
 * the outbox in the same transaction as the change, then queue it. A crash or a failed queue send
 * between the two leaves the change stored and its email unqueued; this sweep catches that.
 * 1. Read outbox entries whose grace period has passed.
 * 2. Look up which of their emails SES has accepted (one read per hundred).
 * 3. Queue the others again; the mailer sends each dedupe key at most once and skips what no
 *    longer applies, so a copy of a message still on its way costs a lookup, never an email.
 * 4. Clear the entries. A crash before this queues the same messages again next time, harmlessly.
 */
export async function sweepMailOutbox(
  deps: SweepMailOutboxDeps,
  now: Date,
): Promise<MailOutboxSweepSummary> {
  const summary: MailOutboxSweepSummary = {
    at: now.toISOString(),
    entriesDue: 0,
    alreadySent: 0,
    requeued: 0,
    unreadable: 0,
    more: false,
  };
  for (let page = 0; page < maxPages; page++) {
    const { entries, more } = await deps.outbox.due(now, pageSize);
    summary.entriesDue += entries.length;
    const readable = entries.flatMap((entry) => (entry.message ? [entry] : []));
    summary.unreadable += entries.length - readable.length;
    const sent = await deps.sentMail.sentAmong(readable.map((entry) => entry.dedupeKey));
    const unsent: MailMessage[] = readable.flatMap((entry) =>
      entry.message && !sent.has(entry.dedupeKey) ? [entry.message] : [],
    );
    summary.alreadySent += readable.length - unsent.length;
    if (unsent.length > 0) await deps.mail.enqueue(unsent);
    summary.requeued += unsent.length;
    await deps.outbox.clear(entries);
    if (!more) return summary;
  }
  summary.more = true;
  return summary;
}
