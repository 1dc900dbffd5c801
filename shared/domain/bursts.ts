import type { Registration } from './registration';

/*
 * A wave of registrations from one client: registrations of one event that share the keyed
 * hash of their client address and the clock hour they came in (the same fixed window as the
 * per-client limit). The organiser sees the waves and may cancel one at once.
 */

const hourMs = 3_600_000;

/** From this many registrations from one address within an hour, the page lists the wave. */
export const minBurstSize = 5;

export interface Burst {
  /** URL-safe: the client hash and the window's start (epoch ms, base 36). */
  id: string;
  clientHash: string;
  windowStartsAt: string;
  windowEndsAt: string;
  /** Every registration of the wave, in the order they came. */
  registrations: Registration[];
  /** Those not yet cancelled: what cancelling the wave would cancel. */
  active: Registration[];
}

export const burstIdPattern = /^[A-Za-z0-9_-]{1,64}\.[0-9a-z]{1,12}$/;

/** Waves of at least `minSize` registrations, largest first, then the earliest. */
export function findBursts(
  registrations: readonly Registration[],
  minSize: number = minBurstSize,
): Burst[] {
  const groups = new Map<string, Burst>();
  for (const registration of registrations) {
    if (!registration.clientHash) continue;
    const start = Math.floor(Date.parse(registration.createdAt) / hourMs) * hourMs;
    const id = `${registration.clientHash}.${start.toString(36)}`;
    let burst = groups.get(id);
    if (!burst) {
      burst = {
        id,
        clientHash: registration.clientHash,
        windowStartsAt: new Date(start).toISOString(),
        windowEndsAt: new Date(start + hourMs).toISOString(),
        registrations: [],
        active: [],
      };
      groups.set(id, burst);
    }
    burst.registrations.push(registration);
    if (registration.status !== 'cancelled') burst.active.push(registration);
  }
  return [...groups.values()]
    .filter((burst) => burst.registrations.length >= minSize)
    .map((burst) => ({
      ...burst,
      registrations: [...burst.registrations].sort((a, b) =>
        a.createdAt.localeCompare(b.createdAt),
      ),
    }))
    .sort(
      (a, b) =>
        b.registrations.length - a.registrations.length ||
        a.windowStartsAt.localeCompare(b.windowStartsAt),
    );
}

/** A short label for the hashed address, enough to tell waves apart on the page. */
export function clientLabel(clientHash: string): string {
  return clientHash.slice(0, 8);
}
