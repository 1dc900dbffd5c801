import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWrite } from '../../shared/adapters/dynamo/batch';
import { keys } from '../../shared/adapters/dynamo/keys';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { type AddressHasher, createAddressHasher } from '../../shared/domain/rate-limit';
import type { Registration, Role } from '../../shared/domain/registration';

/*
 * Items written straight to the table in the shapes the repositories write (event item with its
 * byStart index keys, registration items, email claims), many at a time: seeding thousands of
 * registrations through the registration endpoint would measure the endpoint, not the job.
 */

export type Item = Record<string, unknown>;

/** A published event as an organiser would create it, at the given times. */
export function benchEvent(
  index: number,
  times: { startsAt: string; endsAt: string; createdAt: string },
  capacity = 100,
): TrainingEvent {
  return newEvent(
    newId(Date.parse(times.createdAt)),
    {
      title: `Školení ${index + 1}: Kybernetická bezpečnost na obecním úřadě`,
      description: 'Praktické školení pro úředníky a starosty.',
      format: index % 5 === 0 ? 'workshop' : 'training',
      topics: ['kybernetická bezpečnost'],
      modernTechFocus: index % 3 === 0,
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      venue: 'Krajský úřad Libereckého kraje',
      capacity,
      targetGroups: ['clerks', 'mayors'],
      status: 'published',
    },
    times.createdAt,
  );
}

export function eventItem(event: TrainingEvent): Item {
  return { ...keys.event(event.id), ...keys.eventsByStart(event.startsAt, event.id), ...event };
}

/** An IČO with a valid check digit, different for each organisation number. */
export function organisationIco(n: number): string {
  const digits = String(10_000 + n)
    .padStart(7, '0')
    .slice(-7);
  const weights = [8, 7, 6, 5, 4, 3, 2];
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return `${digits}${(11 - (sum % 11)) % 10}`;
}

const roles: Role[] = ['clerk', 'clerk', 'clerk', 'mayor', 'regional-staff', 'citizen'];

/**
 * `count` registrations of one event by people of a pool shared across events (so persons and
 * organisations repeat as they do), most confirmed and attended, some waiting or cancelled.
 * Returns the registration items and their email claims, and the counters of the event item.
 */
const seedAddressHash = createAddressHasher('bench-seed-address-keys');

export function registrationsOf(
  event: TrainingEvent,
  eventIndex: number,
  count: number,
  options: {
    personPool?: number;
    confirmedAt?: string;
    attended?: boolean;
    /** Email claim items too (default); only the registration endpoint reads them. */
    claims?: boolean;
    /** The stack's address hasher; claims under another key still count as items. */
    addressHash?: AddressHasher;
  } = {},
): { items: Item[]; registrations: Registration[]; confirmed: number; waitlisted: number } {
  const pool = options.personPool ?? 20_000;
  const createdAt =
    options.confirmedAt ?? new Date(Date.parse(event.startsAt) - 7 * 86_400_000).toISOString();
  const items: Item[] = [];
  const registrations: Registration[] = [];
  let confirmed = 0;
  let waitlisted = 0;
  for (let i = 0; i < count; i++) {
    const person = (eventIndex * 7919 + i * 104_729) % pool;
    const organisation = person % 400;
    const role = roles[person % roles.length] ?? 'clerk';
    const status = i % 20 === 19 ? 'cancelled' : i % 25 === 24 ? 'waitlisted' : 'confirmed';
    const email = `ucastnik.${person}@obec${organisation}.cz`;
    const registration: Registration = {
      id: newId(Date.parse(createdAt) + i),
      eventId: event.id,
      name: `Účastník ${person}`,
      email,
      role,
      ...(role === 'citizen'
        ? {}
        : { organisationName: `Obec ${organisation}`, ico: organisationIco(organisation) }),
      status,
      source: 'registration',
      createdAt,
      ...(status !== 'waitlisted' ? { confirmedAt: createdAt } : {}),
      ...(status === 'cancelled' ? { cancelledAt: createdAt } : {}),
      ...(status === 'confirmed' && options.attended !== false && i % 10 !== 3
        ? { attendedAt: event.startsAt }
        : {}),
    };
    if (status === 'confirmed') confirmed++;
    if (status === 'waitlisted') waitlisted++;
    registrations.push(registration);
    items.push({ ...keys.registration(event.id, registration.id), ...registration });
    if (status !== 'cancelled' && options.claims !== false) {
      const addressHash = options.addressHash ?? seedAddressHash;
      items.push({
        ...keys.emailClaim(event.id, addressHash(email)),
        registrationId: registration.id,
      });
    }
  }
  return { items, registrations, confirmed, waitlisted };
}

/** BatchWriteItem, 25 items a call, `concurrency` calls in flight. */
export async function writeItems(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  items: Item[],
  concurrency = 16,
): Promise<void> {
  const chunk = 25;
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const start = next;
      next += chunk;
      await batchWrite(
        dynamo,
        tableName,
        items.slice(start, start + chunk).map((Item) => ({ PutRequest: { Item } })),
      );
    }
  });
  await Promise.all(workers);
}
