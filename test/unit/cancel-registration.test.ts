import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../shared/domain/errors';
import type { Registration } from '../../shared/domain/registration';
import { cancelRegistration } from '../../shared/use-cases/cancel-registration';
import type { PromoteOutcome } from '../../shared/use-cases/ports';
import { fakeMailQueue, fakeStore, fixedNow, sampleRegistration } from '../support/fake-stores';

const registration = sampleRegistration();
const waiting = (id: string) => ({
  eventId: registration.eventId,
  id,
  createdAt: fixedNow.toISOString(),
});

function setUp(options: {
  stored?: Registration;
  cancelled?: boolean;
  promotions?: PromoteOutcome[];
}) {
  const promotions = [...(options.promotions ?? [])];
  const cancelCalls: { nowIso: string; options: unknown }[] = [];
  const events = fakeStore({
    getRegistration: async () => options.stored,
    cancelRegistration: async (r, nowIso, cancelOptions) => {
      cancelCalls.push({ nowIso, options: cancelOptions });
      return options.cancelled === false
        ? undefined
        : { ...r, status: 'cancelled', cancelledAt: nowIso };
    },
    promoteNext: async () => promotions.shift() ?? { outcome: 'settled' },
  });
  const mail = fakeMailQueue();
  return { deps: { events, mail, now: () => fixedNow }, events, mail, cancelCalls };
}

describe('cancelRegistration', () => {
  it('does not look up ids that cannot exist', async () => {
    const { deps, events } = setUp({ stored: registration });
    await expect(cancelRegistration(deps, 'x', registration.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(events.calls).toEqual([]);
  });

  it('says an unknown registration is not found', async () => {
    const { deps } = setUp({});
    await expect(
      cancelRegistration(deps, registration.eventId, registration.id),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is idempotent: a cancelled registration is neither cancelled nor announced again', async () => {
    const cancelled = { ...registration, status: 'cancelled' as const };
    const { deps, events, mail } = setUp({ stored: cancelled });
    await expect(cancelRegistration(deps, registration.eventId, registration.id)).resolves.toEqual({
      outcome: 'already-cancelled',
      registration: cancelled,
    });
    expect(events.calls).toEqual(['getRegistration']);
    expect(mail.sent).toEqual([]);
  });

  it('cancels with its email in the outbox, announces it, then fills the freed seats in order', async () => {
    const { deps, events, mail, cancelCalls } = setUp({
      stored: registration,
      promotions: [
        { outcome: 'promoted', registration: waiting('W1') },
        { outcome: 'promoted', registration: waiting('W2') },
      ],
    });
    const result = await cancelRegistration(deps, registration.eventId, registration.id);
    expect(result).toMatchObject({ outcome: 'cancelled', promoted: 2 });
    expect(cancelCalls).toEqual([
      { nowIso: fixedNow.toISOString(), options: { mailOutbox: true } },
    ]);
    expect(events.calls).toEqual([
      'getRegistration',
      'cancelRegistration',
      'promoteNext',
      'promoteNext',
      'promoteNext',
    ]);
    expect(mail.sent.map((m) => [m.kind, 'registrationId' in m ? m.registrationId : ''])).toEqual([
      ['registration-cancelled', registration.id],
      ['promoted', 'W1'],
      ['promoted', 'W2'],
    ]);
  });

  it('reports a cancellation lost to a concurrent one as already cancelled, telling nobody', async () => {
    const { deps, mail, events } = setUp({ stored: registration, cancelled: false });
    const result = await cancelRegistration(deps, registration.eventId, registration.id);
    expect(result.outcome).toBe('already-cancelled');
    expect(events.calls).not.toContain('promoteNext');
    expect(mail.sent).toEqual([]);
  });
});
