import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { useCaseDeps } from '../support/app-under-test';
import { inDays, queueDepth } from '../support/fixtures';
import {
  createTestEnvironment,
  type TestEnvironment,
  testAdminToken,
  waitFor,
} from '../support/test-stack';
import { withSettings } from './support/environment';
import { byRecipient, emailsTo } from './support/mail-store';

/*
 * The load case, end to end: a thousand people press "Register" at the same moment for
 * a hundred seats. Real HTTP into the local runtime, the table as DynamoDB Local holds it, the
 * mail queue drained by the mailer behind the queue poller, and the SES emulator's store.
 */

const people = 1000;
const seats = 100;
const rounds = 3;

let env: TestEnvironment;
let runtime: Runtime;
let deps: ReturnType<typeof useCaseDeps>;

beforeAll(async () => {
  // A thousand registrations from one client address: the per-client limit would stop the
  // thirty-first, so the registration limits are off, as in the burst benchmark.
  env = withSettings(await createTestEnvironment(), { RATE_LIMITS: 'off' });
  deps = useCaseDeps(env);
  // The mailer logs a line per email; thousands of them would only slow the run down.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  // More batches at once than the two of production: more chances for a duplicate send.
  runtime = await startRuntime({
    environment: env.environment,
    httpPort: env.httpPort,
    queueUrls: env.queueUrls,
    region: env.config.AWS_REGION,
    schedules: false,
    pollerConcurrency: 8,
    log: () => {},
  });
});

afterAll(async () => {
  await runtime?.stop();
  vi.restoreAllMocks();
});

async function createEvent(title: string): Promise<string> {
  const response = await fetch(`${runtime.url}/api/admin/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title,
      startsAt: inDays(20),
      endsAt: inDays(20, 4),
      venue: 'Krajský úřad Libereckého kraje, Liberec',
      capacity: seats,
      waitlistCapacity: people - seats,
      modernTechFocus: true,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function registerOverHttp(eventId: string, email: string, n: number) {
  const response = await fetch(`${runtime.url}/api/events/${eventId}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `Účastník ${n}`,
      email,
      role: 'clerk',
      organisation: { name: 'Město Turnov', ico: '00276227' },
      consent: true,
    }),
  });
  const body = (await response.json()) as { status?: string };
  return { email, httpStatus: response.status, status: body.status };
}

describe(`${people} concurrent registrations for ${seats} seats`, () => {
  it.each(Array.from({ length: rounds }, (_, i) => i + 1))(
    'round %i: exactly 100 confirmed, 900 waitlisted, one matching email per person',
    async (round) => {
      const title = `Kybernetická bezpečnost pro obce ${round}`;
      const eventId = await createEvent(title);
      const tag = randomBytes(3).toString('hex');
      const addresses = Array.from(
        { length: people },
        (_, i) => `zajemce.${round}.${i}.${tag}@example.cz`,
      );
      const startedAt = Date.now();

      const answers = await Promise.all(
        addresses.map((email, i) => registerOverHttp(eventId, email, i)),
      );
      expect(answers.filter((a) => a.httpStatus !== 201)).toEqual([]);
      expect(answers.filter((a) => a.status === 'confirmed')).toHaveLength(seats);
      expect(answers.filter((a) => a.status === 'waitlisted')).toHaveLength(people - seats);

      // What the table holds agrees with what each person was told, and with the counters.
      const registrations = await deps.events.listRegistrations(eventId);
      expect(registrations).toHaveLength(people);
      const stored = new Map(registrations.map((r) => [r.email, r.status]));
      expect(answers.filter((a) => stored.get(a.email) !== a.status)).toEqual([]);
      const event = await deps.events.getEvent(eventId);
      expect(event).toMatchObject({ confirmedCount: seats, waitlistedCount: people - seats });

      await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
        timeoutMs: 180_000,
        what: 'the mail queue to drain',
      });
      const recipients = new Set(addresses);
      const emails = await waitFor(
        async () => {
          const found = await emailsTo(env, recipients, startedAt);
          return found.length >= people && found;
        },
        { timeoutMs: 60_000, what: `${people} emails` },
      );
      const perPerson = byRecipient(emails);
      const expectedSubject = {
        confirmed: `Registrace potvrzena: ${title}`,
        waitlisted: `Jste na čekací listině: ${title}`,
      };
      const wrong = addresses.flatMap((address) => {
        const got = (perPerson.get(address) ?? []).map((e) => e.subject);
        const status = stored.get(address) as 'confirmed' | 'waitlisted';
        const want = [expectedSubject[status]];
        return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ address, got, want }];
      });
      expect(wrong).toEqual([]);
      expect(emails).toHaveLength(people);
      expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
    },
    // Generous: a busy machine is slow, not wrong; the counts are what is tested.
    300_000,
  );
});
