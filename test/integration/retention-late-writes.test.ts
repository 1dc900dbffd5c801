import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAttendanceRepository } from '../../shared/adapters/attendance-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createSurveyRepository } from '../../shared/adapters/survey-repository';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createPersonKeyer } from '../../shared/domain/indicators';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { PurgeSummary } from '../../shared/use-cases/purge-personal-data';
import { personalItemsOf, scanTable } from '../support/personal-data';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * Personal data written late is purged all the same: a back-dated event entered after the
 * purge's watermark passed it, a walk-in added to an event already purged, an event whose end
 * an organiser moves, a survey's free text. Each case scans the whole table for the event's
 * personal data afterwards, and checks what the indicators count did not change.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let attendance: ReturnType<typeof createAttendanceRepository>;
let surveys: ReturnType<typeof createSurveyRepository>;
let purge: (time: string) => Promise<PurgeSummary>;
let personKey: ReturnType<typeof createPersonKeyer>;
let retentionDays: number;

const dayMs = 86_400_000;
const firstNight = Date.parse('2031-03-10T02:30:00.000Z');
const night = (n: number) => new Date(firstNight + n * dayMs).toISOString();
/** An instant `days` before the retention cutoff of night 0 (negative: after it). */
const beforeCutoff = (days: number) =>
  new Date(firstNight - (retentionDays + days) * dayMs).toISOString();

async function addEvent(endsAt: string, createdAt: string): Promise<TrainingEvent> {
  const startsAt = new Date(Date.parse(endsAt) - 4 * 3_600_000).toISOString();
  const event = newEvent(
    newId(),
    {
      title: 'Spisová služba v praxi',
      description: '',
      format: 'training',
      topics: ['spisová služba'],
      modernTechFocus: false,
      startsAt,
      endsAt,
      venue: 'Krajský úřad Libereckého kraje',
      capacity: 10,
      targetGroups: ['clerks'],
      status: 'published',
    },
    createdAt,
  );
  await events.createEvent(event);
  return event;
}

async function register(event: TrainingEvent, email: string, at: string) {
  const result = await events.register({
    id: newId(),
    eventId: event.id,
    name: `Jméno ${email.split('@')[0]}`,
    email,
    role: 'clerk',
    organisationName: 'Město Turnov',
    ico: '00276227',
    status: 'confirmed',
    source: 'registration',
    createdAt: at,
    clientHash: 'hash-of-a-client',
  });
  if (result.outcome !== 'confirmed') throw new Error(`registration failed: ${result.outcome}`);
  return result.registration;
}

async function walkIn(event: TrainingEvent, email: string, at: string) {
  const outcome = await attendance.addWalkIn({
    id: newId(),
    eventId: event.id,
    name: `Jméno ${email.split('@')[0]}`,
    email,
    role: 'mayor',
    organisationName: 'Obec Kryštofovo Údolí',
    status: 'confirmed',
    source: 'walk-in',
    createdAt: at,
    confirmedAt: at,
    attendedAt: at,
  });
  expect(outcome).toBe('created');
}

/** What the indicators count of an event's registrations, with the person by their pseudonym. */
async function counted(eventId: string) {
  const items = (await scanTable(env)).filter(
    (item) => item.pk === keys.eventPartition(eventId) && String(item.sk).startsWith('REG#'),
  );
  return items
    .map((item) => ({
      id: item.id,
      role: item.role,
      status: item.status,
      attendedAt: item.attendedAt,
      organisationName: item.organisationName,
      ico: item.ico,
      person:
        typeof item.personKey === 'string'
          ? item.personKey
          : personKey({ id: String(item.id), email: String(item.email) } as never),
    }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

beforeAll(async () => {
  env = await createTestEnvironment();
  const hash = createAddressHasher(env.config.hashingSecret);
  events = createEventRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  attendance = createAttendanceRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  surveys = createSurveyRepository(env.clients.dynamo, env.config.TABLE_NAME);
  personKey = createPersonKeyer(env.config.LINK_SIGNING_SECRET);
  retentionDays = env.config.RETENTION_DAYS;
  const retention = await import('../../functions/retention');
  purge = (time) => retention.handler({ time });
});

describe('retention purge of personal data written late', () => {
  it('purges a back-dated event entered after the watermark moved past it', async () => {
    // Night 0 moves the watermark to its cutoff; nothing is due yet.
    const early = await addEvent(beforeCutoff(-5), night(-400));
    await register(early, 'drive@turnov.cz', night(-400));
    const first = await purge(night(0));
    expect(first.watermark).toBe(beforeCutoff(0));

    // The next day an organiser types in last year's training from a paper sheet.
    const backDated = await addEvent(beforeCutoff(40), night(0.5));
    await register(backDated, 'papir@turnov.cz', night(0.5));
    await walkIn(backDated, 'starosta@krystofovoudoli.cz', night(0.5));
    const before = await counted(backDated.id);
    expect(await personalItemsOf(env, [backDated.id])).not.toEqual([]);

    const summary = await purge(night(1));
    expect(summary.eventsPurged).toBe(1);
    expect(await personalItemsOf(env, [backDated.id])).toEqual([]);
    expect(await counted(backDated.id)).toEqual(before);
    // The event that is not due yet keeps its contact data.
    expect((await personalItemsOf(env, [early.id])).length).toBeGreaterThan(0);
  });

  it('purges a walk-in added to an event that was already purged', async () => {
    const event = await addEvent(beforeCutoff(20), beforeCutoff(60));
    await register(event, 'vcas@turnov.cz', beforeCutoff(50));
    await purge(night(2));
    expect(await personalItemsOf(env, [event.id])).toEqual([]);

    await walkIn(event, 'pozde@turnov.cz', night(2.5));
    expect(await personalItemsOf(env, [event.id])).not.toEqual([]);
    const before = await counted(event.id);

    const summary = await purge(night(3));
    expect(summary).toMatchObject({ eventsPurged: 1, registrationsPurged: 1 });
    expect(await personalItemsOf(env, [event.id])).toEqual([]);
    expect(await counted(event.id)).toEqual(before);
  });

  it('follows the event when an organiser moves its end, earlier or later', async () => {
    const movedEarlier = await addEvent(beforeCutoff(-30), night(-300));
    await register(movedEarlier, 'drive-konec@turnov.cz', night(-300));
    const movedLater = await addEvent(beforeCutoff(10), night(-300));
    await register(movedLater, 'pozdeji-konec@turnov.cz', night(-300));

    for (const [event, endsAt] of [
      [movedEarlier, beforeCutoff(15)],
      [movedLater, beforeCutoff(-60)],
    ] as const) {
      const current = await events.getEvent(event.id);
      if (!current) throw new Error('event missing');
      const startsAt = new Date(Date.parse(endsAt) - 4 * 3_600_000).toISOString();
      expect(
        await events.saveEventDetails({ ...current, startsAt, endsAt }, current.revision),
      ).toBe(true);
    }

    await purge(night(4));
    expect(await personalItemsOf(env, [movedEarlier.id])).toEqual([]);
    expect((await personalItemsOf(env, [movedLater.id])).length).toBeGreaterThan(0);

    // Its new end plus the retention days: then it goes.
    await purge(new Date(Date.parse(night(0)) + 65 * dayMs).toISOString());
    expect(await personalItemsOf(env, [movedLater.id])).toEqual([]);
  });

  it('removes survey invitations and the free text of answers, keeping the ratings', async () => {
    const event = await addEvent(beforeCutoff(30), beforeCutoff(60));
    const registration = await register(event, 'hodnotim@turnov.cz', beforeCutoff(50));
    const closesAt = beforeCutoff(20);
    expect(
      await surveys.createInvitation(event.id, registration.id, closesAt, beforeCutoff(29)),
    ).toBe(true);
    expect(
      await surveys.submitAnswer(
        registration.id,
        {
          eventId: event.id,
          satisfaction: 5,
          usefulness: 4,
          comment: 'Paní Nováková vysvětlovala skvěle.',
          topics: 'Více o e-Sbírce',
          answeredOn: beforeCutoff(28).slice(0, 10),
        },
        beforeCutoff(28),
      ),
    ).toBe('answered');

    const summary = await purge(night(5));
    expect(summary).toMatchObject({ surveyInvitationsDeleted: 1, answerCommentsRemoved: 1 });
    expect(await personalItemsOf(env, [event.id])).toEqual([]);
    expect(await surveys.listAnswers(event.id)).toEqual([
      { eventId: event.id, satisfaction: 5, usefulness: 4, answeredOn: expect.any(String) },
    ]);
  });

  it('purges an event stored before the schedule existed once personal data is written to it', async () => {
    const event = await addEvent(beforeCutoff(10), beforeCutoff(60));
    // As the table held events before the schedule item existed.
    await env.clients.dynamo.send(
      new DeleteCommand({ TableName: env.config.TABLE_NAME, Key: keys.retentionDue(event.id) }),
    );
    await walkIn(event, 'stary-zaznam@turnov.cz', night(5.5));
    const schedule = await env.clients.dynamo.send(
      new GetCommand({ TableName: env.config.TABLE_NAME, Key: keys.retentionDue(event.id) }),
    );
    expect(schedule.Item).toMatchObject({ gsi2pk: keys.retentionDuePartition, arms: 1 });

    // The stand-in due time is the write's: found then, and purged since the event is long over.
    await purge(new Date(Date.parse(night(5.5)) + (retentionDays + 1) * dayMs).toISOString());
    expect(await personalItemsOf(env, [event.id])).toEqual([]);
  });
});
