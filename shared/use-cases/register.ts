import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '../domain/errors';
import {
  registrationClosedMessages,
  registrationWindow,
  seatsLeft,
  type TrainingEvent,
} from '../domain/event';
import { newId } from '../domain/ids';
import { type MailMessage, statusChangeMail } from '../domain/mail-message';
import {
  eventAllowanceCounter,
  type RateCounter,
  type RateLimitSettings,
  rateLimitField,
  rateLimitMessage,
  registrationCounters,
  retryAfterSeconds,
  type SubjectHasher,
} from '../domain/rate-limit';
import {
  normaliseEmail,
  type Registration,
  registrationFieldMessages,
  registrationInputSchema,
} from '../domain/registration';
import { toFieldErrors } from '../domain/validation';
import { enqueueBehindOutbox } from '../mail/outbox';
import type { EventStore, MailQueue, RateCounterStore, RegistrationStore } from './ports';

export interface RegisterDeps {
  events: Pick<EventStore, 'getEvent'> & Pick<RegistrationStore, 'register'>;
  mail: MailQueue;
  now: () => Date;
  /** The registration limits; without them (or with them off) nothing is counted. */
  rateLimits?: RateLimitSettings;
  /** Keyed hashes of client and email addresses; without it no client hash is stored. */
  subjects?: SubjectHasher;
  /** Counts attempts that store nothing (a repeated address) against the same limits. */
  rateCounters?: RateCounterStore;
}

/** Where the request came from, as the platform reports it (never a request header). */
export interface RequestOrigin {
  clientAddress?: string | undefined;
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

function rateLimited(counter: RateCounter, now: Date): RateLimitedError {
  const retryAfter = retryAfterSeconds(counter, now.getTime());
  return new RateLimitedError(
    rateLimitField(counter.limitedBy),
    rateLimitMessage(counter.limitedBy, retryAfter),
    retryAfter,
  );
}

/**
 * Registers a person for an event.
 * 1. Validate the input (Czech errors per field).
 * 2. One transaction: take a seat if one is free and nobody waits (else a place at the end of
 *    the waiting list, while it is below its cap), claim the email, put the confirmation or
 *    waiting-list email into the mail outbox; its conditions on the event item decide whether
 *    the event is published, its registration window open and a seat free, so the event is
 *    read only to explain a refusal.
 *    The same transaction counts the registration against the client address's hourly and the
 *    email address's daily limit; over either, nothing is stored and RateLimitedError says
 *    when to try again. Past the client's default, an event with a raised allowance takes a
 *    second attempt counted for that event alone (domain/rate-limit.ts, eventAllowanceCounter).
 * 3. Queue that email (or a note to a repeated address). Should the queue send fail, the
 *    registration still stands and the outbox sweeper queues its email a little later.
 */
export async function register(
  deps: RegisterDeps,
  eventId: string,
  rawInput: unknown,
  origin: RequestOrigin = {},
): Promise<RegisterResult> {
  const parsed = registrationInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new ValidationError(
      toFieldErrors(parsed.error.issues, registrationFieldMessages, rawInput),
    );
  }
  const input = parsed.data;
  const now = deps.now();
  const clientHash =
    origin.clientAddress && deps.subjects ? deps.subjects.client(origin.clientAddress) : undefined;
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
    ...(clientHash ? { clientHash } : {}),
  };
  const counters =
    deps.rateLimits && deps.subjects
      ? registrationCounters(
          deps.rateLimits,
          {
            ...(clientHash ? { clientHash } : {}),
            emailHash: deps.subjects.email(registration.email),
          },
          now.getTime(),
        )
      : [];
  const options = { openAt: now.toISOString(), mailOutbox: true };
  let result = await deps.events.register(registration, { ...options, rateCounters: counters });
  if (result.outcome === 'rate-limited' && result.counter.limitedBy === 'client' && clientHash) {
    // Only past the client's default: the event is read to see whether it allows more.
    const event = await deps.events.getEvent(eventId);
    const extra =
      deps.rateLimits &&
      eventAllowanceCounter(
        deps.rateLimits,
        event?.clientAllowancePerHour,
        { clientHash, eventId },
        now.getTime(),
      );
    if (extra) {
      const rateCounters = [...counters.filter((c) => c.limitedBy !== 'client'), extra];
      result = await deps.events.register(registration, { ...options, rateCounters });
    }
  }

  switch (result.outcome) {
    case 'rate-limited':
      throw rateLimited(result.counter, now);
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
      const overLimit = await deps.rateCounters?.count(counters);
      if (overLimit) throw rateLimited(overLimit, now);
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
