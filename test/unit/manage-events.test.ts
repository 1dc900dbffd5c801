import { describe, expect, it } from 'vitest';
import { NotFoundError, type ValidationError } from '../../shared/domain/errors';
import type { TrainingEvent } from '../../shared/domain/event';
import type { EventNotice } from '../../shared/domain/mail-message';
import { cancelEvent, createEvent, updateEvent } from '../../shared/use-cases/manage-events';
import {
  fakeMailQueue,
  fakeStore,
  fixedNow,
  sampleEvent,
  sampleRegistration,
} from '../support/fake-stores';

const input = {
  title: 'Kybernetická bezpečnost pro starostky a starosty',
  modernTechFocus: true,
  startsAt: '2026-04-01T08:00:00.000Z',
  endsAt: '2026-04-01T12:00:00.000Z',
  venue: 'Krajský úřad, Liberec',
  capacity: 20,
};

function setUp(stored: TrainingEvent | undefined, options: { saved?: boolean } = {}) {
  let current = stored;
  const created: TrainingEvent[] = [];
  const notices: { recorded: EventNotice[]; cleared: EventNotice[] } = {
    recorded: [],
    cleared: [],
  };
  const scheduled: string[] = [];
  const events = fakeStore({
    getEvent: async () => current,
    createEvent: async (event) => {
      created.push(event);
    },
    saveEventDetails: async (event) => {
      if (options.saved === false) return false;
      current = event;
      return true;
    },
    setEventStatus: async (_id, status, nowIso) => {
      if (!current || current.status === status) return undefined;
      current = { ...current, status, updatedAt: nowIso, revision: current.revision + 1 };
      return current;
    },
    recordNotice: async (notice) => {
      notices.recorded.push(notice);
    },
    clearNotice: async (notice) => {
      notices.cleared.push(notice);
    },
    listRegistrations: async () => [
      sampleRegistration({ id: 'R1' }),
      sampleRegistration({ id: 'R2', status: 'waitlisted' }),
      sampleRegistration({ id: 'R3', status: 'cancelled' }),
    ],
  });
  const mail = fakeMailQueue();
  const deps = {
    events,
    mail,
    reminders: {
      schedule: async (event: TrainingEvent) => scheduled.push(`reminders ${event.startsAt}`),
    },
    surveys: {
      scheduleRun: async (event: TrainingEvent) => scheduled.push(`survey ${event.endsAt}`),
    },
    now: () => fixedNow,
    promote: async () => 0,
  };
  return { deps, events, mail, created, notices, scheduled };
}

describe('createEvent', () => {
  it('refuses an event that ends before it starts, storing nothing', async () => {
    const { deps, events } = setUp(undefined);
    const error = await createEvent(deps, { ...input, endsAt: '2026-04-01T07:00:00.000Z' }).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).errors.map((e) => e.code)).toContain('ends_before_start');
    expect(events.calls).toEqual([]);
  });

  it('stores the event with empty counters and plans its reminders and survey', async () => {
    const { deps, created, scheduled } = setUp(undefined);
    const event = await createEvent(deps, input);
    expect(created).toEqual([event]);
    expect(event).toMatchObject({ confirmedCount: 0, waitlistedCount: 0, revision: 0 });
    expect(scheduled).toEqual([`reminders ${input.startsAt}`, `survey ${input.endsAt}`]);
  });
});

describe('updateEvent', () => {
  const published = sampleEvent({ confirmedCount: 5 });
  const edit = {
    ...input,
    startsAt: published.startsAt,
    endsAt: published.endsAt,
    venue: published.venue,
  };

  it('says an unknown event is not found', async () => {
    const { deps } = setUp(undefined);
    await expect(updateEvent(deps, published.id, edit)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never lowers the capacity below the confirmed seats', async () => {
    const { deps, events } = setUp(published);
    const error = await updateEvent(deps, published.id, { ...edit, capacity: 4 }).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).errors[0]?.code).toBe('below_confirmed');
    expect(events.calls).toEqual(['getEvent']);
  });

  it('records the notice of a new venue before saving, and tells everyone still registered', async () => {
    const { deps, events, mail, notices } = setUp(published);
    await updateEvent(deps, published.id, { ...edit, venue: 'Zasedací sál, Jablonec' });
    expect(events.calls.indexOf('recordNotice')).toBeLessThan(
      events.calls.indexOf('saveEventDetails'),
    );
    expect(notices.recorded).toEqual([
      expect.objectContaining({ kind: 'event-changed', revision: published.revision + 1 }),
    ]);
    expect(mail.sent.map((m) => ('registrationId' in m ? m.registrationId : ''))).toEqual([
      'R1',
      'R2',
    ]);
    expect(notices.cleared).toEqual(notices.recorded);
  });

  it('tells nobody about an edit that changes neither time nor place', async () => {
    const { deps, mail, notices } = setUp(published);
    await updateEvent(deps, published.id, { ...edit, title: 'Nový název' });
    expect(notices.recorded).toEqual([]);
    expect(mail.sent).toEqual([]);
  });

  it('refuses an edit that lost to a concurrent one', async () => {
    const { deps, scheduled } = setUp(published, { saved: false });
    const error = await updateEvent(deps, published.id, { ...edit, title: 'Nový název' }).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).errors[0]?.code).toBe('edit_conflict');
    expect(scheduled).toEqual([]);
  });
});

describe('cancelEvent', () => {
  it('tells everyone still registered once, however often it is cancelled', async () => {
    const { deps, mail, notices } = setUp(sampleEvent());
    const first = await cancelEvent(deps, sampleEvent().id);
    expect(first).toMatchObject({ notified: 2, event: { status: 'cancelled' } });
    const second = await cancelEvent(deps, sampleEvent().id);
    expect(second.notified).toBe(0);
    expect(mail.sent).toHaveLength(2);
    expect(notices.recorded).toHaveLength(1);
  });
});
