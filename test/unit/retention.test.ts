import { describe, expect, it } from 'vitest';
import {
  isDueForPurge,
  needsPurge,
  nextWatermark,
  purgedRegistrationItem,
  retentionCutoff,
} from '../../shared/domain/retention';

const stored = {
  pk: 'EVENT#E1',
  sk: 'REG#R1',
  id: 'R1',
  eventId: 'E1',
  name: 'Jana Nováková',
  email: 'jana.novakova@example.cz',
  phone: '+420 777 123 456',
  role: 'clerk',
  organisationName: 'Statutární město Jablonec nad Nisou',
  ico: '00262340',
  status: 'confirmed',
  source: 'registration',
  createdAt: '2025-10-01T08:00:00.000Z',
  confirmedAt: '2025-10-01T08:00:00.000Z',
  attendedAt: '2025-10-31T08:02:00.000Z',
  undeliverable: true,
  clientHash: 'qD3kR9v0TzYw1bXc5nJh2A',
};

describe('retention cutoff', () => {
  it('is the given number of days before now', () => {
    expect(retentionCutoff(new Date('2026-04-30T00:00:00Z'), 180).toISOString()).toBe(
      '2025-11-01T00:00:00.000Z',
    );
  });

  it('makes an event due once it ended at or before the cutoff', () => {
    const cutoff = new Date('2025-11-01T00:00:00Z');
    expect(isDueForPurge({ endsAt: '2025-10-31T23:59:59Z' }, cutoff)).toBe(true);
    expect(isDueForPurge({ endsAt: '2025-11-01T00:00:00Z' }, cutoff)).toBe(true);
    expect(isDueForPurge({ endsAt: '2025-11-01T00:00:01Z' }, cutoff)).toBe(false);
  });
});

describe('purged registration', () => {
  const purged = purgedRegistrationItem(stored, 'p:pseudonym', '2026-05-01T03:30:00.000Z');

  it('removes every contact field, including ones it does not know', () => {
    expect(purged).not.toHaveProperty('name');
    expect(purged).not.toHaveProperty('email');
    expect(purged).not.toHaveProperty('phone');
    expect(purged).not.toHaveProperty('undeliverable');
    // The keyed hash of the client address goes with the contact data.
    expect(purged).not.toHaveProperty('clientHash');
    expect(JSON.stringify(purged)).not.toMatch(/Jana|novakova|777/);
  });

  it('keeps what the indicators count and records the pseudonym and the time', () => {
    expect(purged).toEqual({
      pk: 'EVENT#E1',
      sk: 'REG#R1',
      id: 'R1',
      eventId: 'E1',
      role: 'clerk',
      organisationName: 'Statutární město Jablonec nad Nisou',
      ico: '00262340',
      status: 'confirmed',
      source: 'registration',
      createdAt: '2025-10-01T08:00:00.000Z',
      confirmedAt: '2025-10-01T08:00:00.000Z',
      attendedAt: '2025-10-31T08:02:00.000Z',
      personKey: 'p:pseudonym',
      purgedAt: '2026-05-01T03:30:00.000Z',
    });
    expect(needsPurge(stored)).toBe(true);
    expect(needsPurge(purged)).toBe(false);
  });

  it('keeps the first purge time and pseudonym when purged again', () => {
    const again = purgedRegistrationItem(purged, 'p:other', '2026-06-01T03:30:00.000Z');
    expect(again).toEqual(purged);
  });
});

describe('watermark', () => {
  const cutoff = new Date('2025-11-01T00:00:00Z');

  it('moves to the cutoff when nothing waits', () => {
    expect(nextWatermark([], cutoff, undefined)).toBe('2025-11-01T00:00:00.000Z');
  });

  it('stops at the first event still waiting for its end to age', () => {
    expect(
      nextWatermark(
        [{ startsAt: '2025-10-30T08:00:00.000Z' }, { startsAt: '2025-10-20T08:00:00.000Z' }],
        cutoff,
        '2025-09-01T00:00:00.000Z',
      ),
    ).toBe('2025-10-20T08:00:00.000Z');
  });

  it('never moves back', () => {
    expect(nextWatermark([], new Date('2025-01-01T00:00:00Z'), '2025-06-01T00:00:00.000Z')).toBe(
      '2025-06-01T00:00:00.000Z',
    );
  });
});
