import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/domain/event';
import { planReminders, reminderApplies, reminderDecision } from '../../shared/domain/reminders';

const HOUR = 3_600_000;

function event(overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  return {
    id: '01JBCDEF8KQ3M4N5P6R7S8T9VW',
    title: 'Kybernetická bezpečnost pro obce',
    description: '',
    format: 'training',
    topics: [],
    modernTechFocus: true,
    startsAt: '2025-10-22T07:00:00.000Z',
    endsAt: '2025-10-22T11:00:00.000Z',
    venue: 'Krajský úřad Liberec',
    capacity: 20,
    targetGroups: [],
    status: 'published',
    confirmedCount: 0,
    waitlistedCount: 0,
    revision: 0,
    createdAt: '2025-09-01T08:00:00.000Z',
    updatedAt: '2025-09-01T08:00:00.000Z',
    ...overrides,
  };
}

describe('planReminders', () => {
  it('plans one reminder per default offset before the start', () => {
    expect(planReminders(event(), [168, 24])).toEqual([
      { offsetHours: 168, dueAt: '2025-10-15T07:00:00.000Z', active: true },
      { offsetHours: 24, dueAt: '2025-10-21T07:00:00.000Z', active: true },
    ]);
  });

  it("uses the event's own offsets, without duplicates", () => {
    const plans = planReminders(event({ reminderOffsetsHours: [2, 48, 2] }), [168, 24]);
    expect(plans.map((p) => p.offsetHours)).toEqual([2, 48]);
    expect(plans[0]?.dueAt).toBe('2025-10-22T05:00:00.000Z');
  });

  it('keeps reminders of drafts and cancelled events switched off', () => {
    expect(planReminders(event({ status: 'draft' }), [24])[0]?.active).toBe(false);
    expect(planReminders(event({ status: 'cancelled' }), [24])[0]?.active).toBe(false);
  });

  it('follows a moved start', () => {
    const moved = planReminders(event({ startsAt: '2025-11-05T08:00:00.000Z' }), [24]);
    expect(moved[0]?.dueAt).toBe('2025-11-04T08:00:00.000Z');
  });
});

describe('reminderApplies', () => {
  const reminder = { dueAt: '2025-10-15T07:00:00.000Z', eventStartsAt: '2025-10-22T07:00:00.000Z' };
  const now = Date.parse('2025-10-15T07:05:00.000Z');

  it('reminds someone confirmed before the moment', () => {
    expect(
      reminderApplies(
        reminder,
        { status: 'confirmed', confirmedAt: '2025-10-01T10:00:00.000Z' },
        now,
      ),
    ).toBe(true);
  });

  it('skips someone whose seat became theirs after the moment', () => {
    expect(
      reminderApplies(
        reminder,
        { status: 'confirmed', confirmedAt: '2025-10-16T10:00:00.000Z' },
        now,
      ),
    ).toBe(false);
  });

  it('skips waiting, cancelled and never-confirmed registrations', () => {
    expect(reminderApplies(reminder, { status: 'waitlisted' }, now)).toBe(false);
    expect(
      reminderApplies(
        reminder,
        { status: 'cancelled', confirmedAt: '2025-10-01T10:00:00.000Z' },
        now,
      ),
    ).toBe(false);
    expect(reminderApplies(reminder, { status: 'confirmed' }, now)).toBe(false);
  });

  it('stays due after its moment until the event starts, then never', () => {
    const registration = { status: 'confirmed', confirmedAt: '2025-10-01T10:00:00.000Z' };
    expect(reminderApplies(reminder, registration, Date.parse('2025-10-22T06:59:00.000Z'))).toBe(
      true,
    );
    expect(reminderApplies(reminder, registration, Date.parse('2025-10-22T07:00:00.000Z'))).toBe(
      false,
    );
  });
});

describe('reminderDecision', () => {
  const due = { offsetHours: 24, dueAt: '2025-10-21T07:00:00.000Z' };
  const now = Date.parse('2025-10-21T07:01:00.000Z');

  it('sends a reminder that matches the event as it is now', () => {
    expect(reminderDecision(due, event(), [168, 24], now)).toEqual({ action: 'send' });
  });

  it('skips a reminder of a missing, cancelled or draft event', () => {
    expect(reminderDecision(due, undefined, [24], now)).toEqual({
      action: 'skip',
      reason: 'event-missing',
    });
    expect(reminderDecision(due, event({ status: 'cancelled' }), [24], now)).toEqual({
      action: 'skip',
      reason: 'event-not-published',
    });
  });

  it('skips a reminder once the event has started', () => {
    expect(reminderDecision(due, event(), [24], Date.parse('2025-10-22T07:00:00.000Z'))).toEqual({
      action: 'skip',
      reason: 'event-started',
    });
  });

  it('skips an offset the event no longer uses', () => {
    expect(reminderDecision(due, event({ reminderOffsetsHours: [2] }), [24], now)).toEqual({
      action: 'skip',
      reason: 'offset-removed',
    });
  });

  it('plans anew a reminder left on an old start', () => {
    const moved = event({
      startsAt: new Date(Date.parse('2025-10-22T07:00:00.000Z') + 48 * HOUR).toISOString(),
    });
    expect(reminderDecision(due, moved, [24], now)).toEqual({ action: 'reschedule' });
  });
});
