import { randomBytes } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../infra/local/runtime';
import { queues } from '../../shared/resources';
import { recordAttendance } from '../../shared/use-cases/attendance';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { appUnderTest } from '../support/app-under-test';
import { inDays, queueDepth } from '../support/fixtures';
import { pdfPagesText } from '../support/pdf';
import {
  createTestEnvironment,
  sentEmails,
  startTestRuntime,
  type TestEnvironment,
  waitFor,
} from '../support/test-stack';
import { type DeadLetterAlarm, deadLetterAlarm } from './support/dead-letter-alarm';

/*
 * The certificates queue behind the local runtime's poller, with a five-second visibility
 * timeout (longer than a render on a busy machine, so only failures come back): input the PDF cannot show well still makes a certificate, and a message that can
 * never be handled ends in the dead-letter queue, where the alarm the stack defines fires,
 * instead of being retried for ever.
 */

let env: TestEnvironment;
let runtime: Runtime;
let alarm: DeadLetterAlarm;

beforeAll(async () => {
  env = await createTestEnvironment({ visibilityTimeoutSeconds: 5 });
  runtime = await startTestRuntime(env);
  alarm = deadLetterAlarm('certificates');
});

afterAll(async () => {
  await runtime?.stop();
});

it('renders a name with characters the font lacks and a 200-character title, once', async () => {
  let clock = new Date();
  const { deps } = appUnderTest(env, () => clock);
  const title = 'Digitalizace agend obecních úřadů a sdílení dat mezi úřady '
    .repeat(4)
    .slice(0, 200);
  const event = await createEvent(deps, {
    title,
    startsAt: inDays(2),
    endsAt: inDays(2, 3),
    venue: 'online',
    capacity: 5,
    modernTechFocus: true,
  });
  const email = `cjk.${randomBytes(4).toString('hex')}@example.cz`;
  await register(deps, event.id, {
    name: 'Mei 美玲 Nováková 🎓',
    email,
    role: 'citizen',
    consent: true,
  });
  const [registration] = await deps.events.listRegistrations(event.id);
  clock = new Date(Date.parse(event.startsAt) + 60_000);
  await recordAttendance(deps, event.id, { registrationIds: [registration?.id] });
  await env.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: env.queueUrls.certificates,
      MessageBody: JSON.stringify({
        kind: 'issue',
        eventId: event.id,
        registrationId: registration?.id,
      }),
    }),
  );
  const delivered = await waitFor(
    async () => {
      const emails = (await sentEmails(env, email)).filter((e) =>
        e.subject.startsWith('Osvědčení'),
      );
      return emails.length > 0 && emails;
    },
    { what: 'the certificate email' },
  );
  const pdf = Buffer.from(delivered[0]?.attachments[0]?.content ?? '', 'base64');
  const text = (await pdfPagesText(pdf)).join(' ').replace(/\s+/g, ' ');
  expect(text).toContain('Mei \uFFFD\uFFFD Nováková');
  expect(text).toContain('online');
  await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.certificates)) === 0, {
    what: 'the certificates queue to drain',
  });
  expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.certificates)).toBe(0);
  expect(
    (await sentEmails(env, email)).filter((e) => e.subject.startsWith('Osvědčení')),
  ).toHaveLength(1);
});

it('moves a message that always fails to the dead-letter queue after its receives, and the alarm would fire', async () => {
  expect(await alarm.wouldFire(env.clients.sqs, env.deadLetterUrls.certificates)).toBe(false);
  await env.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: env.queueUrls.certificates,
      MessageBody: '{"kind":"issue"',
    }),
  );
  await waitFor(
    async () => (await queueDepth(env.clients.sqs, env.deadLetterUrls.certificates)) === 1,
    {
      what: `the message in the dead-letter queue after ${queues.certificates.maxReceiveCount} receives`,
      timeoutMs: 60_000,
    },
  );
  expect(await queueDepth(env.clients.sqs, env.queueUrls.certificates)).toBe(0);
  expect(await alarm.wouldFire(env.clients.sqs, env.deadLetterUrls.certificates)).toBe(true);
});
