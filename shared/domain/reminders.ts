import * as z from 'zod/mini';
import type { TrainingEvent } from './event';
import { lazySchema } from './lazy-schema';

export interface ReminderPlan {
  offsetHours: number;
  dueAt: string;
  /** Drafts and cancelled events keep their reminders switched off. */
  active: boolean;
}

/** The reminder moments of an event: its own offsets, or the global ones. */
export function planReminders(event: TrainingEvent, defaultOffsetsHours: number[]): ReminderPlan[] {
  const offsets = [...new Set(event.reminderOffsetsHours ?? defaultOffsetsHours)];
  const start = Date.parse(event.startsAt);
  return offsets.map((offsetHours) => ({
    offsetHours,
    dueAt: new Date(start - offsetHours * 3_600_000).toISOString(),
    active: event.status === 'published',
  }));
}

/**
 * Whether one registrant gets one reminder. It stays due from its moment until the event
 * starts, so a late sweep still sends it; but someone whose seat became theirs after the moment
 * had passed never gets an "in 7 days" two days before.
 */
export function reminderApplies(
  reminder: { dueAt: string; eventStartsAt: string },
  registration: { status: string; confirmedAt?: string | undefined },
  nowMs: number,
): boolean {
  if (registration.status !== 'confirmed' || !registration.confirmedAt) return false;
  if (nowMs >= Date.parse(reminder.eventStartsAt)) return false;
  return Date.parse(registration.confirmedAt) < Date.parse(reminder.dueAt);
}

export const reminderStates = ['pending', 'inactive', 'sent', 'skipped'] as const;
export type ReminderState = (typeof reminderStates)[number];

/** A reminder item as stored, validated whenever the sweeper reads it back. */
export const storedReminderSchema = lazySchema(() =>
  z.object({
    eventId: z.string(),
    offsetHours: z.number(),
    dueAt: z.string(),
    eventStartsAt: z.string(),
    state: z.enum(reminderStates),
    sentAt: z.optional(z.string()),
    skipReason: z.optional(z.string()),
    recipients: z.optional(z.number()),
  }),
);
export type StoredReminder = z.infer<typeof storedReminderSchema>;

export type ReminderDecision =
  | { action: 'send' }
  /** The item no longer matches the event (moved without the reminders following): plan anew. */
  | { action: 'reschedule' }
  | {
      action: 'skip';
      reason: 'event-missing' | 'event-not-published' | 'event-started' | 'offset-removed';
    };

/**
 * What the sweeper does with one due reminder item, judged against the event as it is now
 * rather than as it was when the item was written.
 */
export function reminderDecision(
  reminder: Pick<StoredReminder, 'offsetHours' | 'dueAt'>,
  event: TrainingEvent | undefined,
  defaultOffsetsHours: number[],
  nowMs: number,
): ReminderDecision {
  if (!event) return { action: 'skip', reason: 'event-missing' };
  if (event.status !== 'published') return { action: 'skip', reason: 'event-not-published' };
  if (nowMs >= Date.parse(event.startsAt)) return { action: 'skip', reason: 'event-started' };
  const plan = planReminders(event, defaultOffsetsHours).find(
    (p) => p.offsetHours === reminder.offsetHours,
  );
  if (!plan) return { action: 'skip', reason: 'offset-removed' };
  if (plan.dueAt !== reminder.dueAt) return { action: 'reschedule' };
  return { action: 'send' };
}

/** Finished reminder items are kept a while for the organiser's record, then expire. */
export const finishedReminderKeepDays = 30;
