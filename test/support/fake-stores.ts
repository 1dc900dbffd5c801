import type { TrainingEvent } from '../../shared/domain/event';
import type { MailMessage } from '../../shared/domain/mail-message';
import type { Registration } from '../../shared/domain/registration';
import type { EventStore, RegistrationStore } from '../../shared/use-cases/ports';

type Store = EventStore & RegistrationStore;

/**
 * An event and registration store for use-case unit tests: every method the test does not give
 * fails the test when called, and every call is recorded in order.
 */
export function fakeStore(methods: Partial<Store>): Store & { calls: string[] } {
  const calls: string[] = [];
  return new Proxy({ calls } as Store & { calls: string[] }, {
    get(target, name: string) {
      if (name === 'calls') return target.calls;
      const method = methods[name as keyof Store] as ((...args: unknown[]) => unknown) | undefined;
      return async (...args: unknown[]) => {
        calls.push(name);
        if (!method) throw new Error(`unexpected call: ${name}`);
        return method(...args);
      };
    },
  });
}

/** A mail queue that keeps what it was given; `failing` makes every send fail. */
export function fakeMailQueue(options: { failing?: boolean } = {}) {
  const sent: MailMessage[] = [];
  return {
    sent,
    async enqueue(messages: MailMessage[]) {
      if (options.failing) throw new Error('queue down');
      sent.push(...messages);
    },
  };
}

export const fixedNow = new Date('2026-03-02T09:00:00.000Z');

export function sampleEvent(overrides: Partial<TrainingEvent> = {}): TrainingEvent {
  return {
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    title: 'Umělá inteligence pro úřednice a úředníky',
    description: '',
    format: 'training',
    topics: [],
    modernTechFocus: true,
    startsAt: '2026-03-20T08:00:00.000Z',
    endsAt: '2026-03-20T12:00:00.000Z',
    venue: 'Krajský úřad, Liberec',
    capacity: 20,
    targetGroups: [],
    status: 'published',
    confirmedCount: 3,
    waitlistedCount: 0,
    revision: 0,
    createdAt: '2026-02-01T08:00:00.000Z',
    updatedAt: '2026-02-01T08:00:00.000Z',
    ...overrides,
  } as TrainingEvent;
}

export function sampleRegistration(overrides: Partial<Registration> = {}): Registration {
  return {
    id: '01JBBBBBBBBBBBBBBBBBBBBBBB',
    eventId: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    name: 'Jana Nováková',
    email: 'jana@example.cz',
    role: 'clerk',
    status: 'confirmed',
    source: 'registration',
    createdAt: '2026-02-10T08:00:00.000Z',
    confirmedAt: '2026-02-10T08:00:00.000Z',
    ...overrides,
  };
}
