import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFunction } from '../../infra/local/runtime';
import { createAttendanceRepository } from '../../shared/adapters/attendance-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createRollupRepository } from '../../shared/adapters/rollup-repository';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { AggregationSummary } from '../../shared/use-cases/aggregate-indicators';
import { organiserSessionValue } from '../../shared/web/auth';
import { adminHeaders, appUnderTest, drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * The nightly aggregation end to end on the emulators: events and registrations written by
 * the real repositories, the job's handler run as the scheduler would, then its items, files,
 * queued emails, the public API, the downloads and the dashboard checked.
 */

let env: TestEnvironment;
let runJob: (time: string) => Promise<AggregationSummary>;
let events: ReturnType<typeof createEventRepository>;
let attendance: ReturnType<typeof createAttendanceRepository>;

const night = '2025-11-02T01:00:00.000Z'; // 02:00 in Prague, when the schedule fires
const nightMs = Date.parse(night);

async function addEvent(
  overrides: Partial<Parameters<typeof newEvent>[1]>,
): Promise<TrainingEvent> {
  const event = newEvent(
    newId(),
    {
      title: 'Jak může AI usnadnit a zefektivnit práci úředníka?',
      description: '',
      format: 'training',
      topics: ['umělá inteligence'],
      modernTechFocus: true,
      startsAt: '2025-10-22T06:00:00.000Z',
      endsAt: '2025-10-22T09:30:00.000Z',
      venue: 'Magistrát města Jablonec nad Nisou',
      capacity: 60,
      targetGroups: ['clerks'],
      status: 'published',
      ...overrides,
    },
    '2025-09-01T08:00:00.000Z',
  );
  await events.createEvent(event);
  return event;
}

interface Person {
  email: string;
  role?: 'clerk' | 'mayor' | 'regional-staff' | 'citizen' | 'other';
  organisation?: string;
  ico?: string;
  attended?: boolean;
}

async function register(event: TrainingEvent, person: Person) {
  const result = await events.register({
    id: newId(),
    eventId: event.id,
    name: `Účastník ${person.email}`,
    email: person.email,
    role: person.role ?? 'clerk',
    ...(person.organisation ? { organisationName: person.organisation } : {}),
    ...(person.ico ? { ico: person.ico } : {}),
    status: 'confirmed',
    source: 'registration',
    createdAt: '2025-10-01T08:00:00.000Z',
  });
  if (result.outcome !== 'confirmed' && result.outcome !== 'waitlisted') {
    throw new Error(`registration failed: ${result.outcome}`);
  }
  if (person.attended ?? true) {
    await attendance.markPresent(result.registration, event.startsAt);
  }
  return result.registration;
}

async function answer(event: TrainingEvent, satisfaction: number, usefulness: number) {
  await env.clients.dynamo.send(
    new PutCommand({
      TableName: env.config.TABLE_NAME,
      Item: {
        ...keys.surveyAnswer(event.id, newId()),
        eventId: event.id,
        satisfaction,
        usefulness,
        recommend: satisfaction === 5,
        answeredOn: '2025-10-23',
      },
    }),
  );
}

const jablonec = { organisation: 'Statutární město Jablonec nad Nisou', ico: '00262340' };
let aiMorning: TrainingEvent;

async function seed() {
  // 22 Oct morning: AI for clerks; one no-show, one on the waiting list.
  aiMorning = await addEvent({ capacity: 5 });
  await register(aiMorning, { email: 'Jana.Novakova@jablonec.cz', ...jablonec });
  await register(aiMorning, { email: 'petr.dvorak@jablonec.cz', ...jablonec });
  await register(aiMorning, {
    email: 'eva@bily-kostel.cz',
    organisation: 'Obec Bílý Kostel nad Nisou',
  });
  await register(aiMorning, { email: 'nedorazil@jablonec.cz', ...jablonec, attended: false });
  await register(aiMorning, { email: 'obcan@example.cz', role: 'citizen' });
  await register(aiMorning, { email: 'ceka@example.cz', ...jablonec, attended: false });
  await answer(aiMorning, 5, 4);
  await answer(aiMorning, 4, 4);
  await answer(aiMorning, 4, 3);
  // 22 Oct afternoon: mayors.
  const mayors = await addEvent({
    startsAt: '2025-10-22T11:00:00.000Z',
    endsAt: '2025-10-22T14:00:00.000Z',
    targetGroups: ['mayors'],
  });
  await register(mayors, {
    email: 'starosta@chrastava.cz',
    role: 'mayor',
    organisation: 'Město Chrastava',
  });
  await register(mayors, {
    email: 'starostka@bily-kostel.cz',
    role: 'mayor',
    organisation: 'obec bily kostel nad nisou',
  });
  // 29 Oct: IT security in Jablonec; Jana again (another spelling of her address).
  const security = await addEvent({
    title: 'IT bezpečnost pro koncové uživatele',
    topics: ['kybernetická bezpečnost'],
    startsAt: '2025-10-29T07:00:00.000Z',
    endsAt: '2025-10-29T11:00:00.000Z',
  });
  await register(security, { email: ' jana.novakova@JABLONEC.cz', ...jablonec });
  await register(security, {
    email: 'starosta@chrastava.cz',
    role: 'mayor',
    organisation: 'Město Chrastava',
  });
  // 31 Oct: IT security in Česká Lípa (no IČO given: counted by name).
  const lipa = await addEvent({
    title: 'IT bezpečnost pro koncové uživatele',
    topics: ['kybernetická bezpečnost'],
    startsAt: '2025-10-31T07:00:00.000Z',
    endsAt: '2025-10-31T11:00:00.000Z',
    venue: 'Městský úřad Česká Lípa',
  });
  await register(lipa, { email: 'urednik1@mucl.cz', organisation: 'Město Česká Lípa' });
  await register(lipa, { email: 'urednik2@mucl.cz', organisation: 'MĚSTO ČESKÁ LÍPA' });
  // 1 Nov: a seminar for citizens, not about modern technology.
  const seminar = await addEvent({
    title: 'Seminář o sdílené energetice',
    format: 'seminar',
    topics: [],
    modernTechFocus: false,
    startsAt: '2025-11-01T09:00:00.000Z',
    endsAt: '2025-11-01T11:00:00.000Z',
    targetGroups: ['citizens'],
  });
  await register(seminar, { email: 'obcan@example.cz', role: 'citizen' });
  // Never counted: cancelled, draft, not yet ended.
  const cancelled = await addEvent({
    startsAt: '2025-10-15T07:00:00.000Z',
    endsAt: '2025-10-15T09:00:00.000Z',
  });
  await register(cancelled, {
    email: 'zruseno@liberec.cz',
    organisation: 'Statutární město Liberec',
    ico: '00262978',
  });
  await events.setEventStatus(cancelled.id, 'cancelled', '2025-10-14T08:00:00.000Z');
  await addEvent({
    status: 'draft',
    startsAt: '2025-10-20T07:00:00.000Z',
    endsAt: '2025-10-20T09:00:00.000Z',
  });
  const running = await addEvent({
    startsAt: '2025-11-01T23:00:00.000Z',
    endsAt: '2025-11-02T03:00:00.000Z',
  });
  await register(running, {
    email: 'jeste@liberec.cz',
    organisation: 'Statutární město Liberec',
    ico: '00262978',
  });
  // A deployment smoke test's event (hidden): held and attended, yet no training of the plan.
  const smokeTest = await addEvent({
    hidden: true,
    startsAt: '2025-10-23T07:00:00.000Z',
    endsAt: '2025-10-23T08:00:00.000Z',
  });
  await register(smokeTest, {
    email: 'success@simulator.amazonses.com',
    organisation: 'Statutární město Liberec',
    ico: '00262978',
  });
}

async function items(pk: string) {
  const result = await env.clients.dynamo.send(
    new QueryCommand({
      TableName: env.config.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

async function rollupItems(): Promise<Record<string, unknown>[]> {
  const all = await events.listEventsByStart();
  const found: Record<string, unknown>[] = [];
  for (const event of all) {
    found.push(...(await items(keys.eventPartition(event.id))).filter((i) => i.sk === 'ROLLUP'));
  }
  return found;
}

async function bucketBytes(key: string): Promise<Uint8Array> {
  const result = await env.clients.s3.send(
    new GetObjectCommand({ Bucket: env.config.EXPORTS_BUCKET, Key: key }),
  );
  if (!result.Body) throw new Error(`no body for ${key}`);
  return result.Body.transformToByteArray();
}

beforeAll(async () => {
  env = await createTestEnvironment();
  events = createEventRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  attendance = createAttendanceRepository(
    env.clients.dynamo,
    env.config.TABLE_NAME,
    createAddressHasher(env.config.hashingSecret),
  );
  const module = await loadFunction<typeof import('../../functions/indicators')>('indicators');
  runJob = (time) => module.handler({ time });
  await seed();
  await drainMailQueue(env);
});

describe('nightly indicators job', () => {
  let first: AggregationSummary;
  let firstItems: Record<string, unknown>[];

  it('counts the held events, organisations, persons and answers of the year', async () => {
    first = await runJob(night);
    expect(first).toMatchObject({
      years: [2024, 2025],
      eventsHeld: 5,
      rollupsRecomputed: 5,
      periodsWritten: 34,
      mailsQueued: 1,
    });
    firstItems = await items(keys.indicatorsPartition(2025));
    expect(firstItems).toHaveLength(17);
    const year = firstItems.find((i) => i.sk === 'YEAR');
    expect(year).toMatchObject({
      eventsHeld: 5,
      modernTechEventsHeld: 4,
      // Jablonec (IČO), Bílý Kostel and Chrastava and Česká Lípa (names); not the citizen.
      organisationsInvolved: 4,
      participants: 11,
      distinctPersons: 8,
      registrations: 13,
      waitlisted: 1,
      surveyResponses: 3,
      averageSatisfaction: 4.33,
      averageUsefulness: 3.67,
    });
    expect(year?.participantsByRole).toMatchObject({ clerk: 6, mayor: 3, citizen: 2 });
    expect(year?.byFormat).toMatchObject({
      training: { eventsHeld: 4, participants: 10 },
      seminar: { eventsHeld: 1, participants: 1 },
    });
    expect(firstItems.find((i) => i.sk === 'M10')).toMatchObject({
      eventsHeld: 4,
      modernTechEventsHeld: 4,
      organisationsInvolved: 4,
      participants: 10,
      distinctPersons: 8,
    });
    expect(firstItems.find((i) => i.sk === 'M11')).toMatchObject({
      eventsHeld: 1,
      modernTechEventsHeld: 0,
      organisationsInvolved: 0,
    });
    expect(firstItems.find((i) => i.sk === 'Q4')).toMatchObject({
      eventsHeld: 5,
      participants: 11,
    });
    expect(firstItems.find((i) => i.sk === 'Q3')).toMatchObject({ eventsHeld: 0 });
  });

  it('leaves identical items when run again, and after a crash half-way', async () => {
    const rollupsBefore = await rollupItems();
    await runJob(night);
    expect(await items(keys.indicatorsPartition(2025))).toEqual(firstItems);
    expect(await rollupItems()).toEqual(rollupsBefore);

    // A crash half-way: some period items and a rollup never written, another left wrong.
    for (const sk of ['YEAR', 'Q4', 'M10']) {
      await env.clients.dynamo.send(
        new DeleteCommand({ TableName: env.config.TABLE_NAME, Key: keys.indicators(2025, sk) }),
      );
    }
    await env.clients.dynamo.send(
      new DeleteCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.indicatorRollup(aiMorning.id),
      }),
    );
    await env.clients.dynamo.send(
      new PutCommand({
        TableName: env.config.TABLE_NAME,
        Item: { ...firstItems.find((i) => i.sk === 'M11'), participants: 999 },
      }),
    );
    await runJob(night);
    expect(await items(keys.indicatorsPartition(2025))).toEqual(firstItems);
    expect(await rollupItems()).toEqual(rollupsBefore);
  });

  it('writes the CSV and JSON exports to the bucket and queues the export email with the CSV', async () => {
    await drainMailQueue(env);
    const summary = await runJob(night);
    expect(summary.files).toEqual(
      expect.arrayContaining([
        'indicators/2025/2025-11-02.csv',
        'indicators/2025/2025-11-02.json',
        'indicators/latest.csv',
        'indicators/latest.json',
        'indicators/2024/2025-11-02.csv',
      ]),
    );
    const bytes = await bucketBytes('indicators/2025/2025-11-02.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Rok;Období;Uskutečněné akce celkem;Akce zaměřené na moderní technologie;Zapojené subjekty;Účasti na akcích;Proškolené osoby;Registrace;Na čekací listině;Odpovědi v dotazníku;Míra odpovědí (%);Průměrná spokojenost (1–5);Průměrná užitečnost (1–5);Doporučili by (%);Obce s proškolenými;Podíl obcí kraje (%);Podíl obyvatel kraje (%);Spočítáno',
    );
    // Jablonec nad Nisou (IČO 00262340) is the one municipality that came: 1 of 215, 10.3 % of people.
    expect(lines[1]).toBe(
      '2025;celý rok;5;4;4;11;8;13;1;3;27,3;4,33;3,67;33,3;1;0,5;10,3;2. 11. 2025 2:00',
    );
    expect(lines).toContain(
      '2025;říjen;4;4;4;10;8;12;1;3;30;4,33;3,67;33,3;1;0,5;10,3;2. 11. 2025 2:00',
    );
    expect(await bucketBytes('indicators/latest.csv')).toEqual(bytes);

    const latestJson = JSON.parse(
      new TextDecoder().decode(await bucketBytes('indicators/latest.json')),
    ) as Record<string, unknown>;
    expect(latestJson).toMatchObject({
      year: 2025,
      modernTechEventsHeld: 4,
      organisationsInvolved: 4,
    });

    const messages = await drainMailQueue(env);
    expect(messages).toEqual([
      {
        kind: 'indicator-export',
        recipient: 'indikatory@kraj-lbc.cz',
        year: 2025,
        csvKey: 'indicators/2025/2025-11-02.csv',
        generatedAt: night,
        // The file itself, byte for byte as stored: the mailer attaches it without reading S3.
        csv,
      },
    ]);
  });

  it('reads only rollups once events have settled, and recounts an event that changed', async () => {
    const late = '2026-01-10T01:00:00.000Z';
    // By now the event that was still running on 2 November has ended too: six held events.
    const settling = await runJob(late);
    expect(settling).toMatchObject({ eventsHeld: 6, rollupsRecomputed: 6 });
    const settled = await runJob('2026-01-11T01:00:00.000Z');
    expect(settled).toMatchObject({ rollupsRecomputed: 0, rollupsReused: 6 });

    // A late cancellation moves the event's counters: only that event is recounted.
    const registrations = await events.listRegistrations(aiMorning.id);
    const waiting = registrations.find((r) => r.status === 'waitlisted');
    if (!waiting) throw new Error('expected a waitlisted registration');
    await events.cancelRegistration(waiting, '2026-01-11T10:00:00.000Z');
    const afterChange = await runJob('2026-01-12T01:00:00.000Z');
    expect(afterChange).toMatchObject({ rollupsRecomputed: 1, rollupsReused: 5 });
    const year = (await items(keys.indicatorsPartition(2025))).find((i) => i.sk === 'YEAR');
    expect(year).toMatchObject({ registrations: 13, waitlisted: 0, participants: 12 });

    // A late attendance correction marks the event dirty: recounted once.
    const rollups = createRollupRepository(env.clients.dynamo, env.config.TABLE_NAME);
    const noShow = registrations.find((r) => r.email === 'nedorazil@jablonec.cz');
    if (!noShow) throw new Error('expected the no-show');
    await attendance.markPresent(noShow, '2026-01-12T09:00:00.000Z');
    await rollups.markDirty(aiMorning.id, new Date('2026-01-12T09:00:00.000Z'));
    expect(await runJob('2026-01-13T01:00:00.000Z')).toMatchObject({ rollupsRecomputed: 1 });
    expect(await runJob('2026-01-14T01:00:00.000Z')).toMatchObject({ rollupsRecomputed: 0 });
    const after = (await items(keys.indicatorsPartition(2025))).find((i) => i.sk === 'YEAR');
    expect(after).toMatchObject({ participants: 13, distinctPersons: 10 });
  });
});

describe('indicator endpoints', () => {
  // As of the first night again, with the late changes above in the rollups.
  beforeAll(async () => {
    await runJob(night);
  });

  it('GET /api/indicators?year= returns the public contract without personal data', async () => {
    const { app } = appUnderTest(env, () => new Date(nightMs));
    const response = await app.request('/api/indicators?year=2025');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as Record<string, unknown> & {
      quarters: Record<string, unknown>[];
      months: Record<string, unknown>[];
    };
    expect(body).toMatchObject({
      year: 2025,
      eventsHeld: 5,
      modernTechEventsHeld: 4,
      organisationsInvolved: 4,
      participants: 12,
      distinctPersons: 9,
      waitlisted: 0,
      averageSatisfaction: 4.33,
    });
    expect(body.generatedAt).toEqual(expect.any(String));
    expect(body.quarters).toHaveLength(4);
    expect(body.quarters[3]).toMatchObject({ quarter: 4, modernTechEventsHeld: 4 });
    expect(body.months[9]).toMatchObject({ month: 10, modernTechEventsHeld: 4 });
    expect(body.coverage).toMatchObject({ reached: 1, municipalities: 215, share: 0.005 });
    // Districts are named in the coverage; organisations and their IČOs never.
    const withoutDistricts = JSON.stringify(body).replaceAll('"district":"Jablonec nad Nisou"', '');
    expect(withoutDistricts).not.toMatch(/Jablonec|Chrastava|00262340|@|Účastník/);
  });

  it('answers zeros for a year without events and a Czech error for a bad year', async () => {
    const { app } = appUnderTest(env);
    const empty = (await (await app.request('/api/indicators?year=2019')).json()) as Record<
      string,
      unknown
    >;
    expect(empty).toMatchObject({
      year: 2019,
      eventsHeld: 0,
      averageSatisfaction: null,
      generatedAt: null,
    });
    for (const bad of ['abc', '25', '1999', '2025.5']) {
      const response = await app.request(`/api/indicators?year=${bad}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        errors: { field: string; code: string; message: string }[];
      };
      expect(body.errors[0]?.field).toBe('year');
      expect(body.errors[0]?.message).toMatch(/^Ro|^Ukazatele lze/);
    }
  });

  it('lets organisers download the same CSV the job wrote to the bucket', async () => {
    const { app } = appUnderTest(env, () => new Date(nightMs));
    const response = await app.request('/api/admin/indicators/2025.csv', { headers: adminHeaders });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const downloaded = new Uint8Array(await response.arrayBuffer());
    expect(downloaded).toEqual(await bucketBytes('indicators/2025/2025-11-02.csv'));
    const latest = await app.request('/api/admin/indicators/latest.json', {
      headers: adminHeaders,
    });
    expect(new Uint8Array(await latest.arrayBuffer())).toEqual(
      await bucketBytes('indicators/latest.json'),
    );
    expect((await app.request('/api/admin/indicators/2025.csv')).status).toBe(401);
    // The dashboard's links: the same bytes with the session cookie a browser sends.
    const cookie = {
      cookie: `organiser_session=${organiserSessionValue(adminHeaders.authorization.slice(7), Date.now())}`,
    };
    const fromPage = await app.request('/admin/ukazatele/2025.csv', { headers: cookie });
    expect(fromPage.status).toBe(200);
    expect(new Uint8Array(await fromPage.arrayBuffer())).toEqual(downloaded);
    const jsonFromPage = await app.request('/admin/ukazatele/latest.json', { headers: cookie });
    expect(new Uint8Array(await jsonFromPage.arrayBuffer())).toEqual(
      await bucketBytes('indicators/latest.json'),
    );
    expect((await app.request('/admin/ukazatele/2012.csv', { headers: cookie })).status).toBe(404);
    expect((await app.request('/admin/ukazatele/2025.csv')).status).toBe(303);
    expect(
      (await app.request('/api/admin/indicators/2012.csv', { headers: adminHeaders })).status,
    ).toBe(404);
    expect(
      (await app.request('/api/admin/indicators/passwd', { headers: adminHeaders })).status,
    ).toBe(404);
  });

  it('shows the organiser dashboard with cards, chart, table and organisations', async () => {
    const { app } = appUnderTest(env, () => new Date(nightMs));
    const response = await app.request('/admin/prehled?rok=2025&ctvrtleti=4', {
      headers: { authorization: adminHeaders.authorization },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="cs">');
    expect(html).toContain('Přehled ukazatelů – 4. čtvrtletí 2025');
    expect(html).toMatch(
      /<svg [^>]*role="img"[^>]*aria-labelledby="graf-ucasti-title graf-ucasti-desc"/,
    );
    expect(html).toContain('<caption>Ukazatele po měsících – 4. čtvrtletí 2025</caption>');
    expect(html).toContain('Statutární město Jablonec nad Nisou');
    expect(html).toContain('00262340');
    expect(html).toContain('Město Chrastava');
    // Liberec's only registrations were at a cancelled and a still running event.
    expect(html).toMatch(/<li>Liberec <span class="muted">\(IČO 00262978\)<\/span><\/li>/);
    expect(html).not.toMatch(/<li>Jablonec nad Nisou <span class="muted">\(IČO/);
    // The rest of the 215 municipalities, every one listed, and the coverage per district.
    expect(html.match(/<li>[^<]+ <span class="muted">\(IČO \d{8}\)<\/span><\/li>/g)).toHaveLength(
      214,
    );
    expect(html).toContain('<caption>Pokrytí obcí po okresech – 4. čtvrtletí 2025</caption>');
    expect(html).toMatch(/<svg [^>]*aria-labelledby="graf-pokryti-title graf-pokryti-desc"/);
    expect(html).toContain('href="/admin/ukazatele/2025.csv"');
    expect(html).toContain('href="/admin/ukazatele/2025.json"');
    expect(html).not.toContain('href="/api/admin');
    // No participant's address: the only one is the organisers' contact in the footer.
    expect(html.replaceAll(env.config.CONTACT_EMAIL, '')).not.toContain('@');

    const invalid = await app.request('/admin/prehled?rok=dvacet&ctvrtleti=9', {
      headers: { authorization: adminHeaders.authorization },
    });
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('<title>Chyba: ');
    expect(invalidHtml).toContain('href="#rok"');
    expect(invalidHtml).toContain('href="#ctvrtleti"');
    expect(invalidHtml).toContain('aria-invalid="true"');

    const anonymous = await app.request('/admin/prehled?rok=2025');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/admin/prihlaseni');
  });
});
