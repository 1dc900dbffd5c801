import type { TrainingEvent } from './event';

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
