import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFunction } from '../../infra/local/runtime';
import type { ReminderRepository } from '../../shared/adapters/reminder-repository';
import type { MailMessage } from '../../shared/domain/mail-message';
import type { ScheduledJobEvent } from '../../shared/resources';
import { table } from '../../shared/resources';
import { cancelEvent, createEvent, updateEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import type { ReminderSweepSummary } from '../../shared/use-cases/send-reminders';
import type { AppDeps } from '../../shared/web/deps';
import { appUnderTest, drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

const HOUR = 3_600_000;

let env: TestEnvironment;
let deps: AppDeps;
let clock = new Date();
let handler: (event: ScheduledJobEvent) => Promise<ReminderSweepSummary>;
let reminders: ReminderRepository;

const at = (ms: number) => new Date(ms);
const runJob = (time: Date) => handler({ time: time.toISOString() });

function eventInput(startsAt: Date, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Datové schránky a e-podání v praxi',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
    venue: 'Krajský úřad Libereckého kraje, Liberec',
    capacity: 10,
    modernTechFocus: true,
    ...overrides,
  };
}

async function registerPerson(eventId: string, when: Date) {
  clock = when;
  const email = `pripominka-${randomBytes(4).toString('hex')}@example.cz`;
  await register(deps, eventId, { name: 'Jana Nováková', email, role: 'citizen', consent: true });
  const registration = (await deps.events.listRegistrations(eventId)).find(
    (r) => r.email === email,
  );
  if (!registration) throw new Error('registration not stored');
  return registration;
}

const remindersOf = (messages: MailMessage[], eventId: string) =>
  messages.filter(
    (m): m is Extract<MailMessage, { kind: 'reminder' }> =>
      m.kind === 'reminder' && m.eventId === eventId,
  );

beforeAll(async () => {
  env = await createTestEnvironment();
  deps = appUnderTest(env, () => clock).deps;
  reminders = deps.reminders as ReminderRepository;
  ({ handler } = await loadFunction<typeof import('../../functions/reminders')>('reminders'));
});

describe('reminders job', () => {
  it('queues one reminder per person for an event starting tomorrow, and nothing on a re-run', async () => {
    const now = Date.now();
    clock = at(now);
    const event = await createEvent(deps, eventInput(at(now + 30 * HOUR)));
    const jana = await registerPerson(event.id, at(now));
    const petr = await registerPerson(event.id, at(now + 1000));
    await drainMailQueue(env);

    // The 24-hour moment is six hours away: a sweep before it sends nothing of this event.
    const early = await runJob(at(now + 5 * HOUR));
    expect(remindersOf(await drainMailQueue(env), event.id)).toEqual([]);
    expect(early.remindersQueued).toBe(0);

    const summary = await runJob(at(now + 7 * HOUR));
    const queued = remindersOf(await drainMailQueue(env), event.id);
    expect(queued.map((m) => m.registrationId).sort()).toEqual([jana.id, petr.id].sort());
    expect(queued.every((m) => m.offsetHours === 24 && m.startsAt === event.startsAt)).toBe(true);
    expect(summary.dueReminders).toBeGreaterThanOrEqual(1);
    expect(summary.remindersQueued).toBeGreaterThanOrEqual(2);

    const again = await runJob(at(now + 7 * HOUR));
    expect(remindersOf(await drainMailQueue(env), event.id)).toEqual([]);
    expect(again.remindersQueued).toBe(0);

    const items = await reminders.listForEvent(event.id);
    const sent = items.find((r) => r.offsetHours === 24);
    expect(sent).toMatchObject({ state: 'sent', recipients: 2 });
    // Whoever registered after the 7-day moment (here: everybody) got no 7-day reminder.
    expect(items.find((r) => r.offsetHours === 168)?.state).toBe('sent');
    expect(items.find((r) => r.offsetHours === 168)?.recipients).toBe(0);
  });

  it('gives someone who registered after the 7-day moment only the 1-day reminder', async () => {
    const now = Date.now();
    clock = at(now);
    const start = now + 10 * 24 * HOUR;
    const event = await createEvent(deps, eventInput(at(start)));
    const early = await registerPerson(event.id, at(now));

    await runJob(at(start - 168 * HOUR + 60_000));
    const weekBefore = remindersOf(await drainMailQueue(env), event.id);
    expect(weekBefore.map((m) => [m.registrationId, m.offsetHours])).toEqual([[early.id, 168]]);

    const late = await registerPerson(event.id, at(start - 100 * HOUR));
    await runJob(at(start - 24 * HOUR + 60_000));
    const dayBefore = remindersOf(await drainMailQueue(env), event.id);
    expect(dayBefore.map((m) => [m.registrationId, m.offsetHours]).sort()).toEqual(
      [
        [early.id, 24],
        [late.id, 24],
      ].sort(),
    );
  });

  it('moves pending reminders with the event, and re-arms a sent one when it moves later', async () => {
    const now = Date.now();
    clock = at(now);
    const start = now + 10 * 24 * HOUR;
    const event = await createEvent(deps, eventInput(at(start)));
    const person = await registerPerson(event.id, at(now));

    // The 7-day reminder goes out.
    await runJob(at(start - 168 * HOUR + 60_000));
    expect(remindersOf(await drainMailQueue(env), event.id)).toHaveLength(1);

    // Then the organiser moves the event three days later.
    clock = at(start - 160 * HOUR);
    const newStart = start + 72 * HOUR;
    await updateEvent({ ...deps, promote: async () => 0 }, event.id, eventInput(at(newStart)));
    const items = await reminders.listForEvent(event.id);
    for (const offset of [168, 24]) {
      const item = items.find((r) => r.offsetHours === offset);
      expect(item).toMatchObject({
        state: 'pending',
        dueAt: new Date(newStart - offset * HOUR).toISOString(),
        eventStartsAt: new Date(newStart).toISOString(),
      });
    }
    // The due-time index carries the new moments only.
    const due = await env.clients.dynamo.send(
      new QueryCommand({
        TableName: env.config.TABLE_NAME,
        IndexName: table.indexes.byDueTime.name,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'DUE#REMINDER' },
      }),
    );
    const ofEvent = (due.Items ?? []).filter((i) => i.eventId === event.id).map((i) => i.dueAt);
    expect(ofEvent.sort()).toEqual(
      [
        new Date(newStart - 168 * HOUR).toISOString(),
        new Date(newStart - 24 * HOUR).toISOString(),
      ].sort(),
    );

    // Before the new 7-day moment nothing goes out; at it the reminder does, for the new date.
    await runJob(at(newStart - 169 * HOUR));
    expect(remindersOf(await drainMailQueue(env), event.id)).toEqual([]);
    await runJob(at(newStart - 168 * HOUR + 60_000));
    const moved = remindersOf(await drainMailQueue(env), event.id);
    expect(moved).toEqual([
      {
        kind: 'reminder',
        eventId: event.id,
        registrationId: person.id,
        offsetHours: 168,
        startsAt: new Date(newStart).toISOString(),
      },
    ]);
  });

  it('sends nothing for a cancelled event or one that has already started', async () => {
    const now = Date.now();
    clock = at(now);
    const cancelled = await createEvent(deps, eventInput(at(now + 30 * HOUR)));
    await registerPerson(cancelled.id, at(now));
    clock = at(now + HOUR);
    await cancelEvent(deps, cancelled.id);
    const items = await reminders.listForEvent(cancelled.id);
    expect(items.every((r) => r.state === 'inactive')).toBe(true);

    // A reminder still pending when the event starts (the sweeper was down) is closed unsent.
    clock = at(now);
    const started = await createEvent(deps, eventInput(at(now + 2 * HOUR)));
    await registerPerson(started.id, at(now));
    await drainMailQueue(env);
    const summary = await runJob(at(now + 3 * HOUR));
    expect(remindersOf(await drainMailQueue(env), started.id)).toEqual([]);
    expect(remindersOf(await drainMailQueue(env), cancelled.id)).toEqual([]);
    expect(summary.skipped).toBeGreaterThanOrEqual(2);
    const closed = await reminders.listForEvent(started.id);
    expect(closed.map((r) => [r.state, r.skipReason])).toEqual([
      ['skipped', 'event-started'],
      ['skipped', 'event-started'],
    ]);
  });

  it('stops an offset the event no longer uses', async () => {
    const now = Date.now();
    clock = at(now);
    const event = await createEvent(deps, eventInput(at(now + 10 * 24 * HOUR)));
    await updateEvent(
      { ...deps, promote: async () => 0 },
      event.id,
      eventInput(at(now + 10 * 24 * HOUR), { reminderOffsetsHours: [2] }),
    );
    const items = await reminders.listForEvent(event.id);
    expect(items.map((r) => [r.offsetHours, r.state]).sort()).toEqual(
      [
        [2, 'pending'],
        [24, 'inactive'],
        [168, 'inactive'],
      ].sort(),
    );
  });
});
