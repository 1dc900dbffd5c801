import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { adminHeaders } from '../support/app-under-test';
import {
  createTestEnvironment,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';

const HOUR = 3_600_000;

let env: TestEnvironment;
let runtime: Runtime;

beforeAll(async () => {
  env = await createTestEnvironment();
  runtime = await startTestRuntime(env);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('reminders end to end (job → queue → mailer → SES)', () => {
  it('emails exactly one reminder per person, however often the job runs', async () => {
    const now = Date.now();
    const created = await fetch(`${runtime.url}/api/admin/events`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({
        title: 'Elektronická spisová služba zítra',
        startsAt: new Date(now + 30 * HOUR).toISOString(),
        endsAt: new Date(now + 33 * HOUR).toISOString(),
        venue: 'Městský úřad Turnov',
        capacity: 10,
        modernTechFocus: true,
      }),
    });
    expect(created.status).toBe(201);
    const event = (await created.json()) as { id: string };
    const tag = randomBytes(4).toString('hex');
    const addresses = [`reminder-a-${tag}@example.cz`, `reminder-b-${tag}@example.cz`];
    for (const [i, email] of addresses.entries()) {
      const response = await fetch(`${runtime.url}/api/events/${event.id}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Účastník ${i}`, email, role: 'citizen', consent: true }),
      });
      expect(response.status).toBe(201);
    }

    const reminders = async (email: string) =>
      (await sentEmails(env, email)).filter((m) =>
        m.subject.startsWith('Připomínka: Elektronická'),
      );

    await runtime.runJob('reminders', new Date(now + 7 * HOUR));
    for (const email of addresses) {
      await waitFor(async () => (await reminders(email)).length === 1, {
        what: `reminder to ${email}`,
      });
    }
    // A second and third run, as after a timeout or a manual re-run.
    await runtime.runJob('reminders', new Date(now + 7 * HOUR));
    await runtime.runJob('reminders', new Date(now + 8 * HOUR));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const email of addresses) {
      expect(await reminders(email)).toHaveLength(1);
    }
  });
});
