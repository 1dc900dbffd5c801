import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Runtime } from '../../../infra/local/runtime';
import {
  type SentEmail,
  sentEmails,
  type TestEnvironment,
  testAdminToken,
  waitFor,
} from '../../support/test-stack';

export const unique = () => randomBytes(4).toString('hex');

export interface ApiEvent {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

export interface ApiRegistration {
  id: string;
  name: string | null;
  email: string | null;
  status: string;
  attended?: boolean;
}

/** The organiser JSON API of the running site, with the local admin token. */
export function adminApi(runtime: Runtime) {
  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${runtime.url}/api/admin${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!response.ok) {
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    }
    return response.json() as Promise<unknown>;
  };
  return {
    async createEvent(overrides: Record<string, unknown> = {}): Promise<ApiEvent> {
      return (await call('/events', {
        body: {
          title: `Kybernetická bezpečnost na obecním úřadě ${unique()}`,
          description: 'Jak poznat podvodný e-mail a co dělat, když přijde.\n\nPraktická cvičení.',
          format: 'workshop',
          startsAt: inHours(14 * 24),
          endsAt: inHours(14 * 24 + 3),
          venue: 'Krajský úřad, U Jezu 642/2a, Liberec',
          capacity: 20,
          modernTechFocus: true,
          topics: ['kybernetická bezpečnost'],
          targetGroups: ['clerks', 'mayors'],
          status: 'published',
          ...overrides,
        },
      })) as ApiEvent;
    },
    async registrations(eventId: string): Promise<ApiRegistration[]> {
      return (await call(`/events/${eventId}/registrations`)) as ApiRegistration[];
    },
    async markPresent(eventId: string, registrationIds: string[]): Promise<void> {
      await call(`/events/${eventId}/attendance`, { body: { registrationIds } });
    },
    async surveyResults(eventId: string): Promise<Record<string, unknown>> {
      return (await call(`/events/${eventId}/survey`)) as Record<string, unknown>;
    },
    async cancelEvent(eventId: string): Promise<void> {
      await call(`/events/${eventId}/cancel`, { body: {} });
    },
  };
}

/** Registers through the public JSON API (for the seats a page needs taken, not the flow under test). */
export async function registerByApi(
  runtime: Runtime,
  eventId: string,
  person: { name: string; email: string },
): Promise<string> {
  const response = await fetch(`${runtime.url}/api/events/${eventId}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...person,
      role: 'clerk',
      organisation: { name: 'Obecní úřad Hodkovice nad Mohelkou', ico: '00262871' },
      consent: true,
    }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { status: string }).status;
}

export const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** The newest email to this address whose subject starts so, once the mailer has sent it. */
export function emailTo(
  env: TestEnvironment,
  address: string,
  subjectStart: string,
): Promise<SentEmail> {
  return waitFor(
    async () =>
      (await sentEmails(env, address))
        .filter((email) => email.subject.startsWith(subjectStart))
        .at(-1),
    { what: `an email "${subjectStart}…" to ${address}` },
  );
}

/** Signs in on the organiser sign-in page, as an organiser does with the local access token. */
export async function signInAsOrganiser(page: Page, baseUrl: string, next = '/admin') {
  await page.goto(`${baseUrl}/admin/prihlaseni?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Přístupový kód').fill(testAdminToken);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await page.waitForURL((url) => url.pathname === next);
}
