import { NotFoundError } from '../domain/errors';
import { idPattern } from '../domain/ids';
import { statusChangeMail } from '../domain/mail-message';
import type { Registration } from '../domain/registration';
import { enqueueBehindOutbox } from '../mail/outbox';
import type { MailQueue, RegistrationStore } from './ports';

export interface CancelRegistrationDeps {
  events: Pick<RegistrationStore, 'getRegistration' | 'cancelRegistration' | 'promoteNext'>;
  mail: MailQueue;
  now: () => Date;
}

/**
 * Fills free seats from the waiting list, longest-waiting first, until no seat is free, nobody
 * waits or the event takes nobody any more (started, registration closed); tells each person.
 * Each promotion puts its email into the mail outbox in its own transaction. Should this stop
 * half-way (a crash, conflicts beyond the retries), the waitlist job finishes it.
 */
export async function promoteFromWaitlist(
  deps: { events: Pick<RegistrationStore, 'promoteNext'>; mail: MailQueue; now: () => Date },
  eventId: string,
): Promise<number> {
  let promoted = 0;
  for (;;) {
    const next = await deps.events.promoteNext(eventId, deps.now().toISOString(), {
      mailOutbox: true,
    });
    if (next.outcome !== 'promoted') return promoted;
    promoted++;
    await enqueueBehindOutbox(deps.mail, [statusChangeMail(next.registration, 'promoted')]);
  }
}

export type CancelOutcome =
  | { outcome: 'cancelled'; registration: Registration; promoted: number }
  | { outcome: 'already-cancelled'; registration: Registration };

/**
 * Cancels a registration (by the person's signed link, or by an organiser).
 * 1. Mark it cancelled, free the seat and the email claim, and put the cancellation email into
 *    the mail outbox, in one transaction.
 * 2. Queue that email (the outbox sweeper does, should this send fail).
 * 3. Promote the first waiting people onto the freed seats.
 */
export async function cancelRegistration(
  deps: CancelRegistrationDeps,
  eventId: string,
  registrationId: string,
): Promise<CancelOutcome> {
  // An id that cannot exist is not looked up: the table refuses over-long keys with an error.
  const registration =
    idPattern.test(eventId) && idPattern.test(registrationId)
      ? await deps.events.getRegistration(eventId, registrationId)
      : undefined;
  if (!registration) throw new NotFoundError('registration', 'Registrace nenalezena.');
  if (registration.status === 'cancelled') return { outcome: 'already-cancelled', registration };
  const cancelled = await deps.events.cancelRegistration(registration, deps.now().toISOString(), {
    mailOutbox: true,
  });
  if (!cancelled) {
    const current = (await deps.events.getRegistration(eventId, registrationId)) ?? registration;
    return { outcome: 'already-cancelled', registration: current };
  }
  await enqueueBehindOutbox(deps.mail, [statusChangeMail(cancelled, 'cancelled')]);
  const promoted = await promoteFromWaitlist(deps, eventId);
  return { outcome: 'cancelled', registration: cancelled, promoted };
}
