import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import type { MailMessage } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { createEvent } from '../../shared/use-cases/manage-events';
import { reconcileWaitlists } from '../../shared/use-cases/reconcile-waitlists';
import { register } from '../../shared/use-cases/register';
import { useCaseDeps } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

const DAY = 86_400_000;
let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

function setUp(startMs: number) {
  const clock = { ms: startMs };
  const queued: MailMessage[] = [];
  const deps = {
    ...useCaseDeps(env, () => new Date(clock.ms)),
    events: createEventRepository(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      createAddressHasher(env.config.hashingSecret),
    ),
    mail: {
      async enqueue(messages: MailMessage[]) {
        queued.push(...messages);
      },
    },
  };
  return { clock, queued, deps };
}

const person = (label: string) => ({
  name: `Čekající ${label}`,
  email: `${label}-${Math.random().toString(36).slice(2)}@example.cz`,
  role: 'citizen',
  consent: true,
});

/** Seats taken, then a line; the first seated person's cancellation "crashes" before promotion. */
async function fullEventWithLine(
  deps: ReturnType<typeof setUp>['deps'],
  extra: Record<string, unknown>,
) {
  const now = deps.now().getTime();
  const event = await createEvent(deps, {
    title: 'Kybernetická bezpečnost obcí',
    startsAt: new Date(now + 10 * DAY).toISOString(),
    endsAt: new Date(now + 10 * DAY + 3 * 3_600_000).toISOString(),
    venue: 'Liberec',
    capacity: 2,
    modernTechFocus: true,
    ...extra,
  });
  for (let i = 0; i < 5; i++) await register(deps, event.id, person(`p${i}`));
  const registrations = await deps.events.listRegistrations(event.id);
  const [first] = registrations.filter((r) => r.status === 'confirmed');
  const line = registrations.filter((r) => r.status === 'waitlisted').map((r) => r.id);
  const cancelled = await deps.events.cancelRegistration(
    first as NonNullable<typeof first>,
    deps.now().toISOString(),
    { mailOutbox: true },
  );
  expect(cancelled?.status).toBe('cancelled');
  return { event, line };
}

describe('waitlist job', () => {
  it('fills a seat a crashed cancellation left free, longest-waiting first, once', async () => {
    const { clock, queued, deps } = setUp(Date.now());
    const { event, line } = await fullEventWithLine(deps, {});
    queued.length = 0;
    clock.ms += 60_000;

    const summary = await reconcileWaitlists(deps, new Date(clock.ms));
    expect(summary).toMatchObject({ eventsWithFreeSeats: 1, promoted: 1, waitlistsClosed: 0 });
    const after = await deps.events.listRegistrations(event.id);
    expect(after.find((r) => r.id === line[0])?.status).toBe('confirmed');
    expect(queued).toEqual([{ kind: 'promoted', eventId: event.id, registrationId: line[0] }]);

    const again = await reconcileWaitlists(deps, new Date(clock.ms + 300_000));
    expect(again).toMatchObject({ eventsWithFreeSeats: 0, promoted: 0 });
    expect(queued).toHaveLength(1);
  });

  it('gives places in line to people registered before places existed, then promotes', async () => {
    const { clock, queued, deps } = setUp(Date.now());
    const { event, line } = await fullEventWithLine(deps, {});
    const registrations = await deps.events.listRegistrations(event.id);
    for (const r of registrations.filter((x) => x.status === 'waitlisted')) {
      await env.clients.dynamo.send(
        new DeleteCommand({
          TableName: env.config.TABLE_NAME,
          Key: keys.waitlistEntry(event.id, r.createdAt, r.id),
        }),
      );
    }
    queued.length = 0;
    clock.ms += 60_000;

    const summary = await reconcileWaitlists(deps, new Date(clock.ms));
    expect(summary).toMatchObject({ linesRestored: 1, promoted: 1 });
    expect(queued).toEqual([{ kind: 'promoted', eventId: event.id, registrationId: line[0] }]);
    const stored = await deps.events.getEvent(event.id);
    expect([stored?.confirmedCount, stored?.waitlistedCount]).toEqual([2, 2]);
  });

  it('promotes nobody once registration closed, and tells the people still waiting once', async () => {
    const { clock, queued, deps } = setUp(Date.now());
    const closesAt = new Date(clock.ms + 2 * DAY).toISOString();
    const { event, line } = await fullEventWithLine(deps, { registrationClosesAt: closesAt });
    queued.length = 0;
    const afterClosing = new Date(Date.parse(closesAt) + 60_000);

    const summary = await reconcileWaitlists(deps, afterClosing);
    expect(summary).toMatchObject({ promoted: 0, waitlistsClosed: 1, closedNotices: 3 });
    const stored = await deps.events.getEvent(event.id);
    expect([stored?.confirmedCount, stored?.waitlistedCount]).toEqual([1, 3]);
    expect(stored?.waitlistClosedAt).toBe(afterClosing.toISOString());
    expect(queued.map((m) => m.kind)).toEqual([
      'waitlist-closed',
      'waitlist-closed',
      'waitlist-closed',
    ]);
    expect(queued.map((m) => ('registrationId' in m ? m.registrationId : '')).sort()).toEqual(
      [...line].sort(),
    );

    const again = await reconcileWaitlists(deps, new Date(afterClosing.getTime() + 300_000));
    expect(again).toMatchObject({ promoted: 0, waitlistsClosed: 0, closedNotices: 0 });
    expect(queued).toHaveLength(3);
    // A cancellation after the cut-off frees a seat nobody is moved onto.
    const promotedLate = await deps.events.promoteNext(event.id, afterClosing.toISOString());
    expect(promotedLate.outcome).toBe('settled');
  });
});
