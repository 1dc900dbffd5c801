import { type Burst, burstIdPattern, findBursts } from '../domain/bursts';
import { NotFoundError } from '../domain/errors';
import { idPattern } from '../domain/ids';
import { type CancelRegistrationDeps, promoteFromWaitlist } from './cancel-registration';
import type { RegistrationStore } from './ports';

export interface CancelBurstResult {
  cancelled: number;
  promoted: number;
}

/** The event's waves of registrations from one client (see domain/bursts.ts). */
export async function listBursts(
  deps: { events: Pick<RegistrationStore, 'listRegistrations'> },
  eventId: string,
): Promise<Burst[]> {
  return findBursts(await deps.events.listRegistrations(eventId));
}

/**
 * Cancels every registration of one wave, without emailing those addresses: a bot's wave
 * carries addresses of people who never registered, and a cancellation email would be one
 * more unwanted message to each. Only then are the freed seats offered to the waiting list,
 * first come first served, so nobody of the wave itself is promoted.
 */
export async function cancelBurst(
  deps: CancelRegistrationDeps & { events: Pick<RegistrationStore, 'listRegistrations'> },
  eventId: string,
  burstId: string,
): Promise<CancelBurstResult> {
  const burst =
    idPattern.test(eventId) && burstIdPattern.test(burstId)
      ? (await listBursts(deps, eventId)).find((b) => b.id === burstId)
      : undefined;
  if (!burst) throw new NotFoundError('registration', 'Tuto vlnu registrací jsme nenašli.');
  const nowIso = deps.now().toISOString();
  let cancelled = 0;
  for (const registration of burst.active) {
    if (await deps.events.cancelRegistration(registration, nowIso, { mailOutbox: false })) {
      cancelled++;
    }
  }
  const promoted = await promoteFromWaitlist(deps, eventId);
  return { cancelled, promoted };
}
