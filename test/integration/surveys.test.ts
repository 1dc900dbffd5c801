import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFunction } from '../../infra/local/runtime';
import { newEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import type { MailMessage } from '../../shared/domain/mail-message';
import type { Registration } from '../../shared/domain/registration';
import { surveySchedule } from '../../shared/domain/survey';
import type { ScheduledJobEvent } from '../../shared/resources';
import { createEvent, parseEventInput, updateEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import type { SurveySweepSummary } from '../../shared/use-cases/surveys';
import type { AppDeps } from '../../shared/web/deps';
import { surveyUrl } from '../../shared/web/links';
import { adminHeaders, appUnderTest, drainMailQueue } from '../support/app-under-test';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

const HOUR = 3_600_000;

let env: TestEnvironment;
let app: Hono;
let deps: AppDeps;
let clock = new Date();
let handler: (event: ScheduledJobEvent) => Promise<SurveySweepSummary>;

const runJob = (time: string | Date) =>
  handler({ time: typeof time === 'string' ? time : time.toISOString() });

/** An event two days ahead with these people registered (capacity 3: the fourth waits). */
async function heldEvent(names: string[]) {
  const now = Date.now();
  clock = new Date(now);
  const event = await createEvent(deps, {
    title: 'Umělá inteligence v agendě obce',
    startsAt: new Date(now + 48 * HOUR).toISOString(),
    endsAt: new Date(now + 51 * HOUR).toISOString(),
    venue: 'Krajská vědecká knihovna Liberec',
    capacity: 3,
    modernTechFocus: true,
  });
  const tag = randomBytes(3).toString('hex');
  for (const name of names) {
    await register(deps, event.id, {
      name,
      email: `${name.split(' ')[0]?.toLowerCase()}-${tag}@example.cz`,
      role: 'citizen',
      consent: true,
    });
  }
  const registrations = await deps.events.listRegistrations(event.id);
  const byName = (name: string) => registrations.find((r) => r.name === name) as Registration;
  return { event, byName, schedule: surveySchedule(event) };
}

const surveyMessages = (messages: MailMessage[], eventId: string, kind: MailMessage['kind']) =>
  messages
    .filter((m) => m.kind === kind && 'eventId' in m && m.eventId === eventId)
    .map((m) => ('registrationId' in m ? m.registrationId : ''))
    .sort();

const linkPath = (event: { id: string; endsAt: string }, registrationId: string) =>
  new URL(
    surveyUrl(
      { publicBaseUrl: 'https://example.cz', linkSecret: deps.linkSecret },
      event,
      registrationId,
    ),
  ).pathname;

const answer = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  env = await createTestEnvironment();
  ({ app, deps } = appUnderTest(env, () => clock));
  ({ handler } = await loadFunction<typeof import('../../functions/surveys')>('surveys'));
});

describe('survey job', () => {
  it('invites those marked present the next morning, reminds non-respondents once, then closes', async () => {
    const { event, byName, schedule } = await heldEvent([
      'Jana Nováková',
      'Petr Svoboda',
      'Eva Dvořáková',
      'Karel Novotný',
    ]);
    const jana = byName('Jana Nováková');
    const petr = byName('Petr Svoboda');
    expect(byName('Karel Novotný').status).toBe('waitlisted');
    clock = new Date(Date.parse(event.startsAt) + HOUR);
    const marked = await app.request(`/api/admin/events/${event.id}/attendance`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ registrationIds: [jana.id, petr.id] }),
    });
    expect(marked.status).toBe(200);
    await drainMailQueue(env);

    // Evening after the event: not yet.
    await runJob(new Date(Date.parse(schedule.opensAt) - HOUR));
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toEqual([]);

    const invited = await runJob(schedule.opensAt);
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toEqual(
      [jana.id, petr.id].sort(),
    );
    expect(invited.eventsInvited).toBeGreaterThanOrEqual(1);
    const again = await runJob(schedule.opensAt);
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toEqual([]);
    expect(again.invitationsQueued).toBe(0);

    // Jana answers; three days later only Petr is reminded.
    clock = new Date(Date.parse(schedule.opensAt) + HOUR);
    expect(
      (await answer(linkPath(event, jana.id), { satisfaction: 5, usefulness: 4 })).status,
    ).toBe(201);
    await runJob(schedule.remindAt);
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-reminder')).toEqual([
      petr.id,
    ]);
    await runJob(new Date(Date.parse(schedule.remindAt) + 24 * HOUR));
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-reminder')).toEqual([]);

    await runJob(schedule.closesAt);
    expect((await deps.surveys.getRun(event.id))?.state).toBe('closed');
    clock = new Date(schedule.closesAt);
    const late = await answer(linkPath(event, petr.id), { satisfaction: 3, usefulness: 3 });
    expect(late.status).toBe(410);
    const latePage = await app.request(linkPath(event, petr.id));
    expect(latePage.status).toBe(410);
    expect(await latePage.text()).toContain('Dotazník je uzavřený');
  });

  it('invites everyone confirmed when no attendance was recorded', async () => {
    const { event, byName, schedule } = await heldEvent([
      'Jana Nováková',
      'Petr Svoboda',
      'Eva Dvořáková',
      'Karel Novotný',
    ]);
    await deps.events.cancelRegistration(byName('Eva Dvořáková'), clock.toISOString());
    await drainMailQueue(env);
    await runJob(schedule.opensAt);
    // The repository call frees Eva's seat without promoting anyone: Karel still waits.
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toEqual(
      [byName('Jana Nováková').id, byName('Petr Svoboda').id].sort(),
    );
    expect((await deps.surveys.getRun(event.id))?.basis).toBe('registration');
  });

  it('follows the event when the organiser moves it before the survey went out', async () => {
    const { event, schedule } = await heldEvent(['Jana Nováková']);
    const newStart = Date.parse(event.startsAt) + 7 * 24 * HOUR;
    await updateEvent({ ...deps, promote: async () => 0 }, event.id, {
      title: event.title,
      startsAt: new Date(newStart).toISOString(),
      endsAt: new Date(newStart + 3 * HOUR).toISOString(),
      venue: event.venue,
      capacity: event.capacity,
      modernTechFocus: true,
    });
    await drainMailQueue(env);
    await runJob(schedule.opensAt);
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toEqual([]);
    const moved = surveySchedule({ endsAt: new Date(newStart + 3 * HOUR).toISOString() });
    expect(await deps.surveys.getRun(event.id)).toMatchObject({
      state: 'scheduled',
      opensAt: moved.opensAt,
    });
    await runJob(moved.opensAt);
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toHaveLength(
      1,
    );
  });

  it('gives an event written around the use cases (no survey run) its survey all the same', async () => {
    const now = Date.now();
    const event = newEvent(
      newId(now),
      parseEventInput({
        title: 'Importovaná akce bez plánu dotazníku',
        startsAt: new Date(now - 20 * HOUR).toISOString(),
        endsAt: new Date(now - 17 * HOUR).toISOString(),
        venue: 'Česká Lípa',
        capacity: 5,
        modernTechFocus: false,
      }),
      new Date(now - 10 * 24 * HOUR).toISOString(),
    );
    await deps.events.createEvent(event);
    const registrationId = newId(now);
    await deps.events.register({
      id: registrationId,
      eventId: event.id,
      name: 'Alena Černá',
      email: `alena-${randomBytes(3).toString('hex')}@example.cz`,
      role: 'citizen',
      status: 'confirmed',
      source: 'registration',
      createdAt: new Date(now - 5 * 24 * HOUR).toISOString(),
    });
    expect(await deps.surveys.getRun(event.id)).toBeUndefined();
    await drainMailQueue(env);

    const schedule = surveySchedule(event);
    const summary = await runJob(new Date(Math.max(Date.parse(schedule.opensAt), now) + 60_000));
    expect(summary.backfilled).toBe(1);
    // Backfilled and, being due already, invited in the same sweep (the local index is
    // immediate; in AWS the next sweep at the latest).
    expect(surveyMessages(await drainMailQueue(env), event.id, 'survey-invitation')).toEqual([
      registrationId,
    ]);
    expect((await deps.surveys.getRun(event.id))?.state).toBe('invited');
    const again = await runJob(new Date(Math.max(Date.parse(schedule.opensAt), now) + 120_000));
    expect(again.backfilled).toBe(0);
  });
});

describe('survey answers', () => {
  async function invitedEvent() {
    const setup = await heldEvent(['Jana Nováková', 'Petr Svoboda', 'Eva Dvořáková']);
    await runJob(setup.schedule.opensAt);
    clock = new Date(Date.parse(setup.schedule.opensAt) + HOUR);
    return setup;
  }

  it('shows an accessible Czech form that works without JavaScript', async () => {
    const { event, byName } = await invitedEvent();
    const response = await app.request(linkPath(event, byName('Jana Nováková').id));
    expect(response.status).toBe(200);
    const html = (await response.text()).replace(/\u00a0/g, ' ');
    expect(html).toContain('<html lang="cs">');
    expect(html).toContain('<legend>Jak jste byli s akcí celkově spokojeni?</legend>');
    expect(html).toContain('<legend>Jak užitečná pro vaši práci akce byla?</legend>');
    expect(html).toMatch(
      /<legend>Doporučili byste akci kolegům\?<span class="optional"> \(nepovinné\)<\/span><\/legend>/,
    );
    expect(html).toMatch(/<input type="radio" id="satisfaction-5" name="satisfaction" value="5"/);
    expect(html).toContain('<label for="comment">Co bychom mohli zlepšit?');
    expect(html).toContain('<textarea id="topics" name="topics"');
    expect(html).toContain('method="post"');
    expect(html).not.toContain('<script');
  });

  it('takes one answer per link: 201, then 409 in words', async () => {
    const { event, byName } = await invitedEvent();
    const path = linkPath(event, byName('Petr Svoboda').id);
    const first = await answer(path, {
      satisfaction: 4,
      usefulness: 5,
      recommend: true,
      comment: 'Více příkladů z praxe.',
      topics: 'Kybernetická bezpečnost',
    });
    expect(first.status).toBe(201);
    const second = await answer(path, { satisfaction: 1, usefulness: 1 });
    expect(second.status).toBe(409);
    expect(
      ((await second.json()) as { errors: { code: string; message: string }[] }).errors[0],
    ).toMatchObject({
      code: 'already_answered',
      message: expect.stringContaining('Už jste odpověděli, děkujeme'),
    });
    const form = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'satisfaction=2&usefulness=2',
    });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain('Už jste odpověděli, děkujeme');
    expect((await deps.surveys.listAnswers(event.id)).map((a) => a.satisfaction)).toEqual([4]);
  });

  it('accepts the HTML form and thanks in a page', async () => {
    const { event, byName } = await invitedEvent();
    const response = await app.request(linkPath(event, byName('Eva Dvořáková').id), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        satisfaction: '3',
        usefulness: '4',
        recommend: 'ne',
        comment: 'Delší přestávky\na méně slajdů',
        topics: '',
      }).toString(),
    });
    expect(response.status).toBe(201);
    expect(await response.text()).toContain('Děkujeme za odpovědi');
    expect(await deps.surveys.listAnswers(event.id)).toEqual([
      expect.objectContaining({
        satisfaction: 3,
        usefulness: 4,
        recommend: false,
        comment: 'Delší přestávky\na méně slajdů',
      }),
    ]);
  });

  it('refuses invalid input with Czech errors per field and stores nothing', async () => {
    const { event, byName } = await invitedEvent();
    const path = linkPath(event, byName('Jana Nováková').id);
    const response = await answer(path, {
      satisfaction: 7,
      recommend: 'možná',
      comment: 'x'.repeat(2001),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        { field: 'satisfaction', code: 'too_big', message: 'Vyberte jednu z možností od 1 do 5.' },
        {
          field: 'usefulness',
          code: 'required',
          message: 'Vyberte prosím, jak užitečná pro vás akce byla.',
        },
        {
          field: 'recommend',
          code: 'invalid_type',
          message: 'Vyberte ano, nebo ne (případně nechte nevyplněné).',
        },
        { field: 'comment', code: 'too_long', message: 'Text může mít nejvýše 2 000 znaků.' },
      ],
    });
    const form = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'usefulness=4&comment=Bylo+to+fajn',
    });
    expect(form.status).toBe(400);
    const html = (await form.text()).replace(/\u00a0/g, ' ');
    expect(html).toContain('<title>Chyba: Dotazník spokojenosti');
    expect(html).toContain(
      '<a href="#satisfaction-1">Vyberte prosím, jak jste byli s akcí celkově spokojeni.</a>',
    );
    // What was entered stays.
    expect(html).toMatch(/id="usefulness-4" name="usefulness" value="4" checked=""/);
    expect(html).toContain('>Bylo to fajn</textarea>');
    expect(await deps.surveys.listAnswers(event.id)).toEqual([]);
    expect((await deps.surveys.getInvitation(event.id, byName('Jana Nováková').id))?.answered).toBe(
      false,
    );
  });

  it('refuses links that were not issued for an invitation', async () => {
    const { event, byName } = await invitedEvent();
    const notInvited = await app.request(linkPath(event, '01JBCDEF8KQ3M4N5P6R7S8T9VW'));
    expect(notInvited.status).toBe(404);
    const forged = `${linkPath(event, byName('Jana Nováková').id).slice(0, -3)}abc`;
    expect((await answer(forged, { satisfaction: 5, usefulness: 5 })).status).toBe(404);
  });

  it('stores answers that cannot be traced to the person', async () => {
    const { event, byName } = await invitedEvent();
    for (const [name, satisfaction] of [
      ['Jana Nováková', 5],
      ['Petr Svoboda', 4],
    ] as const) {
      const response = await answer(linkPath(event, byName(name).id), {
        satisfaction,
        usefulness: 3,
        comment: 'Děkuji',
      });
      expect(response.status).toBe(201);
    }
    const raw = await env.clients.dynamo.send(
      new QueryCommand({
        TableName: env.config.TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `EVENT#${event.id}`, ':prefix': 'ANSWER#' },
      }),
    );
    const items = raw.Items ?? [];
    expect(items).toHaveLength(2);
    const registrations = await deps.events.listRegistrations(event.id);
    const personal = registrations.flatMap((r) => [r.id, r.name ?? '', r.email ?? '', r.createdAt]);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        ['pk', 'sk', 'eventId', 'satisfaction', 'usefulness', 'comment', 'answeredOn'].sort(),
      );
      expect(item.answeredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const text = JSON.stringify(item);
      for (const value of personal) expect(text).not.toContain(value);
      // The answer id is random, not time-sortable like the registration ids.
      expect(String(item.sk)).toMatch(/^ANSWER#[A-Za-z0-9_-]{22}$/);
    }
    // The invitation only knows that it was used, not when or how.
    const invitation = await deps.surveys.getInvitation(event.id, byName('Jana Nováková').id);
    expect(invitation).toMatchObject({ answered: true });
    expect(JSON.stringify(invitation)).not.toContain('satisfaction');
  });

  it('shows the organiser averages, a chart with its numbers, comments and the response rate', async () => {
    const { event, byName } = await invitedEvent();
    await answer(linkPath(event, byName('Jana Nováková').id), {
      satisfaction: 5,
      usefulness: 4,
      recommend: true,
      comment: 'Skvělý lektor <b>díky</b>',
    });
    await answer(linkPath(event, byName('Petr Svoboda').id), {
      satisfaction: 4,
      usefulness: 4,
      topics: 'Chatboty pro občany',
    });
    const stranger = await app.request(`/admin/akce/${event.id}/dotaznik`);
    expect(stranger.status).toBe(303);
    const page = await app.request(`/admin/akce/${event.id}/dotaznik`, {
      headers: { authorization: adminHeaders.authorization },
    });
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/\u00a0/g, ' ');
    expect(html).toContain('<strong>2</strong> odpovědi');
    expect(html).toContain('<strong>3</strong> pozvané osoby');
    expect(html).toContain('<strong>67 %</strong> návratnost');
    expect(html).toContain('<strong>4,5 z 5</strong>');
    expect(html).toMatch(
      /<svg role="img" aria-labelledby="spokojenost-graf-title spokojenost-graf-desc"/,
    );
    expect(html).toContain(
      '<title id="spokojenost-graf-title">Rozložení odpovědí: Jak jste byli s akcí celkově spokojeni?</title>',
    );
    expect(html).toContain(
      '<th scope="row">5 – velmi spokojeni</th><td class="num">1</td><td class="num">50 %</td>',
    );
    expect(html).toContain('Skvělý lektor &lt;b&gt;díky&lt;/b&gt;');
    expect(html).toContain('Chatboty pro občany');

    const json = await app.request(`/api/admin/events/${event.id}/survey`, {
      headers: adminHeaders,
    });
    expect(await json.json()).toMatchObject({
      responses: 2,
      invited: 3,
      satisfaction: { average: 4.5, distribution: [0, 0, 0, 1, 1] },
      recommend: { yes: 1, no: 0, unanswered: 1 },
    });
  });
});
