import { describe, expect, it } from 'vitest';
import { findBursts } from '../../shared/domain/bursts';
import type { Registration } from '../../shared/domain/registration';

let n = 0;
function registration(
  clientHash: string | undefined,
  createdAt: string,
  status: Registration['status'] = 'confirmed',
): Registration {
  n++;
  return {
    id: `R${String(n).padStart(3, '0')}`,
    eventId: 'E1',
    role: 'citizen',
    status,
    source: 'registration',
    createdAt,
    ...(clientHash ? { clientHash } : {}),
  };
}

describe('waves of registrations from one client', () => {
  it('groups by client hash and clock hour, from five registrations on', () => {
    const bot = Array.from({ length: 7 }, (_, i) =>
      registration(
        'botHash',
        `2030-04-02T08:${String(10 + i).padStart(2, '0')}:00.000Z`,
        i < 2 ? 'cancelled' : 'confirmed',
      ),
    );
    const office = Array.from({ length: 4 }, () =>
      registration('office', '2030-04-02T08:30:00.000Z'),
    );
    const nextHour = Array.from({ length: 5 }, () =>
      registration('botHash', '2030-04-02T09:01:00.000Z', 'waitlisted'),
    );
    const walkIns = Array.from({ length: 6 }, () =>
      registration(undefined, '2030-04-02T08:30:00.000Z'),
    );
    const bursts = findBursts([...nextHour, ...office, ...walkIns, ...bot]);
    expect(bursts.map((b) => [b.id, b.registrations.length, b.active.length])).toEqual([
      [`botHash.${Date.parse('2030-04-02T08:00:00.000Z').toString(36)}`, 7, 5],
      [`botHash.${Date.parse('2030-04-02T09:00:00.000Z').toString(36)}`, 5, 5],
    ]);
    expect(bursts[0]).toMatchObject({
      clientHash: 'botHash',
      windowStartsAt: '2030-04-02T08:00:00.000Z',
      windowEndsAt: '2030-04-02T09:00:00.000Z',
    });
    expect(bursts[0]?.registrations.map((r) => r.createdAt)).toEqual(bot.map((r) => r.createdAt));
  });

  it('lists nothing when every client stays below the threshold', () => {
    const few = Array.from({ length: 4 }, () => registration('c', '2030-04-02T08:30:00.000Z'));
    expect(findBursts(few)).toEqual([]);
    expect(findBursts(few, 4)).toHaveLength(1);
  });
});
