import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors';
import type { Registration } from '../../shared/domain/registration';
import type { RegisterOutcome } from '../../shared/use-cases/ports';
import { register } from '../../shared/use-cases/register';
import { fakeMailQueue, fakeStore, fixedNow, sampleEvent } from '../support/fake-stores';

const eventId = sampleEvent().id;
const input = {
  name: 'Jana Nováková',
  email: '  Jana@Example.CZ ',
  role: 'clerk',
  organisation: { name: 'Město Frýdlant' },
  consent: true,
};

function setUp(
  outcome: RegisterOutcome | ((r: Registration) => RegisterOutcome),
  event = sampleEvent(),
) {
  const attempts: { registration: Registration; options: unknown }[] = [];
  const events = fakeStore({
    register: async (registration, options) => {
      attempts.push({ registration, options });
      return typeof outcome === 'function' ? outcome(registration) : outcome;
    },
    getEvent: async (id) => (id === event.id ? event : undefined),
  });
  const mail = fakeMailQueue();
  return { deps: { events, mail, now: () => fixedNow }, attempts, mail, events };
}

describe('register', () => {
  it('refuses invalid input with Czech messages per field and stores nothing', async () => {
    const { deps, events } = setUp({ outcome: 'closed' });
    const error = await register(deps, eventId, { ...input, email: 'jana', consent: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['consent', 'email']);
    expect(events.calls).toEqual([]);
  });

  it('stores a normalised registration in one attempt open at now, then queues its confirmation', async () => {
    const { deps, attempts, mail } = setUp((registration) => ({
      outcome: 'confirmed',
      registration,
    }));
    await expect(register(deps, eventId, input)).resolves.toEqual({ status: 'confirmed' });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.registration).toMatchObject({
      eventId,
      email: 'jana@example.cz',
      source: 'registration',
      createdAt: fixedNow.toISOString(),
    });
    expect(attempts[0]?.options).toMatchObject({
      openAt: fixedNow.toISOString(),
      mailOutbox: true,
    });
    expect(mail.sent).toEqual([
      expect.objectContaining({
        kind: 'registration-confirmed',
        eventId,
        registrationId: attempts[0]?.registration.id,
      }),
    ]);
  });

  it('answers waitlisted when the store put the person in line', async () => {
    const { deps, mail } = setUp((registration) => ({
      outcome: 'waitlisted',
      registration: { ...registration, status: 'waitlisted' },
    }));
    await expect(register(deps, eventId, input)).resolves.toEqual({ status: 'waitlisted' });
    expect(mail.sent.map((m) => m.kind)).toEqual(['registration-waitlisted']);
  });

  it('keeps the registration when the queue send fails: the outbox has its email', async () => {
    const { deps } = setUp((registration) => ({ outcome: 'confirmed', registration }));
    const failing = { ...deps, mail: fakeMailQueue({ failing: true }) };
    await expect(register(failing, eventId, input)).resolves.toEqual({ status: 'confirmed' });
  });

  it('answers a repeated address as a new one and only notes it to the address registered', async () => {
    const { deps, mail } = setUp({ outcome: 'duplicate', existingRegistrationId: 'R-EXISTING' });
    await expect(register(deps, eventId, input)).resolves.toEqual({ status: 'confirmed' });
    expect(mail.sent).toEqual([
      {
        kind: 'duplicate-registration',
        eventId,
        registrationId: 'R-EXISTING',
        attemptAt: fixedNow.toISOString(),
      },
    ]);
  });

  it('says a draft or unknown event is not found', async () => {
    const { deps, mail } = setUp({ outcome: 'closed' }, sampleEvent({ status: 'draft' }));
    await expect(register(deps, eventId, input)).rejects.toBeInstanceOf(NotFoundError);
    await expect(register(deps, 'UNKNOWN', input)).rejects.toBeInstanceOf(NotFoundError);
    expect(mail.sent).toEqual([]);
  });

  it('says why a published event refused: its registration closed', async () => {
    const closed = sampleEvent({ registrationClosesAt: '2026-03-01T00:00:00.000Z' });
    const { deps } = setUp({ outcome: 'closed' }, closed);
    const error = await register(deps, eventId, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('registration_closed');
  });

  it('refuses with waitlist_full only while the event is open', async () => {
    const { deps } = setUp({ outcome: 'waitlist-full' });
    const error = await register(deps, eventId, input).catch((e: unknown) => e);
    expect((error as ConflictError).code).toBe('waitlist_full');
    const started = setUp(
      { outcome: 'waitlist-full' },
      sampleEvent({ startsAt: '2026-03-01T00:00:00.000Z' }),
    );
    const late = await register(started.deps, eventId, input).catch((e: unknown) => e);
    expect((late as ConflictError).code).not.toBe('waitlist_full');
  });
});
