import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAttendanceRepository } from '../../shared/adapters/attendance-repository';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createPersonKeyer } from '../../shared/domain/indicators';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { eventOf, holdsPersonalData, scanTable } from '../support/personal-data';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * Property: after any sequence of creating events (back-dated ones included), registering,
 * adding walk-ins, moving an event's end and running the purge, no item holding personal data
 * (the declared inventory in test/support/personal-data.ts, checked on a scan of the whole
 * table) belongs to an event that ended more than RETENTION_DAYS before the purge ran, and every
 * registration still counts for the indicators exactly as it did when it was written.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let attendance: ReturnType<typeof createAttendanceRepository>;
let personKey: ReturnType<typeof createPersonKeyer>;
let purge: (time: string) => Promise<unknown>;
let retentionDays: number;

const dayMs = 86_400_000;
/** One clock for every run: the purge's watermark lives in the table and only moves forward. */
let clock = Date.parse('2032-01-01T02:30:00.000Z');

type Op =
  | { kind: 'create'; endOffsetDays: number }
  | { kind: 'register'; event: number; person: number }
  | { kind: 'walk-in'; event: number; person: number }
  | { kind: 'move-end'; event: number; endOffsetDays: number }
  | { kind: 'purge'; afterDays: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create'), endOffsetDays: fc.integer({ min: -700, max: 30 }) }),
  fc.record({ kind: fc.constant('register'), event: fc.nat(), person: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('walk-in'), event: fc.nat(), person: fc.nat({ max: 5 }) }),
  fc.record({
    kind: fc.constant('move-end'),
    event: fc.nat(),
    endOffsetDays: fc.integer({ min: -700, max: 30 }),
  }),
  fc.record({ kind: fc.constant('purge'), afterDays: fc.integer({ min: 0, max: 400 }) }),
) as fc.Arbitrary<Op>;

function eventInput(endsAt: string) {
  return {
    title: 'Úvod do kybernetické bezpečnosti',
    description: '',
    format: 'training' as const,
    topics: ['kybernetická bezpečnost'],
    modernTechFocus: true,
    startsAt: new Date(Date.parse(endsAt) - 3_600_000).toISOString(),
    endsAt,
    venue: 'Obecní úřad Bílý Kostel nad Nisou',
    capacity: 100,
    targetGroups: ['clerks' as const],
    status: 'published' as const,
  };
}

interface Counted {
  role: unknown;
  status: unknown;
  attendedAt: unknown;
  ico: unknown;
  person: string;
}

function countedOf(item: Record<string, unknown>): Counted {
  return {
    role: item.role,
    status: item.status,
    attendedAt: item.attendedAt,
    ico: item.ico,
    person:
      typeof item.personKey === 'string'
        ? item.personKey
        : personKey({ id: String(item.id), email: String(item.email) } as never),
  };
}

async function runSequence(ops: Op[]): Promise<void> {
  const created: TrainingEvent[] = [];
  const expectedCounts = new Map<string, Counted>();
  const endOf = new Map<string, string>();
  let lastPurge: number | undefined;
  const at = (offsetDays: number) => new Date(clock + offsetDays * dayMs).toISOString();

  for (const step of ops) {
    clock += 60_000;
    switch (step.kind) {
      case 'create': {
        const event = newEvent(newId(), eventInput(at(step.endOffsetDays)), at(0));
        await events.createEvent(event);
        created.push(event);
        endOf.set(event.id, event.endsAt);
        break;
      }
      case 'register':
      case 'walk-in': {
        const event = created[step.event % Math.max(created.length, 1)];
        if (!event) break;
        const email = `osoba${step.person}@bily-kostel.cz`;
        const registration = {
          id: newId(),
          eventId: event.id,
          name: `Osoba ${step.person}`,
          email,
          role: 'clerk' as const,
          ico: '00262340',
          status: 'confirmed' as const,
          createdAt: at(0),
          confirmedAt: at(0),
        };
        if (step.kind === 'register') {
          const result = await events.register({ ...registration, source: 'registration' });
          if (result.outcome === 'confirmed') {
            expectedCounts.set(registration.id, countedOf({ ...result.registration }));
          }
        } else {
          const walkIn = { ...registration, source: 'walk-in' as const, attendedAt: at(0) };
          if ((await attendance.addWalkIn(walkIn)) === 'created') {
            expectedCounts.set(registration.id, countedOf(walkIn));
          }
        }
        break;
      }
      case 'move-end': {
        const event = created[step.event % Math.max(created.length, 1)];
        if (!event) break;
        const current = await events.getEvent(event.id);
        if (!current) break;
        const endsAt = at(step.endOffsetDays);
        const moved = { ...current, ...eventInput(endsAt), status: current.status };
        if (await events.saveEventDetails(moved, current.revision)) endOf.set(event.id, endsAt);
        break;
      }
      case 'purge': {
        clock += step.afterDays * dayMs;
        await purge(new Date(clock).toISOString());
        lastPurge = clock;
        break;
      }
    }
  }
  // Every sequence ends with a purge, so the property speaks of the state after one.
  clock += dayMs;
  await purge(new Date(clock).toISOString());
  lastPurge = clock;

  const cutoff = lastPurge - retentionDays * dayMs;
  const items = await scanTable(env);
  const ours = items.filter((item) => {
    const eventId = eventOf(item);
    return eventId !== undefined && endOf.has(eventId);
  });
  const overdue = ours.filter(
    (item) => holdsPersonalData(item) && Date.parse(endOf.get(eventOf(item) ?? '') ?? '') <= cutoff,
  );
  expect(overdue).toEqual([]);
  const registrations = ours.filter(
    (i) => String(i.pk).startsWith('EVENT#') && String(i.sk).startsWith('REG#'),
  );
  for (const item of registrations) {
    expect(countedOf(item)).toEqual(expectedCounts.get(String(item.id)));
  }
}

beforeAll(async () => {
  env = await createTestEnvironment();
  const hash = createAddressHasher(env.config.hashingSecret);
  events = createEventRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  attendance = createAttendanceRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  personKey = createPersonKeyer(env.config.LINK_SIGNING_SECRET);
  retentionDays = env.config.RETENTION_DAYS;
  const retention = await import('../../functions/retention');
  purge = (time) => retention.handler({ time });
});

describe('retention purge, any sequence of writes', () => {
  it('leaves no personal data past retention and the indicators unchanged', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), runSequence), {
      numRuns: 15,
      seed: 1406,
    });
  }, 120_000);
});
