import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFunction } from '../../infra/local/runtime';
import { createAttendanceRepository } from '../../shared/adapters/attendance-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { AggregationSummary } from '../../shared/use-cases/aggregate-indicators';
import type { PurgeSummary } from '../../shared/use-cases/purge-personal-data';
import { adminHeaders, appUnderTest } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * The retention purge on the emulators: contact data gone from the raw items, email claims
 * deleted, and the indicators exactly as they were, even when every rollup is recounted from
 * the purged registrations.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let attendance: ReturnType<typeof createAttendanceRepository>;
let aggregate: (time: string) => Promise<AggregationSummary>;
let purge: (time: string) => Promise<PurgeSummary>;

// RETENTION_DAYS is 180 in the test environment.
const firstNight = '2025-11-02T01:00:00.000Z';
// More than 180 days after the October events ended, fewer than 180 after 25 November.
const purgeNight = '2026-04-30T01:30:00.000Z';

let october: TrainingEvent[];
let november: TrainingEvent;

async function addEvent(
  overrides: Partial<Parameters<typeof newEvent>[1]>,
): Promise<TrainingEvent> {
  const event = newEvent(
    newId(),
    {
      title: 'IT bezpečnost pro koncové uživatele',
      description: '',
      format: 'training',
      topics: ['kybernetická bezpečnost'],
      modernTechFocus: true,
      startsAt: '2025-10-29T07:00:00.000Z',
      endsAt: '2025-10-29T11:00:00.000Z',
      venue: 'Magistrát města Jablonec nad Nisou',
      capacity: 3,
      targetGroups: ['clerks', 'mayors'],
      status: 'published',
      ...overrides,
    },
    '2025-09-01T08:00:00.000Z',
  );
  await events.createEvent(event);
  return event;
}

async function register(
  event: TrainingEvent,
  email: string,
  extra: {
    role?: 'clerk' | 'mayor' | 'citizen';
    organisation?: string;
    ico?: string;
    attended?: boolean;
  } = {},
) {
  const result = await events.register({
    id: newId(),
    eventId: event.id,
    name: `Jméno ${email.split('@')[0]}`,
    email,
    role: extra.role ?? 'clerk',
    ...(extra.organisation ? { organisationName: extra.organisation } : {}),
    ...(extra.ico ? { ico: extra.ico } : {}),
    status: 'confirmed',
    source: 'registration',
    createdAt: '2025-10-01T08:00:00.000Z',
  });
  if (result.outcome !== 'confirmed' && result.outcome !== 'waitlisted') {
    throw new Error(`registration failed: ${result.outcome}`);
  }
  if (extra.attended ?? true) await attendance.markPresent(result.registration, event.startsAt);
  return result.registration;
}

async function partition(eventId: string) {
  const result = await env.clients.dynamo.send(
    new QueryCommand({
      TableName: env.config.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.eventPartition(eventId) },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

async function yearItems(year: number) {
  const result = await env.clients.dynamo.send(
    new QueryCommand({
      TableName: env.config.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.indicatorsPartition(year) },
      ConsistentRead: true,
    }),
  );
  // computedAt is the only field that depends on when the job ran.
  return (result.Items ?? []).map(({ computedAt, ...rest }) => rest);
}

const jablonec = { organisation: 'Statutární město Jablonec nad Nisou', ico: '00262340' };

beforeAll(async () => {
  env = await createTestEnvironment();
  events = createEventRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  attendance = createAttendanceRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  const indicators = await loadFunction<typeof import('../../functions/indicators')>('indicators');
  const retention = await loadFunction<typeof import('../../functions/retention')>('retention');
  aggregate = (time) => indicators.handler({ time });
  purge = (time) => retention.handler({ time });

  const jablonecTraining = await addEvent({});
  await register(jablonecTraining, 'jana.novakova@jablonec.cz', jablonec);
  await register(jablonecTraining, 'starosta@chrastava.cz', {
    role: 'mayor',
    organisation: 'Město Chrastava',
  });
  await register(jablonecTraining, 'obcan@example.cz', { role: 'citizen' });
  await register(jablonecTraining, 'ceka@example.cz', { ...jablonec, attended: false });
  const lipa = await addEvent({
    startsAt: '2025-10-31T07:00:00.000Z',
    endsAt: '2025-10-31T11:00:00.000Z',
    venue: 'Městský úřad Česká Lípa',
  });
  await register(lipa, 'jana.novakova@jablonec.cz', jablonec);
  await register(lipa, 'urednik@mucl.cz', { organisation: 'Město Česká Lípa' });
  const cancelledRegistration = await register(lipa, 'odhlasen@mucl.cz', {
    organisation: 'Město Česká Lípa',
    attended: false,
  });
  await events.cancelRegistration(cancelledRegistration, '2025-10-20T08:00:00.000Z');
  october = [jablonecTraining, lipa];
  november = await addEvent({
    startsAt: '2025-11-25T08:00:00.000Z',
    endsAt: '2025-11-25T12:00:00.000Z',
  });
  await register(november, 'pozdeji@liberec.cz', {
    organisation: 'Statutární město Liberec',
    ico: '00262978',
  });
});

describe('retention purge', () => {
  it('removes names, emails and email claims and keeps the indicators identical', async () => {
    await aggregate(firstNight);
    const before = await yearItems(2025);
    expect(before.find((i) => i.sk === 'YEAR')).toMatchObject({
      eventsHeld: 2,
      participants: 5,
      distinctPersons: 4,
      organisationsInvolved: 3,
      registrations: 6,
    });
    const claimsBefore = (await partition(october[0]?.id ?? '')).filter((i) =>
      String(i.sk).startsWith('EMAIL#'),
    );
    expect(claimsBefore).toHaveLength(4);

    const summary = await purge(purgeNight);
    expect(summary).toMatchObject({
      eventsPurged: 2,
      registrationsPurged: 7,
      emailClaimsDeleted: 6, // the cancelled registration gave its claim back already
    });

    for (const event of october) {
      const items = await partition(event.id);
      const registrations = items.filter((i) => String(i.sk).startsWith('REG#'));
      expect(registrations.length).toBeGreaterThan(0);
      for (const registration of registrations) {
        expect(registration).not.toHaveProperty('name');
        expect(registration).not.toHaveProperty('email');
        expect(registration.purgedAt).toBe(purgeNight);
        expect(registration.personKey).toEqual(expect.any(String));
        expect(registration).toHaveProperty('role');
        expect(registration).toHaveProperty('status');
      }
      expect(JSON.stringify(items)).not.toMatch(/@|Jméno|novakova/);
      expect(items.filter((i) => String(i.sk).startsWith('EMAIL#'))).toEqual([]);
      expect(items.find((i) => i.sk === 'PURGED')).toMatchObject({ purgedAt: purgeNight });
    }
    // Ended fewer than 180 days ago: untouched.
    const later = (await partition(november.id)).find((i) => String(i.sk).startsWith('REG#'));
    expect(later).toMatchObject({ email: 'pozdeji@liberec.cz', name: 'Jméno pozdeji' });

    // The same night's aggregation: every 2025 number as before.
    await aggregate(purgeNight);
    const afterPurge = await yearItems(2025);
    // November's event has ended since the first night: compare October, the purged month.
    expect(afterPurge.find((i) => i.sk === 'M10')).toEqual(before.find((i) => i.sk === 'M10'));

    // Recount every rollup from the purged registrations: still identical.
    for (const event of [...october, november]) {
      await env.clients.dynamo.send(
        new DeleteCommand({
          TableName: env.config.TABLE_NAME,
          Key: keys.indicatorRollup(event.id),
        }),
      );
    }
    await aggregate(firstNight);
    expect(await yearItems(2025)).toEqual(before);
  });

  it('lets the organiser still list purged registrations without contact data', async () => {
    const { app } = appUnderTest(env);
    const response = await app.request(`/api/admin/events/${october[0]?.id}/registrations`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    const list = (await response.json()) as {
      name: string | null;
      email: string | null;
      attended: boolean;
    }[];
    expect(list).toHaveLength(4);
    expect(list.every((r) => r.name === null && r.email === null)).toBe(true);
    expect(list.filter((r) => r.attended)).toHaveLength(3);
  });

  it('does not read purged events again and purges later events when their time comes', async () => {
    const again = await purge('2026-05-01T01:30:00.000Z');
    expect(again).toMatchObject({ eventsChecked: 0, eventsPurged: 0, registrationsPurged: 0 });

    const due = await purge('2026-05-25T01:30:00.000Z');
    expect(due).toMatchObject({ eventsChecked: 1, eventsPurged: 1, registrationsPurged: 1 });
    const later = (await partition(november.id)).find((i) => String(i.sk).startsWith('REG#'));
    expect(later).not.toHaveProperty('email');
    expect(later).toMatchObject({ ico: '00262978', purgedAt: '2026-05-25T01:30:00.000Z' });
  });

  it('keeps the indicators identical when it purges a walk-in added to a purged event', async () => {
    const recount = async (time: string) => {
      for (const event of [...october, november]) {
        await env.clients.dynamo.send(
          new DeleteCommand({
            TableName: env.config.TABLE_NAME,
            Key: keys.indicatorRollup(event.id),
          }),
        );
      }
      await aggregate(time);
      return yearItems(2025);
    };
    const lateEvent = october[1];
    if (!lateEvent) throw new Error('no October event');
    // Typed in from the paper sheet a month after the event was purged.
    expect(
      await attendance.addWalkIn({
        id: newId(),
        eventId: lateEvent.id,
        name: 'Pozdní Příchozí',
        email: 'pozdni@mucl.cz',
        role: 'clerk',
        organisationName: 'Město Česká Lípa',
        status: 'confirmed',
        source: 'walk-in',
        createdAt: '2026-05-26T08:00:00.000Z',
        confirmedAt: '2026-05-26T08:00:00.000Z',
        attendedAt: lateEvent.startsAt,
      }),
    ).toBe('created');
    const before = await recount('2026-05-26T09:00:00.000Z');
    expect(before.find((i) => i.sk === 'M10')).toMatchObject({ participants: 6 });

    const summary = await purge('2026-05-27T01:30:00.000Z');
    expect(summary).toMatchObject({ eventsPurged: 1, registrationsPurged: 1 });
    expect(JSON.stringify(await partition(lateEvent.id))).not.toMatch(/@|Pozdní/);
    expect(await recount('2026-05-27T02:00:00.000Z')).toEqual(before);
  });
});
