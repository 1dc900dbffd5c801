import { beforeAll, describe, expect, it } from 'vitest';
import { createEventRepository } from '../../shared/adapters/event-repository';
import type { MailMessage } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { cancelRegistration } from '../../shared/use-cases/cancel-registration';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { useCaseDeps } from '../support/app-under-test';
import { inDays } from '../support/fixtures';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

const seats = 5;
const waiting = 8;
const newcomers = 12;
const rounds = 5;

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

/**
 * Every seated person cancels while a dozen newcomers register at the same moment, each request
 * served by a container of its own (as Lambda would). The freed seats must go to the people who
 * waited longest, never to a newcomer, and each of them gets one promotion email.
 */
describe('waiting list under a race', () => {
  it(`gives the seats freed in a burst to the longest-waiting people (${rounds} rounds)`, async () => {
    for (let round = 0; round < rounds; round++) {
      const queued: MailMessage[] = [];
      const mail = {
        async enqueue(messages: MailMessage[]) {
          queued.push(...messages);
        },
      };
      const container = () => ({
        ...useCaseDeps(env),
        events: createEventRepository(
          env.clients.dynamo,
          env.config.TABLE_NAME,
          createAddressHasher(env.config.hashingSecret),
        ),
        mail,
      });
      const deps = container();
      const event = await createEvent(deps, {
        title: `Závod o místa ${round}`,
        startsAt: inDays(14),
        endsAt: inDays(14, 3),
        venue: 'Liberec',
        capacity: seats,
        waitlistCapacity: 100,
        modernTechFocus: true,
      });
      const person = (label: string) => ({
        name: `Účastník ${label}`,
        email: `${label}.${round}@example.cz`,
        role: 'citizen',
        consent: true,
      });
      // Seats first, then the line, one after another so their order is known.
      for (let i = 0; i < seats + waiting; i++) {
        await register(deps, event.id, person(`early-${i}`));
      }
      const before = await deps.events.listRegistrations(event.id);
      const seated = before.filter((r) => r.status === 'confirmed');
      const line = before.filter((r) => r.status === 'waitlisted').map((r) => r.id);
      expect(seated).toHaveLength(seats);
      expect(line).toHaveLength(waiting);

      await Promise.all([
        ...seated.map((r) => cancelRegistration(container(), event.id, r.id)),
        ...Array.from({ length: newcomers }, (_, i) =>
          register(container(), event.id, person(`late-${i}`)),
        ),
      ]);

      const after = await deps.events.listRegistrations(event.id);
      const confirmed = after.filter((r) => r.status === 'confirmed').map((r) => r.id);
      expect(confirmed.sort()).toEqual(line.slice(0, seats).sort());
      const stillWaiting = after.filter((r) => r.status === 'waitlisted');
      expect(stillWaiting).toHaveLength(waiting - seats + newcomers);
      const stored = await deps.events.getEvent(event.id);
      expect([stored?.confirmedCount, stored?.waitlistedCount]).toEqual([
        seats,
        waiting - seats + newcomers,
      ]);
      const promotions = queued.filter((m) => m.kind === 'promoted').map((m) => m.registrationId);
      expect(promotions.sort()).toEqual(line.slice(0, seats).sort());
      // No newcomer was ever confirmed: the only confirmations are the first seated people's.
      const confirmations = queued
        .filter((m) => m.kind === 'registration-confirmed')
        .map((m) => m.registrationId);
      expect(confirmations.sort()).toEqual(seated.map((r) => r.id).sort());
    }
  });
});
