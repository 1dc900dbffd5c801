import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAttendanceRepository } from '../../shared/adapters/attendance-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createSurveyRepository } from '../../shared/adapters/survey-repository';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createPersonKeyer } from '../../shared/domain/indicators';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { adminHeaders, appUnderTest } from '../support/app-under-test';
import { holdsPersonalData, scanTable } from '../support/personal-data';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * Art. 15 and 17 on the emulators: an organiser exports everything held about one address
 * across events, then erases it; the registrations stay as anonymous records the indicators
 * count the same way, everything else about the address goes, and both requests are audited.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let attendance: ReturnType<typeof createAttendanceRepository>;
let surveys: ReturnType<typeof createSurveyRepository>;
let hash: ReturnType<typeof createAddressHasher>;
let training: TrainingEvent;
let workshop: TrainingEvent;

const person = 'Jana.Novakova@Jablonec.cz';
const normalised = person.toLowerCase();
const now = new Date('2026-03-02T09:00:00.000Z');

async function addEvent(startsAt: string, endsAt: string): Promise<TrainingEvent> {
  const event = newEvent(
    newId(),
    {
      title: 'Kybernetická bezpečnost obcí',
      description: '',
      format: 'training',
      topics: ['kybernetická bezpečnost'],
      modernTechFocus: true,
      startsAt,
      endsAt,
      venue: 'Magistrát města Jablonec nad Nisou',
      capacity: 10,
      targetGroups: ['clerks'],
      status: 'published',
    },
    '2026-01-05T08:00:00.000Z',
  );
  await events.createEvent(event);
  return event;
}

async function register(event: TrainingEvent, email: string, name: string) {
  const result = await events.register({
    id: newId(),
    eventId: event.id,
    name,
    email,
    role: 'clerk',
    organisationName: 'Statutární město Jablonec nad Nisou',
    ico: '00262340',
    status: 'confirmed',
    source: 'registration',
    createdAt: '2026-01-10T08:00:00.000Z',
  });
  if (result.outcome !== 'confirmed') throw new Error(result.outcome);
  return result.registration;
}

function counted(items: Record<string, unknown>[]) {
  const personKey = createPersonKeyer(env.config.LINK_SIGNING_SECRET);
  return items
    .filter((i) => String(i.sk).startsWith('REG#') && String(i.pk).startsWith('EVENT#'))
    .map((i) => ({
      id: i.id,
      role: i.role,
      status: i.status,
      attendedAt: i.attendedAt,
      ico: i.ico,
      person:
        typeof i.personKey === 'string'
          ? i.personKey
          : personKey({ id: String(i.id), email: String(i.email) } as never),
    }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

async function auditItems() {
  const result = await env.clients.dynamo.send(
    new QueryCommand({
      TableName: env.config.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${now.toISOString().slice(0, 7)}` },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

beforeAll(async () => {
  env = await createTestEnvironment();
  hash = createAddressHasher(env.config.hashingSecret);
  events = createEventRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  attendance = createAttendanceRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  surveys = createSurveyRepository(env.clients.dynamo, env.config.TABLE_NAME);
  training = await addEvent('2026-02-03T08:00:00.000Z', '2026-02-03T12:00:00.000Z');
  workshop = await addEvent('2026-02-17T08:00:00.000Z', '2026-02-17T12:00:00.000Z');
  const first = await register(training, normalised, 'Jana Nováková');
  await attendance.markPresent(first, training.startsAt);
  await surveys.createInvitation(
    training.id,
    first.id,
    '2026-02-20T12:00:00.000Z',
    '2026-02-03T13:00:00.000Z',
  );
  const walkIn = await attendance.addWalkIn({
    id: newId(),
    eventId: workshop.id,
    name: 'Jana Nováková',
    email: normalised,
    role: 'clerk',
    status: 'confirmed',
    source: 'walk-in',
    createdAt: workshop.startsAt,
    confirmedAt: workshop.startsAt,
    attendedAt: workshop.startsAt,
  });
  expect(walkIn).toBe('created');
  await register(training, 'petr.svoboda@liberec.cz', 'Petr Svoboda');
});

describe('data-subject requests', () => {
  it('exports everything held about one address across events, as JSON, and audits it', async () => {
    const { app } = appUnderTest(env, () => now);
    const response = await app.request(`/api/admin/people?email=${encodeURIComponent(person)}`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as {
      email: string;
      registrations: Record<string, unknown>[];
      emailClaims: unknown[];
      surveyInvitations: unknown[];
    };
    expect(body.email).toBe(normalised);
    expect(body.registrations.map((r) => r.eventId).sort()).toEqual(
      [training.id, workshop.id].sort(),
    );
    expect(
      body.registrations.every((r) => r.email === normalised && r.name === 'Jana Nováková'),
    ).toBe(true);
    expect(body.emailClaims).toHaveLength(2);
    expect(body.surveyInvitations).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain('svoboda');

    const audit = await auditItems();
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'export',
        actor: 'organiser-token',
        addressHash: hash(normalised),
        at: now.toISOString(),
        registrations: 2,
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('@');
    // Five years, then DynamoDB's TTL removes it.
    expect(audit[0]?.expiresAt).toBe(now.getTime() / 1000 + (5 * 365 + 1) * 86_400);
  });

  it('refuses a malformed address and requests without the organiser credential', async () => {
    const { app } = appUnderTest(env, () => now);
    const bad = await app.request('/api/admin/people?email=neni-adresa', { headers: adminHeaders });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'email', code: 'invalid_email' }] });
    const anonymous = await app.request(`/api/admin/people?email=${normalised}`);
    expect(anonymous.status).toBe(401);
    const erase = await app.request('/api/admin/people/erase', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: normalised }),
    });
    expect(erase.status).toBe(401);
  });

  it('offers the same on an organiser page, behind the session and its CSRF token', async () => {
    const { app } = appUnderTest(env, () => now);
    const anonymous = await app.request('/admin/osobni-udaje');
    expect(anonymous.status).toBe(303);
    const form = await app.request('/admin/osobni-udaje', { headers: adminHeaders });
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    expect(csrf).not.toBe('');
    const post = (fields: Record<string, string>) =>
      app.request('/admin/osobni-udaje', {
        method: 'POST',
        headers: { ...adminHeaders, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    expect((await post({ email: normalised, action: 'export' })).status).toBe(403);
    const shown = await post({ _csrf: csrf, email: person, action: 'export' });
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toMatch(/Uložené údaje: 2\u00a0registrace\./);
    expect(html).toContain('Nováková');
    // Erasing is irreversible: not without the confirmation box.
    const unconfirmed = await post({ _csrf: csrf, email: person, action: 'erase' });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('potvrďte');
    expect((await auditItems()).filter((a) => a.action === 'erase')).toEqual([]);
  });

  it('erases the address everywhere, keeps anonymous registrations with the same indicators', async () => {
    const before = counted(await scanTable(env));
    const { app } = appUnderTest(env, () => now);
    const response = await app.request('/api/admin/people/erase', {
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ email: person }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ asOf: now.toISOString(), registrationsAnonymised: 2 });

    const items = await scanTable(env);
    const theirs = items.filter(
      (i) =>
        JSON.stringify(i).includes(normalised) ||
        JSON.stringify(i).includes(hash(normalised)) ||
        JSON.stringify(i).includes('Nováková'),
    );
    // Only the audit items still name the address, by its keyed hash.
    expect(theirs.every((i) => String(i.pk).startsWith('AUDIT#'))).toBe(true);
    expect(
      items.filter((i) => holdsPersonalData(i) && JSON.stringify(i).includes('svoboda')),
    ).not.toEqual([]);
    expect(items.filter((i) => String(i.sk).startsWith(keys.surveyInvitationPrefix))).toEqual([]);
    expect(counted(items)).toEqual(before);

    // Nothing left to find; the second request is on record too.
    const again = await app.request(`/api/admin/people?email=${normalised}`, {
      headers: adminHeaders,
    });
    expect(await again.json()).toMatchObject({ registrations: [], emailClaims: [] });
    expect((await auditItems()).map((a) => a.action).sort()).toEqual([
      'erase',
      'export',
      'export',
      'export',
    ]);
  });
});
