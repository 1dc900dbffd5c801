import { randomBytes } from 'node:crypto';
import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { asFunction } from '../../infra/local/iam/enforce';
import { loadFunction } from '../../infra/local/runtime';
import { createDynamo, createSes } from '../../shared/adapters/clients';
import { keys } from '../../shared/adapters/dynamo/keys';
import { createSentMailRepository } from '../../shared/adapters/sent-mail-repository';
import { createSuppressionRepository } from '../../shared/adapters/suppression-repository';
import { type MailMessage, mailDedupeKey } from '../../shared/domain/mail-message';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { createMailerHandler } from '../../shared/mail/mailer-handler';
import { cancelRegistration } from '../../shared/use-cases/cancel-registration';
import { cancelEvent, createEvent, updateEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { mailerDeps } from '../../shared/wiring';
import { drainMailQueue, useCaseDeps } from '../support/app-under-test';
import { inDays, sqsRecord } from '../support/fixtures';
import {
  createTestEnvironment,
  type SentEmail,
  sentEmails,
  type TestEnvironment,
} from '../support/test-stack';

type MailerModule = typeof import('../../functions/mailer');
type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

let env: TestEnvironment;
let mailer: MailerModule;
let deps: ReturnType<typeof useCaseDeps>;

beforeAll(async () => {
  env = await createTestEnvironment();
  // After the environment: the function reads its configuration when loaded, as in Lambda.
  mailer = await loadFunction<typeof import('../../functions/mailer')>('mailer');
  deps = useCaseDeps(env);
});

let recordCount = 0;
function record(body: unknown, messageId = `msg-${++recordCount}`): SQSRecord {
  return sqsRecord(typeof body === 'string' ? body : JSON.stringify(body), messageId, 'mail');
}

const uniqueAddress = (label: string) => `${label}.${randomBytes(4).toString('hex')}@example.cz`;

async function newEvent(overrides: Record<string, unknown> = {}) {
  return createEvent(deps, {
    title: 'Umělá inteligence v práci úřadu',
    startsAt: inDays(10),
    endsAt: inDays(10, 3),
    venue: 'Krajský úřad, Liberec',
    capacity: 5,
    modernTechFocus: true,
    ...overrides,
  });
}

/** Registers one person and returns the mail message the registration queued. */
async function registerPerson(
  eventId: string,
  email: string,
): Promise<MailMessage & { registrationId: string }> {
  await drainMailQueue(env);
  await register(deps, eventId, { name: 'Jana Nováková', email, role: 'citizen', consent: true });
  const [message, ...rest] = await drainMailQueue(env);
  expect(rest).toEqual([]);
  if (!message || message.kind === 'indicator-export') throw new Error('no registration message');
  return message;
}

function attachment(email: SentEmail, contentType: string) {
  return email.attachments.find((a) => a.contentType.startsWith(contentType));
}

function decoded(content: string): string {
  return Buffer.from(content, 'base64').toString('utf8');
}

describe('mailer', () => {
  it('sends the confirmation with text, HTML, inline QR code and .ics through SES', async () => {
    const event = await newEvent();
    const to = uniqueAddress('potvrzeni');
    const message = await registerPerson(event.id, to);
    expect(message.kind).toBe('registration-confirmed');

    const result = await mailer.handler({ Records: [record(message)] });
    expect(result.batchItemFailures).toEqual([]);

    const [email, ...others] = await sentEmails(env, to);
    expect(others).toEqual([]);
    if (!email) throw new Error('no email');
    expect(email.subject).toBe('Registrace potvrzena: Umělá inteligence v práci úřadu');
    expect(email.from).toContain(env.config.MAIL_FROM);
    expect(email.body.text).toContain('Dobrý den,');
    expect(email.body.text).toContain(`${env.config.PUBLIC_BASE_URL}/zruseni/`);
    expect(email.body.html).toContain('<html lang="cs">');
    expect(email.body.html).toContain(`${env.config.PUBLIC_BASE_URL}/zruseni/`);

    const ics = attachment(email, 'text/calendar');
    if (!ics) throw new Error('no .ics attachment');
    const calendar = decoded(ics.content);
    expect(calendar).toContain('BEGIN:VCALENDAR');
    expect(calendar).toContain('METHOD:PUBLISH');
    expect(calendar).toContain(`UID:event-${event.id}@chytra-skoleni.cz`);
    expect(calendar).toContain('SEQUENCE:0');
    expect(calendar).toContain('BEGIN:VALARM');

    const qr = attachment(email, 'image/png');
    if (!qr) throw new Error('no QR image');
    expect(Buffer.from(qr.content, 'base64').subarray(1, 4).toString('ascii')).toBe('PNG');

    // The SES MessageId is recorded for bounce handling, the send as done.
    const sent = await env.clients.dynamo.send(
      new GetCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.sentMail(mailDedupeKey(message)),
      }),
    );
    expect(sent.Item).toMatchObject({ state: 'sent', sesMessageId: email.messageId });
    expect(sent.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 80 * 86_400);
    const mapping = await env.clients.dynamo.send(
      new GetCommand({ TableName: env.config.TABLE_NAME, Key: keys.sesMessage(email.messageId) }),
    );
    expect(mapping.Item).toMatchObject({
      eventId: event.id,
      registrationId: message.registrationId,
    });
  });

  it('sends one email for a message delivered twice or queued twice', async () => {
    const event = await newEvent();
    const to = uniqueAddress('dvakrat');
    const message = await registerPerson(event.id, to);
    const delivery = record(message);
    expect((await mailer.handler({ Records: [delivery] })).batchItemFailures).toEqual([]);
    expect((await mailer.handler({ Records: [delivery] })).batchItemFailures).toEqual([]);
    // Queued twice: another SQS message with the same body, even within one batch.
    const again = await mailer.handler({ Records: [record(message), record(message)] });
    expect(again.batchItemFailures).toEqual([]);
    expect(await sentEmails(env, to)).toHaveLength(1);
  });

  it('leaves a live claim alone (retry later) and takes over one whose lease expired', async () => {
    const event = await newEvent();
    const to = uniqueAddress('zamek');
    const message = await registerPerson(event.id, to);
    const key = mailDedupeKey(message);
    const sentMail = createSentMailRepository(env.clients.dynamo, env.config.TABLE_NAME);
    // Another container claimed the email and is (or was) sending it.
    expect(
      await sentMail.claim(key, {
        nowMs: Date.now(),
        leaseMs: 60_000,
        ref: { kind: message.kind },
      }),
    ).toBe('claimed');
    const delivery = record(message);
    expect((await mailer.handler({ Records: [delivery] })).batchItemFailures).toEqual([
      { itemIdentifier: delivery.messageId },
    ]);
    expect(await sentEmails(env, to)).toEqual([]);

    // That container died before sending: once the lease is over, the redelivery sends.
    await env.clients.dynamo.send(
      new UpdateCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.sentMail(key),
        UpdateExpression: 'SET leaseUntil = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );
    expect((await mailer.handler({ Records: [delivery] })).batchItemFailures).toEqual([]);
    expect(await sentEmails(env, to)).toHaveLength(1);
  });

  it('fails only the invalid messages of a batch; the valid ones are sent', async () => {
    const event = await newEvent();
    const to = uniqueAddress('davka');
    const message = await registerPerson(event.id, to);
    const notJson = record('{"kind": ', 'bad-json');
    const unknownKind = record({ kind: 'spam', eventId: event.id }, 'bad-kind');
    const missingField = record(
      { kind: 'reminder', eventId: event.id, registrationId: 'x' },
      'bad-field',
    );
    const result = await mailer.handler({
      Records: [notJson, record(message, 'good'), unknownKind, missingField],
    });
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      'bad-field',
      'bad-json',
      'bad-kind',
    ]);
    expect(await sentEmails(env, to)).toHaveLength(1);
  });

  it('retries SES throttling with back-off and sends exactly once', async () => {
    const event = await newEvent();
    const to = uniqueAddress('throttle');
    const message = await registerPerson(event.id, to);

    const clients = asFunction('mailer', () => ({
      dynamo: createDynamo(env.config),
      ses: createSes(env.config),
    }));
    const ses = clients.ses;
    const realSend = ses.send.bind(ses);
    let calls = 0;
    let throttleNext = 2;
    ses.send = (async (...args: Parameters<typeof realSend>) => {
      calls++;
      if (throttleNext > 0) {
        throttleNext--;
        throw new TooManyRequestsException({
          message: 'Maximum sending rate exceeded.',
          $metadata: { httpStatusCode: 429 },
        });
      }
      return realSend(...args);
    }) as typeof ses.send;
    const handler: Handler = createMailerHandler(mailerDeps(env.config, clients));

    expect((await handler({ Records: [record(message)] })).batchItemFailures).toEqual([]);
    expect(calls).toBe(3);
    expect(await sentEmails(env, to)).toHaveLength(1);

    // Throttled beyond the retries: the item fails and its claim is released for the retry.
    const second = await registerPerson(event.id, uniqueAddress('throttle-long'));
    throttleNext = 100;
    calls = 0;
    const delivery = record(second);
    const failed = await handler({ Records: [delivery] });
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: delivery.messageId }]);
    expect(calls).toBe(4);
    const claim = await env.clients.dynamo.send(
      new GetCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.sentMail(mailDedupeKey(second)),
      }),
    );
    expect(claim.Item).toBeUndefined();
    throttleNext = 0;
    expect((await handler({ Records: [delivery] })).batchItemFailures).toEqual([]);
    expect((await handler({ Records: [delivery] })).batchItemFailures).toEqual([]);
    const registration = await deps.events.getRegistration(event.id, second.registrationId);
    expect(await sentEmails(env, registration?.email)).toHaveLength(1);
  });

  it('skips messages that no longer apply, without failing them', async () => {
    const event = await newEvent();
    const cancelledTo = uniqueAddress('zruseny');
    const cancelled = await registerPerson(event.id, cancelledTo);
    await cancelRegistration(deps, event.id, cancelled.registrationId);
    await drainMailQueue(env);
    const reminder: MailMessage = {
      kind: 'reminder',
      eventId: event.id,
      registrationId: cancelled.registrationId,
      offsetHours: 24,
      startsAt: event.startsAt,
    };

    const purgedTo = uniqueAddress('smazany');
    const purged = await registerPerson(event.id, purgedTo);
    await env.clients.dynamo.send(
      new UpdateCommand({
        TableName: env.config.TABLE_NAME,
        Key: keys.registration(event.id, purged.registrationId),
        UpdateExpression: 'REMOVE #name, email',
        ExpressionAttributeNames: { '#name': 'name' },
      }),
    );

    const suppressedTo = uniqueAddress('blokovany');
    const suppressed = await registerPerson(event.id, suppressedTo);
    await createSuppressionRepository(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      createAddressHasher(env.config.hashingSecret),
    ).suppress(suppressedTo, { reason: 'bounce', at: new Date().toISOString() });

    const result = await mailer.handler({
      Records: [record(reminder), record(purged), record(suppressed)],
    });
    expect(result.batchItemFailures).toEqual([]);
    expect(await sentEmails(env, cancelledTo)).toEqual([]);
    expect(await sentEmails(env, purgedTo)).toEqual([]);
    expect(await sentEmails(env, suppressedTo)).toEqual([]);

    // The cancellation itself is confirmed, though: that message applies to a cancelled person.
    const confirmation: MailMessage = {
      kind: 'registration-cancelled',
      eventId: event.id,
      registrationId: cancelled.registrationId,
    };
    expect((await mailer.handler({ Records: [record(confirmation)] })).batchItemFailures).toEqual(
      [],
    );
    const [sent] = await sentEmails(env, cancelledTo);
    expect(sent?.subject).toBe('Registrace zrušena: Umělá inteligence v práci úřadu');
  });

  it('tells a person still waiting that the list closed, and nobody who got a seat', async () => {
    const event = await newEvent({ capacity: 1 });
    const seatedTo = uniqueAddress('usazeny');
    const seated = await registerPerson(event.id, seatedTo);
    const waitingTo = uniqueAddress('cekajici');
    const waiting = await registerPerson(event.id, waitingTo);
    expect(waiting.kind).toBe('registration-waitlisted');
    const closed = (registrationId: string): MailMessage => ({
      kind: 'waitlist-closed',
      eventId: event.id,
      registrationId,
    });
    const result = await mailer.handler({
      Records: [record(closed(waiting.registrationId)), record(closed(seated.registrationId))],
    });
    expect(result.batchItemFailures).toEqual([]);
    const [sent, ...more] = await sentEmails(env, waitingTo);
    expect(more).toEqual([]);
    expect(sent?.subject).toBe('Na akci se už místo neuvolnilo: Umělá inteligence v práci úřadu');
    expect(sent?.body.text).toContain('čekací listina tím končí');
    expect(await sentEmails(env, seatedTo)).toHaveLength(0);
  });

  it('tells about a change with an updated .ics and a cancellation with METHOD:CANCEL', async () => {
    const event = await newEvent({ capacity: 1 });
    const to = uniqueAddress('zmena');
    const confirmed = await registerPerson(event.id, to);
    const waitingTo = uniqueAddress('cekatel');
    const waiting = await registerPerson(event.id, waitingTo);
    expect(waiting.kind).toBe('registration-waitlisted');
    await mailer.handler({ Records: [record(confirmed), record(waiting)] });
    const [waitlisted] = await sentEmails(env, waitingTo);
    expect(waitlisted?.subject).toBe('Jste na čekací listině: Umělá inteligence v práci úřadu');
    expect(waitlisted?.attachments).toEqual([]);

    await updateEvent({ ...deps, promote: async () => 0 }, event.id, {
      title: event.title,
      startsAt: inDays(12),
      endsAt: inDays(12, 2),
      venue: 'Jablonec nad Nisou',
      capacity: 1,
      modernTechFocus: true,
    });
    const changes = await drainMailQueue(env);
    expect(changes).toHaveLength(2);
    const changeFor = (registrationId: string) => {
      const found = changes.find(
        (m) => m.kind === 'event-changed' && m.registrationId === registrationId,
      );
      if (!found) throw new Error('no change message');
      return found;
    };
    const delivered = await mailer.handler({
      Records: [record(changeFor(confirmed.registrationId))],
    });
    expect(delivered.batchItemFailures).toEqual([]);
    const changed = (await sentEmails(env, to)).find((e) => e.subject.startsWith('Změna'));
    if (!changed) throw new Error('no change email');
    expect(changed.subject).toBe('Změna termínu a místa: Umělá inteligence v práci úřadu');
    expect(changed.body.text).toContain('Místo: Jablonec nad Nisou');
    // What it was before the change, carried by the notice, and what it is now.
    expect(changed.body.text).toMatch(/Původně: .+, Krajský úřad/);
    expect(changed.body.text).toMatch(/Nově: .+, Jablonec nad Nisou/);
    const changedIcs = decoded(attachment(changed, 'text/calendar')?.content ?? '');
    expect(changedIcs).toContain('SEQUENCE:1');
    expect(changedIcs).toContain('LOCATION:Jablonec nad Nisou');

    await cancelEvent(deps, event.id);
    const cancellations = await drainMailQueue(env);
    expect(cancellations).toHaveLength(2);
    // The waiting person's change notice, still queued when the event was cancelled, is
    // superseded by the cancellation: only the cancellation reaches them.
    const result = await mailer.handler({
      Records: [record(changeFor(waiting.registrationId)), ...cancellations.map((m) => record(m))],
    });
    expect(result.batchItemFailures).toEqual([]);
    const emails = await sentEmails(env, to);
    const cancelledEmail = emails.find((e) => e.subject.startsWith('Akce zrušena'));
    if (!cancelledEmail) throw new Error('no cancellation email');
    const cancelIcs = decoded(attachment(cancelledEmail, 'text/calendar')?.content ?? '');
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain(`UID:event-${event.id}@chytra-skoleni.cz`);
    expect(cancelIcs).toContain('SEQUENCE:2');
    const subjects = (list: SentEmail[]) => list.map((e) => e.subject.split(':')[0]).sort();
    expect(subjects(emails)).toEqual([
      'Akce zrušena',
      'Registrace potvrzena',
      'Změna termínu a místa',
    ]);
    expect(subjects(await sentEmails(env, waitingTo))).toEqual([
      'Akce zrušena',
      'Jste na čekací listině',
    ]);
  });

  it('sends reminders and survey links', async () => {
    const event = await newEvent({ startsAt: inDays(1, 2), endsAt: inDays(1, 4) });
    const to = uniqueAddress('pripominka');
    const registration = await registerPerson(event.id, to);
    await mailer.handler({
      Records: [
        record({
          kind: 'reminder',
          eventId: event.id,
          registrationId: registration.registrationId,
          offsetHours: 1,
          startsAt: event.startsAt,
        }),
        record({
          kind: 'survey-invitation',
          eventId: event.id,
          registrationId: registration.registrationId,
        }),
      ],
    });
    const emails = await sentEmails(env, to);
    const reminder = emails.find((e) => e.subject.startsWith('Připomínka'));
    expect(reminder?.subject).toMatch(/Umělá inteligence v práci úřadu (už zítra|za 2 dny)$/);
    expect(reminder && attachment(reminder, 'text/calendar')).toBeDefined();
    const survey = emails.find((e) => e.subject.startsWith('Jak se vám akce líbila'));
    expect(survey?.body.text).toContain(`${env.config.PUBLIC_BASE_URL}/dotaznik/`);
  });

  it('emails the indicator export with the CSV its message carries, and fails visibly without it', async () => {
    const recipient = uniqueAddress('indikatory');
    const csvKey = `indicators/2025/${randomBytes(4).toString('hex')}.csv`;
    const csv = '\uFEFFUkazatel;Hodnota\r\nPočet akcí;12\r\n';
    const message: MailMessage = {
      kind: 'indicator-export',
      recipient,
      year: 2025,
      csvKey,
      generatedAt: '2025-11-03T01:00:00.000Z',
      csv,
    };
    expect((await mailer.handler({ Records: [record(message)] })).batchItemFailures).toEqual([]);
    const [email] = await sentEmails(env, recipient);
    expect(email?.subject).toBe('Export ukazatelů za rok 2025');
    const file = email && attachment(email, 'text/csv');
    expect(file?.filename).toBe('indikatory-2025-2025-11-03.csv');
    expect(Buffer.from(file?.content ?? '', 'base64').toString('utf8')).toBe(csv);

    // A message from before the files travelled with it: the mailer has nothing to attach.
    const { csv: _, ...withoutFile } = message;
    const missing = record({ ...withoutFile, recipient: uniqueAddress('nic') });
    expect((await mailer.handler({ Records: [missing] })).batchItemFailures).toEqual([
      { itemIdentifier: missing.messageId },
    ]);
  });
});
