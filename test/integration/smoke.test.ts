import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../infra/local/runtime';
import { projectRoot } from '../../infra/local/settings';
import { createTestEnvironment, type TestEnvironment, testAdminToken } from '../support/test-stack';

/**
 * `npm run smoke` against the local stack, as the README tells to run it against a deployment:
 * the runtime with the SES mailbox simulator on (infra/local/ses-simulator.ts), the script as
 * its own process, judged by its exit code and the steps it prints.
 */

let env: TestEnvironment;
let runtime: Runtime;
const healthGateFile = join(mkdtempSync(join(tmpdir(), 'chytra-gate-')), 'loading-demo-data');

beforeAll(async () => {
  env = await createTestEnvironment();
  // As `npm start` holds it while it loads the demo data on the first start.
  writeFileSync(healthGateFile, 'loading');
  runtime = await startRuntime({
    healthGateFile,
    environment: env.environment,
    httpPort: env.httpPort,
    queueUrls: env.queueUrls,
    region: 'eu-central-1',
    schedules: false,
    sesSimulator: true,
    log: () => {},
  });
});

afterAll(async () => {
  await runtime?.stop();
});

function smoke(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/smoke.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, SMOKE_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const adminEvents = async () =>
  (await (
    await fetch(`${runtime.url}/api/admin/events`, {
      headers: { authorization: `Bearer ${testAdminToken}` },
    })
  ).json()) as { id: string; title: string }[];

describe('the local runtime', () => {
  it('answers /health 503 while the demo data is loading, then 200', async () => {
    const starting = await fetch(`${runtime.url}/health`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ status: 'starting' });
    // Everything else is served meanwhile.
    expect((await fetch(`${runtime.url}/`)).status).toBe(200);
    rmSync(healthGateFile);
    const ready = await fetch(`${runtime.url}/health`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('routes each path to its function as API Gateway does', async () => {
    // Served by the publications function, which has no registration form…
    const robots = await fetch(`${runtime.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(await robots.text()).toContain('Sitemap:');
    // …the admin API is refused at the gateway without a token, the organiser pages by the app.
    expect((await fetch(`${runtime.url}/api/admin/events`)).status).toBe(401);
    const page = await fetch(`${runtime.url}/admin`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/admin\/prihlaseni/);
  });
});

describe('npm run smoke', () => {
  it('passes every step against the local stack and leaves nothing behind', async () => {
    const { code, output } = await smoke([
      '--url',
      runtime.url,
      '--token',
      testAdminToken,
      '--timeout',
      '40',
      '--interval',
      '0.2',
    ]);
    expect(output).not.toContain('✗');
    expect(code, output).toBe(0);
    const ticks = output.split('\n').filter((line) => line.startsWith('✓ '));
    expect(ticks.map((line) => line.replace(/ \([\d.]+ s\)$/, ''))).toEqual([
      `✓ the API answers at ${runtime.url}`,
      '✓ creates a hidden test event',
      '✓ registers success@simulator.amazonses.com',
      '✓ SES accepted the confirmation (sent-mail record)',
      '✓ registers bounce@simulator.amazonses.com',
      '✓ the bounce came back through SNS and the queue (suppressed, flagged)',
      '✓ downloads the registrations CSV with the session cookie',
      '✓ deletes the test event',
    ]);
    expect((await adminEvents()).filter((e) => e.title.startsWith('Test nasazení'))).toEqual([]);

    // The simulator's suppression was lifted with the event: a second run bounces again.
    const again = await smoke([
      '--url',
      runtime.url,
      '--token',
      testAdminToken,
      '--interval',
      '0.2',
      '--timeout',
      '40',
    ]);
    expect(again.code, again.output).toBe(0);
  });

  it('cannot delete a real event: only test events are deleted', async () => {
    const headers = {
      authorization: `Bearer ${testAdminToken}`,
      'content-type': 'application/json',
    };
    const created = await fetch(`${runtime.url}/api/admin/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: 'Kybernetická bezpečnost pro obce',
        startsAt: '2030-05-01T07:00:00.000Z',
        endsAt: '2030-05-01T09:00:00.000Z',
        venue: 'Krajský úřad Libereckého kraje',
        capacity: 20,
        modernTechFocus: true,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const refused = await fetch(`${runtime.url}/api/admin/events/${id}`, {
      method: 'DELETE',
      headers,
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ errors: [{ code: 'not_a_test_event' }] });
    expect((await adminEvents()).map((e) => e.id)).toContain(id);
    const publicIds = (
      (await (await fetch(`${runtime.url}/api/events`)).json()) as { id: string }[]
    ).map((e) => e.id);
    expect(publicIds).toContain(id);
  });

  it('fails with a cross and a non-zero exit when a step fails', async () => {
    const { code, output } = await smoke(['--url', runtime.url, '--token', 'not-the-token']);
    expect(code).toBe(1);
    expect(output).toMatch(/^✗ creates a hidden test event: .*HTTP 401/m);
    expect(output).toContain('Smoke test FAILED.');
  });
});
