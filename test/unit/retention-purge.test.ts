import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/domain/event';
import { createPersonKeyer } from '../../shared/domain/indicators';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import {
  type PurgePersonalDataDeps,
  purgePersonalData,
} from '../../shared/use-cases/purge-personal-data';

/* The purge's decisions with an in-memory store; the DynamoDB side is in the integration test. */

function event(id: string, startsAt: string, endsAt: string): TrainingEvent {
  return {
    id,
    title: 'IT bezpečnost pro koncové uživatele',
    description: '',
    format: 'training',
    topics: [],
    modernTechFocus: true,
    startsAt,
    endsAt,
    venue: 'Česká Lípa',
    capacity: 40,
    targetGroups: [],
    status: 'published',
    confirmedCount: 1,
    waitlistedCount: 0,
    revision: 0,
    createdAt: startsAt,
    updatedAt: startsAt,
  };
}

function memoryStore(events: TrainingEvent[], registrations: Record<string, unknown>[]) {
  const state = {
    watermark: undefined as string | undefined,
    purged: new Set<string>(),
    registrations: new Map(registrations.map((r) => [String(r.id), r])),
    conflictsLeft: 0,
    listed: [] as { from?: string; to?: string }[],
    /** Entries of the due-time index: event id → arms; the store keeps no end of its own. */
    due: new Map<string, number>(),
    rescheduled: [] as string[],
    personEntriesDeleted: [] as string[],
  };
  const deps: PurgePersonalDataDeps = {
    events: {
      async listEventsByStart(range) {
        state.listed.push(range);
        return events.filter(
          (e) => (!range.from || e.startsAt >= range.from) && (!range.to || e.startsAt <= range.to),
        );
      },
      getEvent: async (id) => events.find((e) => e.id === id),
    },
    due: {
      due: async () => ({
        entries: [...state.due].map(([eventId, arms]) => ({ eventId, arms })),
        more: false,
      }),
      reschedule: async (eventId) => {
        state.rescheduled.push(eventId);
      },
      disarm: async (entry) => {
        if (state.due.get(entry.eventId) !== entry.arms) return false;
        state.due.delete(entry.eventId);
        return true;
      },
    },
    purge: {
      getWatermark: async () => state.watermark,
      putWatermark: async (startKey) => {
        state.watermark = startKey;
      },
      purgedEventIds: async (ids) => new Set(ids.filter((id) => state.purged.has(id))),
      registrationItems: async (eventId) =>
        [...state.registrations.values()].filter((r) => r.eventId === eventId),
      getRegistrationItem: async (_eventId, id) => state.registrations.get(id),
      async replaceRegistration(before, after) {
        if (state.conflictsLeft > 0) {
          state.conflictsLeft--;
          // Someone marked the person present meanwhile.
          state.registrations.set(String(before.id), {
            ...before,
            attendedAt: '2025-10-31T09:00:00Z',
          });
          return false;
        }
        state.registrations.set(String(after.id), after);
        return true;
      },
      deleteEmailClaims: async () => 1,
      deletePersonEntries: async (entries) => {
        state.personEntriesDeleted.push(...entries.map((e) => e.registrationId));
      },
      deleteSurveyInvitations: async () => 0,
      removeAnswerComments: async () => 0,
      markPurged: async (eventId) => {
        state.purged.add(eventId);
      },
    },
    personKey: createPersonKeyer('unit-test-secret-0123456789abcdef0123'),
    addressHash: createAddressHasher('unit-test-secret-0123456789abcdef0123'),
    retentionDays: 180,
  };
  return { deps, state };
}

const october = event('E1', '2025-10-31T07:00:00.000Z', '2025-10-31T11:00:00.000Z');
const november = event('E2', '2025-11-25T08:00:00.000Z', '2025-11-27T12:00:00.000Z');
const registration = {
  pk: 'EVENT#E1',
  sk: 'REG#R1',
  id: 'R1',
  eventId: 'E1',
  name: 'Jana Nováková',
  email: 'jana@example.cz',
  role: 'clerk',
  status: 'confirmed',
  source: 'registration',
  createdAt: '2025-10-01T08:00:00.000Z',
};

describe('purgePersonalData', () => {
  it('purges events that ended before the cutoff and moves the watermark to the cutoff', async () => {
    const { deps, state } = memoryStore([october], [registration]);
    const summary = await purgePersonalData(deps, new Date('2026-05-01T00:00:00Z'));
    expect(summary).toMatchObject({
      eventsPurged: 1,
      registrationsPurged: 1,
      emailClaimsDeleted: 1,
    });
    expect(state.registrations.get('R1')).not.toHaveProperty('email');
    expect(state.watermark).toBe('2025-11-02T00:00:00.000Z');
  });

  it('waits for an event that started before the cutoff but ended after it', async () => {
    const { deps, state } = memoryStore([october, november], [registration]);
    // Cutoff 26 Nov: November's event started, but ends on the 27th.
    const summary = await purgePersonalData(deps, new Date('2026-05-25T00:00:00Z'));
    expect(summary).toMatchObject({ eventsChecked: 2, eventsPurged: 1 });
    expect(state.watermark).toBe(november.startsAt);
    const next = await purgePersonalData(deps, new Date('2026-05-27T00:00:00Z'));
    expect(next).toMatchObject({ eventsChecked: 1, eventsPurged: 1 });
    expect(state.listed.at(-1)?.from).toBe(november.startsAt);
  });

  it('re-reads a registration changed during the purge and keeps the change', async () => {
    const { deps, state } = memoryStore([october], [registration]);
    state.conflictsLeft = 1;
    await purgePersonalData(deps, new Date('2026-05-01T00:00:00Z'));
    expect(state.registrations.get('R1')).toMatchObject({
      attendedAt: '2025-10-31T09:00:00Z',
      purgedAt: '2026-05-01T00:00:00.000Z',
    });
    expect(state.registrations.get('R1')).not.toHaveProperty('name');
  });

  it('gives up on a registration that keeps changing, before marking the event', async () => {
    const { deps, state } = memoryStore([october], [registration]);
    state.conflictsLeft = 10;
    await expect(purgePersonalData(deps, new Date('2026-05-01T00:00:00Z'))).rejects.toThrow(
      /kept changing/,
    );
    expect(state.purged.has('E1')).toBe(false);
  });

  it('purges what the due-time index lists, whatever the watermark, and takes it out', async () => {
    const { deps, state } = memoryStore([october], [registration]);
    // The watermark passed October long ago: only the index still leads to the event.
    state.watermark = '2026-01-01T00:00:00.000Z';
    state.due.set('E1', 2);
    const summary = await purgePersonalData(deps, new Date('2026-05-01T00:00:00Z'));
    expect(summary).toMatchObject({ dueEntriesRead: 1, eventsPurged: 1, registrationsPurged: 1 });
    expect(state.registrations.get('R1')).not.toHaveProperty('email');
    expect(state.personEntriesDeleted).toEqual(['R1']);
    expect(state.due.has('E1')).toBe(false);
  });

  it('moves an entry found before its event is due, and purges nothing of it', async () => {
    const { deps, state } = memoryStore([november], [{ ...registration, eventId: 'E2' }]);
    state.watermark = '2026-01-01T00:00:00.000Z';
    state.due.set('E2', 1);
    // Cutoff 26 Nov; the event ends on the 27th.
    const summary = await purgePersonalData(deps, new Date('2026-05-25T00:00:00Z'));
    expect(summary).toMatchObject({ eventsPurged: 0 });
    expect(state.rescheduled).toEqual(['E2']);
    expect(state.registrations.get('R1')).toHaveProperty('email');
    expect(state.due.get('E2')).toBe(1);
  });

  it('purges an event listed both ways once', async () => {
    const { deps, state } = memoryStore([october], [registration]);
    state.due.set('E1', 1);
    const summary = await purgePersonalData(deps, new Date('2026-05-01T00:00:00Z'));
    expect(summary).toMatchObject({ eventsChecked: 1, eventsPurged: 1 });
  });

  it('leaves the entry in the index when a write re-armed it during the purge', async () => {
    const { deps, state } = memoryStore([october], [registration]);
    state.due.set('E1', 1);
    const list = deps.purge.registrationItems;
    deps.purge.registrationItems = async (eventId) => {
      // A walk-in is written while the purge runs.
      state.due.set('E1', 2);
      return list(eventId);
    };
    await purgePersonalData(deps, new Date('2026-05-01T00:00:00Z'));
    expect(state.due.get('E1')).toBe(2);
  });
});
