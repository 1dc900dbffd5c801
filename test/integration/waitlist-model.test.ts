import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { ConflictError, ValidationError } from '../../shared/domain/errors';
import { newEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { type MailMessage, mailDedupeKey } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import {
  cancelRegistration,
  promoteFromWaitlist,
} from '../../shared/use-cases/cancel-registration';
import { parseEventInput, updateEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import type { AppDeps } from '../../shared/web/deps';
import { organiserDeps } from '../../shared/wiring';
import { adminHeaders, createApp } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/**
 * Model-based test of the waiting list. fast-check generates short sequences of registrations,
 * self-cancellations, organiser cancellations (through the admin API), cancellations whose
 * promotion never ran (the process died right after the commit), capacity changes and
 * promotion runs (what the waitlist job does), and runs each against DynamoDB Local, one event
 * per sequence. After every step the table must agree with a small in-memory model, and:
 * - never more confirmed than the capacity;
 * - once promotion has settled, no free seat while someone waits;
 * - the confirmed people are the first ones by registration order among those not cancelled;
 * - one email per status change: each change's message queued once and its outbox entry stored.
 *
 * Sequences run ten at a time (each on its own event) to keep the whole test within a minute on
 * two cores: numRuns × sequencesPerRun = 1,000 generated sequences.
 */
const numRuns = 100;
const sequencesPerRun = 10;
const maxCommands = 8;

type Status = 'confirmed' | 'waitlisted' | 'cancelled';
type Kind =
  | 'registration-confirmed'
  | 'registration-waitlisted'
  | 'promoted'
  | 'registration-cancelled';
const kinds: Kind[] = [
  'registration-confirmed',
  'registration-waitlisted',
  'promoted',
  'registration-cancelled',
];

interface Person {
  email: string;
  /** Read from the email claim after the registration; registration order is (createdAt, id). */
  id: string;
  status: Status;
}

interface Model {
  capacity: number;
  people: Person[];
  /** False between a cancellation whose promotion never ran and the next promotion. */
  settled: boolean;
  /** Dedupe keys of the messages queued right after each change. */
  queued: string[];
  /** Dedupe keys of the outbox entries every change stored with itself. */
  outbox: Set<string>;
}

interface Real {
  eventId: string;
  deps: AppDeps;
  app: () => Hono;
  /** Messages the use cases queued, as dedupe keys. */
  queued: string[];
  clock: { ms: number };
  input: Record<string, unknown>;
  sequence: string;
}

let env: TestEnvironment;
const addressHash = (email: string) => createAddressHasher(env.config.hashingSecret)(email);
let baseDeps: AppDeps;

beforeAll(async () => {
  env = await createTestEnvironment();
  baseDeps = organiserDeps(env.config);
});

const active = (m: Model) => m.people.filter((p) => p.status !== 'cancelled');
const count = (m: Model, status: Status) => m.people.filter((p) => p.status === status).length;

function change(m: Model, person: Person, kind: Kind, queued: boolean) {
  const key = `${kind}#${person.id}`;
  m.outbox.add(key);
  if (queued) m.queued.push(key);
}

/** What promotion must do: seats to the longest-waiting, until none is free or nobody waits. */
function promote(m: Model) {
  for (;;) {
    const next = m.people.find((p) => p.status === 'waitlisted');
    if (!next || count(m, 'confirmed') >= m.capacity) break;
    next.status = 'confirmed';
    change(m, next, 'promoted', true);
  }
  m.settled = true;
}

async function verify(m: Model, r: Real) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await env.clients.dynamo.send(
      new QueryCommand({
        TableName: env.config.TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.eventPartition(r.eventId) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const event = items.find((i) => i.sk === 'EVENT') as Record<string, number>;
  const registrations = items
    .filter((i) => String(i.sk).startsWith(keys.registrationPrefix))
    .map((i) => ({
      id: String(i.id),
      email: String(i.email),
      status: i.status as Status,
      createdAt: String(i.createdAt),
    }));
  for (const person of m.people) {
    const stored = registrations.find((x) => x.id === person.id);
    expect(stored?.status, `${r.sequence}: status of ${person.email}`).toBe(person.status);
  }
  expect(registrations).toHaveLength(m.people.length);

  const confirmed = count(m, 'confirmed');
  const waiting = count(m, 'waitlisted');
  expect([event.confirmedCount, event.waitlistedCount, event.capacity]).toEqual([
    confirmed,
    waiting,
    m.capacity,
  ]);
  expect(confirmed).toBeLessThanOrEqual(m.capacity);
  if (m.settled) expect(confirmed < m.capacity && waiting > 0, r.sequence).toBe(false);
  // The line in the table: one place per waiting person, in registration order.
  const line = items
    .filter((i) => String(i.sk).startsWith(keys.waitlistPrefix))
    .map((i) => String(i.registrationId));
  const inOrder = registrations
    .filter((x) => x.status !== 'cancelled')
    .sort((a, b) => (a.createdAt + a.id).localeCompare(b.createdAt + b.id));
  expect(line).toEqual(inOrder.filter((x) => x.status === 'waitlisted').map((x) => x.id));
  // The confirmed are exactly the first ones in registration order among those not cancelled.
  expect(inOrder.map((x) => x.status)).toEqual(
    inOrder.map((_, i) => (i < confirmed ? 'confirmed' : 'waitlisted')),
  );
  expect([...r.queued].sort(), `${r.sequence}: queued emails`).toEqual([...m.queued].sort());
}

/** Outbox entries: exactly those of the changes that happened, one per change. */
async function verifyOutbox(m: Model) {
  const candidates = m.people.flatMap((p) => kinds.map((kind) => `${kind}#${p.id}`));
  const present = new Set<string>();
  for (let i = 0; i < candidates.length; i += 100) {
    const chunk = candidates.slice(i, i + 100);
    const byPk = new Map(chunk.map((key) => [keys.mailOutbox(key).pk, key]));
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [env.config.TABLE_NAME]: { Keys: chunk.map((key) => keys.mailOutbox(key)) },
    };
    while (request && Object.keys(request).length > 0) {
      const result = await env.clients.dynamo.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[env.config.TABLE_NAME] ?? []) {
        present.add(byPk.get(String(item.pk)) as string);
      }
      request = result.UnprocessedKeys as typeof request;
    }
  }
  expect([...present].sort()).toEqual([...m.outbox].sort());
}

const tick = (r: Real) => {
  r.clock.ms += 1000;
};

/**
 * A registration, served by the container that served the sequence so far or by a new one: each
 * container keeps its own guess of which events are full, and the conditions must hold either way.
 */
class Register implements fc.AsyncCommand<Model, Real> {
  constructor(readonly newContainer: boolean) {}
  check = () => true;
  async run(m: Model, r: Real) {
    tick(r);
    const email = `m${m.people.length}.${r.eventId.slice(-8).toLowerCase()}@example.cz`;
    const free = count(m, 'confirmed') < m.capacity && count(m, 'waitlisted') === 0;
    const roomInLine = count(m, 'waitlisted') < 2 * m.capacity;
    try {
      const deps = this.newContainer
        ? {
            ...r.deps,
            events: createEventRepository(
              env.clients.dynamo,
              env.config.TABLE_NAME,
              createAddressHasher(env.config.hashingSecret),
            ),
          }
        : r.deps;
      const result = await register(deps, r.eventId, {
        name: 'Model',
        email,
        role: 'citizen',
        consent: true,
      });
      const claim = await env.clients.dynamo.send(
        new GetCommand({
          TableName: env.config.TABLE_NAME,
          Key: keys.emailClaim(r.eventId, addressHash(email)),
          ConsistentRead: true,
        }),
      );
      const person: Person = {
        email,
        status: result.status,
        id: String(claim.Item?.registrationId),
      };
      m.people.push(person);
      expect(result.status).toBe(free ? 'confirmed' : 'waitlisted');
      change(m, person, `registration-${result.status}`, true);
    } catch (error) {
      if (!(error instanceof ConflictError) || free || roomInLine) throw error;
      expect(error.code).toBe('waitlist_full');
    }
    await verify(m, r);
  }
  toString = () => (this.newContainer ? 'register-elsewhere' : 'register');
}

type CancelPath =
  /** The person's signed cancel link: the use case cancels and promotes. */
  | 'self'
  /** An organiser through the admin API. */
  | 'organiser'
  /** The cancellation committed and its process died before promoting anyone or queueing. */
  | 'crash';

class Cancel implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly path: CancelPath,
    readonly pick: number,
  ) {}
  check = (m: Readonly<Model>) => active(m as Model).length > 0;
  async run(m: Model, r: Real) {
    tick(r);
    const candidates = active(m);
    const person = candidates[this.pick % candidates.length] as Person;
    if (this.path === 'self') {
      const result = await cancelRegistration(r.deps, r.eventId, person.id);
      expect(result.outcome).toBe('cancelled');
    } else if (this.path === 'organiser') {
      const response = await r
        .app()
        .request(`/api/admin/events/${r.eventId}/registrations/${person.id}/cancel`, {
          method: 'POST',
          headers: adminHeaders,
        });
      expect(response.status).toBe(200);
    } else {
      const stored = await r.deps.events.getRegistration(r.eventId, person.id);
      const cancelled = await r.deps.events.cancelRegistration(
        stored as NonNullable<typeof stored>,
        new Date(r.clock.ms).toISOString(),
        { mailOutbox: true },
      );
      expect(cancelled?.status).toBe('cancelled');
    }
    person.status = 'cancelled';
    const promotes = this.path !== 'crash';
    change(m, person, 'registration-cancelled', promotes);
    if (promotes) promote(m);
    else if (count(m, 'confirmed') < m.capacity && count(m, 'waitlisted') > 0) m.settled = false;
    await verify(m, r);
  }
  toString = () => `cancel-${this.path}(${this.pick})`;
}

class ChangeCapacity implements fc.AsyncCommand<Model, Real> {
  constructor(readonly capacity: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    tick(r);
    const input = { ...r.input, capacity: this.capacity };
    const promoteAll = (eventId: string) => promoteFromWaitlist(r.deps, eventId);
    if (this.capacity < count(m, 'confirmed')) {
      const refused = await updateEvent({ ...r.deps, promote: promoteAll }, r.eventId, input).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).errors[0]?.code).toBe('below_confirmed');
    } else {
      await updateEvent({ ...r.deps, promote: promoteAll }, r.eventId, input);
      r.input = input;
      m.capacity = this.capacity;
      promote(m);
    }
    await verify(m, r);
  }
  toString = () => `capacity(${this.capacity})`;
}

class Promote implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    tick(r);
    const waitingBefore = count(m, 'waitlisted');
    const promoted = await promoteFromWaitlist(r.deps, r.eventId);
    promote(m);
    expect(promoted).toBe(waitingBefore - count(m, 'waitlisted'));
    await verify(m, r);
  }
  toString = () => 'promote';
}

const commands = fc.commands(
  [
    fc.constant(new Register(false)),
    fc.constant(new Register(false)),
    fc.constant(new Register(true)),
    fc.nat(20).map((pick) => new Cancel('self', pick)),
    fc.nat(20).map((pick) => new Cancel('organiser', pick)),
    fc.nat(20).map((pick) => new Cancel('crash', pick)),
    fc.integer({ min: 1, max: 5 }).map((capacity) => new ChangeCapacity(capacity)),
    fc.constant(new Promote()),
  ],
  { maxCommands },
);

const sequence = fc.record({ capacity: fc.integer({ min: 1, max: 3 }), commands });

let sequenceCount = 0;

async function runSequence(spec: {
  capacity: number;
  commands: Iterable<fc.AsyncCommand<Model, Real>>;
}) {
  sequenceCount++;
  const clock = { ms: Date.parse('2026-03-02T08:00:00.000Z') };
  const now = () => new Date(clock.ms);
  const id = newId(clock.ms);
  const input = {
    title: 'Model čekací listiny',
    startsAt: '2099-06-01T08:00:00.000Z',
    endsAt: '2099-06-01T12:00:00.000Z',
    venue: 'Liberec',
    capacity: spec.capacity,
    modernTechFocus: true,
  };
  const queued: string[] = [];
  const mail = {
    async enqueue(messages: MailMessage[]) {
      queued.push(...messages.map(mailDedupeKey));
    },
  };
  const deps: AppDeps = { ...baseDeps, mail, now };
  await deps.events.createEvent(newEvent(id, parseEventInput(input), now().toISOString()));
  let app: Hono | undefined;
  const real: Real = {
    eventId: id,
    deps,
    app: () => {
      app ??= createApp(deps);
      return app;
    },
    queued,
    clock,
    input,
    sequence: `event ${id}`,
  };
  const model: Model = {
    capacity: spec.capacity,
    people: [],
    settled: true,
    queued: [],
    outbox: new Set(),
  };
  await fc.asyncModelRun(() => ({ model, real }), spec.commands);
  await verifyOutbox(model);
}

describe('waiting list against its model', () => {
  it(`holds the invariants over ${numRuns * sequencesPerRun} generated sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sequence, { minLength: sequencesPerRun, maxLength: sequencesPerRun }),
        async (sequences) => {
          await Promise.all(sequences.map(runSequence));
        },
      ),
      { numRuns },
    );
    expect(sequenceCount).toBeGreaterThanOrEqual(numRuns * sequencesPerRun);
  }, 180_000);
});
