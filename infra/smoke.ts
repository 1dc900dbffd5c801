import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * `npm run smoke -- --url <ApiUrl> [--token <token>] [--timeout <s>] [--interval <s>]`: proves a deployment
 * end to end with SES's mailbox simulator, whose addresses reach nobody:
 *
 *  1. creates a hidden test event (in no public list and no indicator) through the admin API;
 *  2. registers success@simulator.amazonses.com and waits until SES accepted its confirmation
 *     (the sent-mail record, `confirmationSent` in the admin registrations JSON);
 *  3. registers bounce@simulator.amazonses.com and waits until the bounce came back
 *     (SES → configuration set → KMS-encrypted SNS topic → mail-events queue → function) and
 *     flagged the registration (`undeliverable`);
 *  4. downloads the registrations CSV the way the organiser page links it, with the session
 *     cookie only (a path the JWT authorizer does not guard);
 *  5. deletes the test event, its registrations and the simulator's suppression.
 *
 * The organiser credential: in AWS a Cognito ID token of the organiser app client (it is both
 * the bearer token of the admin API and the session cookie of the pages); locally the admin
 * token, read from .data/local-secrets.json when none is given. `--token` or SMOKE_TOKEN.
 */

export interface SmokeOptions {
  url: string;
  token: string;
  timeoutMs: number;
  pollMs?: number;
  print?: (line: string) => void;
}

class StepFailed extends Error {}

const simulator = {
  success: 'success@simulator.amazonses.com',
  bounce: 'bounce@simulator.amazonses.com',
};

interface AdminRegistration {
  id: string;
  email: string | null;
  confirmationSent?: boolean;
  undeliverable?: boolean;
}

export async function runSmoke(options: SmokeOptions): Promise<boolean> {
  const print = options.print ?? ((line: string) => console.log(line));
  const base = options.url.replace(/\/+$/, '');
  const pollMs = options.pollMs ?? 2000;
  const bearer = { authorization: `Bearer ${options.token}` };

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${base}${path}`, { redirect: 'manual', ...init });
  }

  /**
   * The organiser pages' cookie, got as a browser gets it: with the local admin token the sign-in
   * form answers with a signed session; with Cognito (whose form sends people to the hosted UI)
   * the session cookie is the ID token itself.
   */
  async function sessionCookie(): Promise<string> {
    const response = await call('/admin/prihlaseni', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: options.token, next: '/admin' }).toString(),
    });
    const session = /organiser_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    return session ?? `organiser_session=${options.token}`;
  }

  async function expectStatus(response: Response, status: number, what: string): Promise<void> {
    if (response.status !== status) {
      const body = (await response.text()).slice(0, 300);
      throw new StepFailed(`${what}: HTTP ${response.status} (expected ${status}) ${body}`);
    }
  }

  async function step<T>(title: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await run();
      print(`✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return result;
    } catch (error) {
      print(`✗ ${title}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new StepFailed(`${what} within ${options.timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async function registrations(eventId: string): Promise<AdminRegistration[]> {
    const response = await call(`/api/admin/events/${eventId}/registrations`, {
      headers: bearer,
    });
    await expectStatus(response, 200, 'registrations');
    return (await response.json()) as AdminRegistration[];
  }

  async function register(eventId: string, email: string): Promise<string> {
    const response = await call(`/api/events/${eventId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Test nasazení', email, role: 'other', consent: true }),
    });
    await expectStatus(response, 201, `registration of ${email}`);
    const found = (await registrations(eventId)).find((r) => r.email === email);
    if (!found) throw new StepFailed(`${email} is not among the registrations`);
    return found.id;
  }

  let eventId: string | undefined;
  let passed = false;
  try {
    await step(`the API answers at ${base}`, async () => {
      const response = await call('/health');
      await expectStatus(response, 200, 'GET /health');
    });

    eventId = await step('creates a hidden test event', async () => {
      const startsAt = new Date(Date.now() + 30 * 86_400_000);
      startsAt.setUTCHours(8, 0, 0, 0);
      const response = await call('/api/admin/events', {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Test nasazení (smaže se sám)',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          venue: 'online',
          capacity: 10,
          modernTechFocus: false,
          hidden: true,
        }),
      });
      await expectStatus(response, 201, 'POST /api/admin/events');
      const created = (await response.json()) as { id: string };
      const listed = (await (await call('/api/events')).json()) as { id: string }[];
      if (listed.some((e) => e.id === created.id)) {
        throw new StepFailed('the test event shows in the public list');
      }
      return created.id;
    });
    const id = eventId;

    const successId = await step(`registers ${simulator.success}`, () =>
      register(id, simulator.success),
    );
    await step('SES accepted the confirmation (sent-mail record)', () =>
      waitFor('no sent-mail record', async () => {
        const found = (await registrations(id)).find((r) => r.id === successId);
        return found?.confirmationSent ? true : undefined;
      }),
    );

    const bounceId = await step(`registers ${simulator.bounce}`, () =>
      register(id, simulator.bounce),
    );
    await step('the bounce came back through SNS and the queue (suppressed, flagged)', () =>
      waitFor('no bounce', async () => {
        const found = (await registrations(id)).find((r) => r.id === bounceId);
        return found?.undeliverable ? true : undefined;
      }),
    );

    await step('downloads the registrations CSV with the session cookie', async () => {
      const response = await call(`/admin/akce/${id}/registrace.csv`, {
        headers: { cookie: await sessionCookie() },
      });
      await expectStatus(response, 200, 'the CSV download');
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/csv')) throw new StepFailed(`content type ${type}`);
      const csv = await response.text();
      if (!csv.includes(simulator.success)) throw new StepFailed('the CSV lacks the registration');
    });
    passed = true;
  } catch {
    // The failing step has printed why.
  } finally {
    if (eventId !== undefined) {
      const id = eventId;
      try {
        await step('deletes the test event', async () => {
          const response = await call(`/api/admin/events/${id}`, {
            method: 'DELETE',
            headers: bearer,
          });
          await expectStatus(response, 204, 'DELETE the test event');
        });
      } catch {
        passed = false;
      }
    }
  }
  print(passed ? 'Smoke test passed.' : 'Smoke test FAILED.');
  return passed;
}

/** The local admin token of `npm start`, when the URL is this machine. */
function localToken(url: string): string | undefined {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url)) return undefined;
  const file = join(process.env.DATA_DIR ?? '.data', 'local-secrets.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { adminToken?: string }).adminToken;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      timeout: { type: 'string', default: '180' },
      interval: { type: 'string', default: '2' },
    },
  });
  const url = values.url;
  if (!url) {
    console.error('Usage: npm run smoke -- --url <ApiUrl> [--token <Cognito ID token>]');
    process.exit(2);
  }
  const token = values.token ?? process.env.SMOKE_TOKEN ?? localToken(url);
  if (!token) {
    console.error(
      'An organiser credential is needed: --token or SMOKE_TOKEN (a Cognito ID token of the organiser client; locally the admin token).',
    );
    process.exit(2);
  }
  const timeoutSeconds = Number(values.timeout);
  const passed = await runSmoke({
    url,
    token,
    timeoutMs: timeoutSeconds * 1000,
    pollMs: Number(values.interval) * 1000,
  });
  process.exit(passed ? 0 : 1);
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) void main();
