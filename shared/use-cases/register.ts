import type { EventRepository } from '../adapters/event-repository';
import { enqueueBehindOutbox } from '../adapters/mail-outbox';
import type { MailQueue } from '../adapters/mail-queue';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import {
  registrationClosedMessages,
  registrationWindow,
  seatsLeft,
  type TrainingEvent,
} from '../domain/event';
import { newId } from '../domain/ids';
import { type MailMessage, statusChangeMail } from '../domain/mail-message';
import {
  normaliseEmail,
  type Registration,
  registrationFieldMessages,
  registrationInputSchema,
} from '../domain/registration';
import { toFieldErrors } from '../domain/validation';

export interface RegisterDeps {
  events: EventRepository;
  mail: MailQueue;
  now: () => Date;
}

/** The same answer whether or not the address was registered before, so it reveals nothing. */
export interface RegisterResult {
  status: 'confirmed' | 'waitlisted';
}

export const waitlistFullMessage =
  'Akce je plně obsazená a čekací listina je také plná, další registraci už nepřijmeme. Zkuste prosím jiný termín.';

/** Why the event takes no registration now: unknown, a draft, or its window shut. */
function refusal(event: TrainingEvent | undefined, now: Date): Error {
  if (!event || event.status === 'draft') return new NotFoundError('event', 'Akce nenalezena.');
  const window = registrationWindow(event, now.getTime());
  // Open again when read back: an organiser reopened it a moment ago; trying again will do.
  const reason = window.open ? 'closed' : window.reason;
  return new ConflictError(`registration_${reason}`, registrationClosedMessages[reason]);
}

/**
 * Registers a person for an event.
 * 1. Validate the input (Czech errors per field).
 * 2. One transaction: take a seat if one is free and nobody waits (else a place at the end of
 *    the waiting list, while it is below its cap), claim the email, put the confirmation or
 *    waiting-list email into the mail outbox; its conditions on the event item decide whether
 *    the event is published, its registration window open and a seat free, so the event is
 *    read only to explain a refusal.
 * 3. Queue that email (or a note to a repeated address). Should the queue send fail, the
 *    registration still stands and the outbox sweeper queues its email a little later.
 */
export async function register(
  deps: RegisterDeps,
  eventId: string,
  rawInput: unknown,
): Promise<RegisterResult> {
  const parsed = registrationInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new ValidationError(
      toFieldErrors(parsed.error.issues, registrationFieldMessages, rawInput),
    );
  }
  const input = parsed.data;
  const now = deps.now();
  const registration: Registration & { email: string } = {
    id: newId(now.getTime()),
    eventId,
    name: input.name,
    email: normaliseEmail(input.email),
    role: input.role,
    ...(input.organisation?.name ? { organisationName: input.organisation.name } : {}),
    ...(input.organisation?.ico ? { ico: input.organisation.ico } : {}),
    status: 'confirmed',
    source: 'registration',
    createdAt: now.toISOString(),
  };
  const result = await deps.events.register(registration, {
    openAt: now.toISOString(),
    mailOutbox: true,
  });

  switch (result.outcome) {
    case 'closed':
      throw refusal(await deps.events.getEvent(eventId), now);
    case 'waitlist-full': {
      const event = await deps.events.getEvent(eventId);
      if (!event || !registrationWindow(event, now.getTime()).open) throw refusal(event, now);
      throw new ConflictError('waitlist_full', waitlistFullMessage);
    }
    case 'duplicate': {
      const event = await deps.events.getEvent(eventId);
      // A closed event refuses a repeated address exactly as it refuses a new one.
      if (!event || !registrationWindow(event, now.getTime()).open) throw refusal(event, now);
      const message: MailMessage = {
        kind: 'duplicate-registration',
        eventId,
        registrationId: result.existingRegistrationId,
        attemptAt: now.toISOString(),
      };
      await deps.mail.enqueue([message]);
      return { status: seatsLeft(event) > 0 ? 'confirmed' : 'waitlisted' };
    }
    default:
      await enqueueBehindOutbox(deps.mail, [statusChangeMail(registration, result.outcome)]);
      return { status: result.outcome };
  }
}
