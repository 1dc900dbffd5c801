import type { TrainingEvent } from '../domain/event';
import type { MailMessage } from '../domain/mail-message';
import type { Registration } from '../domain/registration';
import { reminderApplies, reminderDecision } from '../domain/reminders';
import type { EventStore, MailQueue, RegistrationStore, ReminderStore } from './ports';

export interface SendRemindersDeps {
  events: Pick<EventStore, 'getEvent'> & Pick<RegistrationStore, 'listRegistrations'>;
  reminders: Pick<ReminderStore, 'listDue' | 'markSent' | 'markSkipped' | 'schedule'>;
  mail: MailQueue;
  defaultOffsetsHours: number[];
}

/** What one sweep did; the job prints it and the logs keep it (counts only, no personal data). */
export interface ReminderSweepSummary {
  at: string;
  /** Pending reminder items whose moment had come. */
  dueReminders: number;
  /** Reminder emails handed to the mail queue. */
  remindersQueued: number;
  /** Reminder items finished as sent. */
  remindersSent: number;
  /** Reminder items closed without sending (event started, cancelled, offset removed). */
  skipped: number;
  /** Items that no longer matched their event and were planned anew. */
  rescheduled: number;
  /** Items the organiser moved while this sweep handled them: their new moment stands. */
  superseded: number;
  /** Registrations of due events that get no reminder (waiting, cancelled, registered late). */
  registrationsNotReminded: number;
  /** More items were due than one sweep handles; the next sweep continues. */
  more: boolean;
}

/**
 * One sweep of the reminders that fell due.
 * 1. Read pending reminder items due by now from the due-time index.
 * 2. Judge each against the event as it is now: started, cancelled or moved → no email.
 * 3. Queue one reminder per registrant whose seat was theirs before the reminder's moment.
 * 4. Mark the item sent on the condition that it is still the same pending reminder.
 * A crash between 3 and 4 leaves the item due; the next sweep queues the same messages again
 * and the mailer, which sends each dedupe key once, sends nothing twice.
 */
export async function sendDueReminders(
  deps: SendRemindersDeps,
  now: Date,
): Promise<ReminderSweepSummary> {
  const nowIso = now.toISOString();
  const nowMs = now.getTime();
  const summary: ReminderSweepSummary = {
    at: nowIso,
    dueReminders: 0,
    remindersQueued: 0,
    remindersSent: 0,
    skipped: 0,
    rescheduled: 0,
    superseded: 0,
    registrationsNotReminded: 0,
    more: false,
  };
  const { reminders, more } = await deps.reminders.listDue(now);
  summary.dueReminders = reminders.length;
  summary.more = more;

  const events = new Map<string, TrainingEvent | undefined>();
  const registrations = new Map<string, Registration[]>();
  const eventOf = async (id: string) => {
    if (!events.has(id)) events.set(id, await deps.events.getEvent(id));
    return events.get(id);
  };
  const registrationsOf = async (id: string) => {
    let list = registrations.get(id);
    if (!list) {
      list = await deps.events.listRegistrations(id);
      registrations.set(id, list);
    }
    return list;
  };

  for (const reminder of reminders) {
    const event = await eventOf(reminder.eventId);
    const decision = reminderDecision(reminder, event, deps.defaultOffsetsHours, nowMs);
    if (decision.action === 'skip') {
      if (await deps.reminders.markSkipped(reminder, decision.reason)) summary.skipped++;
      else summary.superseded++;
      continue;
    }
    if (decision.action === 'reschedule' || !event) {
      if (event) await deps.reminders.schedule(event, now);
      summary.rescheduled++;
      continue;
    }
    const messages: MailMessage[] = [];
    for (const registration of await registrationsOf(event.id)) {
      const applies =
        reminderApplies(
          { dueAt: reminder.dueAt, eventStartsAt: event.startsAt },
          registration,
          nowMs,
        ) &&
        Boolean(registration.email) &&
        !registration.undeliverable;
      if (!applies) {
        summary.registrationsNotReminded++;
        continue;
      }
      messages.push({
        kind: 'reminder',
        eventId: event.id,
        registrationId: registration.id,
        offsetHours: reminder.offsetHours,
        startsAt: event.startsAt,
      });
    }
    await deps.mail.enqueue(messages);
    summary.remindersQueued += messages.length;
    if (await deps.reminders.markSent(reminder, nowIso, messages.length)) summary.remindersSent++;
    else summary.superseded++;
  }
  return summary;
}
