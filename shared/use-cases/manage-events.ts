import { NotFoundError, ValidationError } from '../domain/errors';
import {
  type EventInput,
  eventFieldMessages,
  eventInputSchema,
  newEvent,
  type TrainingEvent,
} from '../domain/event';
import { newId } from '../domain/ids';
import { type EventNotice, eventNoticeMessages } from '../domain/mail-message';
import { toFieldErrors } from '../domain/validation';
import { enqueueBehindOutbox } from '../mail/outbox';
import type { EventStore, MailQueue, RegistrationStore } from './ports';

export interface ReminderScheduler {
  /** Puts the event's reminders on its current start time (all offsets, one item each). */
  schedule(event: TrainingEvent, now: Date): Promise<unknown>;
}

export interface SurveyScheduler {
  /** Plans the event's feedback survey on its current end (until invitations went out). */
  scheduleRun(event: TrainingEvent, now: Date): Promise<unknown>;
}

export interface ManageEventsDeps {
  events: Omit<EventStore, 'deleteTestEvent' | 'markWaitlistClosed'> &
    Pick<RegistrationStore, 'listRegistrations'>;
  mail: MailQueue;
  reminders: ReminderScheduler;
  surveys: SurveyScheduler;
  now: () => Date;
}

export function parseEventInput(raw: unknown): EventInput {
  const parsed = eventInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(toFieldErrors(parsed.error.issues, eventFieldMessages, raw));
  }
  return parsed.data;
}

export async function createEvent(deps: ManageEventsDeps, raw: unknown): Promise<TrainingEvent> {
  const input = parseEventInput(raw);
  const now = deps.now();
  const event = newEvent(newId(now.getTime()), input, now.toISOString());
  await deps.events.createEvent(event);
  await deps.reminders.schedule(event, now);
  await deps.surveys.scheduleRun(event, now);
  return event;
}

/**
 * Queues a notice's emails, then clears the notice. If queueing fails, the change still stands
 * and the notice stays in the outbox for the sweeper.
 */
async function announce(
  deps: ManageEventsDeps,
  event: TrainingEvent,
  notice: EventNotice,
): Promise<number> {
  const registrations = await deps.events.listRegistrations(event.id);
  const messages = eventNoticeMessages(notice, event, registrations);
  const { queued } = await enqueueBehindOutbox(deps.mail, messages);
  if (queued) await deps.events.clearNotice(notice);
  return messages.length;
}

/** Changes people must hear about: when and where it happens. */
function changesForParticipants(before: TrainingEvent, after: TrainingEvent): boolean {
  return (
    before.startsAt !== after.startsAt ||
    before.endsAt !== after.endsAt ||
    before.venue !== after.venue ||
    before.onlineUrl !== after.onlineUrl
  );
}

/**
 * Edits an event.
 * 1. Validate; refuse edits of a cancelled event.
 * 2. When time or place changes, store the notice to everyone registered in the mail outbox.
 * 3. Save with an optimistic revision check (a concurrent edit fails instead of being lost).
 * 4. Move the reminders with the start; promote waiting people onto the seats a raised
 *    capacity freed.
 * 5. Queue the notice's emails.
 */
export async function updateEvent(
  deps: ManageEventsDeps & { promote: (eventId: string) => Promise<number> },
  eventId: string,
  raw: unknown,
): Promise<TrainingEvent> {
  const input = parseEventInput(raw);
  const before = await deps.events.getEvent(eventId);
  if (!before) throw new NotFoundError('event', 'Akce nenalezena.');
  if (input.capacity < before.confirmedCount) {
    throw new ValidationError([
      {
        field: 'capacity',
        code: 'below_confirmed',
        message: `Kapacitu nelze snížit pod počet potvrzených účastníků (${before.confirmedCount}). Nejdřív zrušte jejich registrace.`,
      },
    ]);
  }
  const now = deps.now();
  const notify =
    before.status === 'published' && changesForParticipants(before, { ...before, ...input });
  const after: TrainingEvent = {
    ...before,
    ...input,
    status: before.status === 'cancelled' ? 'cancelled' : input.status,
    revision: before.revision + (notify ? 1 : 0),
    updatedAt: now.toISOString(),
  };
  for (const key of [
    'waitlistCapacity',
    'onlineUrl',
    'registrationOpensAt',
    'registrationClosesAt',
    'seriesId',
    'reminderOffsetsHours',
  ] as const) {
    if (input[key] === undefined) delete after[key];
  }
  const notice: EventNotice | undefined = notify
    ? {
        kind: 'event-changed',
        eventId,
        revision: after.revision,
        previous: {
          startsAt: before.startsAt,
          endsAt: before.endsAt,
          venue: before.venue,
          ...(before.onlineUrl ? { onlineUrl: before.onlineUrl } : {}),
        },
      }
    : undefined;
  // A refused save leaves its notice: a concurrent edit may share its key, and the sweeper
  // drops a notice whose change the stored event does not show.
  if (notice) await deps.events.recordNotice(notice, now.getTime());
  const saved = await deps.events.saveEventDetails(after, before.revision);
  if (!saved) {
    throw new ValidationError([
      {
        field: 'body',
        code: 'edit_conflict',
        message: 'Akci mezitím upravil někdo jiný. Načtěte ji prosím znovu.',
      },
    ]);
  }
  await deps.reminders.schedule(after, now);
  await deps.surveys.scheduleRun(after, now);
  if (after.status === 'published') await deps.promote(eventId);
  if (notice) await announce(deps, after, notice);
  return (await deps.events.getEvent(eventId)) ?? after;
}

export async function publishEvent(
  deps: ManageEventsDeps,
  eventId: string,
): Promise<TrainingEvent> {
  const event = await deps.events.getEvent(eventId);
  if (!event) throw new NotFoundError('event', 'Akce nenalezena.');
  if (event.status === 'published') return event;
  const now = deps.now();
  const published = await deps.events.setEventStatus(eventId, 'published', now.toISOString());
  if (published) {
    await deps.reminders.schedule(published, now);
    await deps.surveys.scheduleRun(published, now);
  }
  return published ?? event;
}

/**
 * Cancels an event: its registrations stay listed (for the record) and everyone registered is
 * told, through a notice stored in the mail outbox before the change. Cancelling twice tells
 * nobody twice.
 */
export async function cancelEvent(
  deps: ManageEventsDeps,
  eventId: string,
): Promise<{ event: TrainingEvent; notified: number }> {
  const event = await deps.events.getEvent(eventId);
  if (!event) throw new NotFoundError('event', 'Akce nenalezena.');
  if (event.status === 'cancelled') return { event, notified: 0 };
  const now = deps.now();
  const notice: EventNotice = { kind: 'event-cancelled', eventId, revision: event.revision + 1 };
  await deps.events.recordNotice(notice, now.getTime());
  const cancelled = await deps.events.setEventStatus(eventId, 'cancelled', now.toISOString());
  // A concurrent cancellation won and announces; the sweeper finds this notice's emails sent.
  if (!cancelled) return { event: (await deps.events.getEvent(eventId)) ?? event, notified: 0 };
  await deps.reminders.schedule(cancelled, now);
  await deps.surveys.scheduleRun(cancelled, now);
  const notified = await announce(deps, cancelled, notice);
  return { event: cancelled, notified };
}
