import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFunction } from '../../infra/local/runtime';
import { type SupervisedRuntime, superviseRuntimeProcess } from '../../infra/local/runtime-process';
import type { Registration } from '../../shared/domain/registration';
import { surveySchedule } from '../../shared/domain/survey';
import type { QueueName } from '../../shared/resources';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
import { surveyUrl } from '../../shared/web/links';
import { adminHeaders, useCaseDeps } from '../support/app-under-test';
import { queueDepth } from '../support/fixtures';
import { createTestEnvironment, type TestEnvironment, waitFor } from '../support/test-stack';
import {
  registerOverHttp,
  unfinishedSends,
  uniqueAddress,
  withSettings,
} from './support/environment';
import { byRecipient, emailsTo, kindOfSubject } from './support/mail-store';
import { type SesFaultProxy, startSesFaultProxy } from './support/ses-fault-proxy';

/*
 * The local runtime (HTTP, queue pollers, mailer) runs in a child process, apart from the
 * emulators, supervised as `npm start` runs it. It is killed with SIGKILL while the mailer is in
 * the middle of a batch and HTTP requests are open; the supervisor starts it again.
 *
 * What the design guarantees, and so what is asserted:
 * - A registration, attendance mark or survey answer that was answered 2xx is stored: the write
 *   comes before the answer.
 * - Every email whose message was queued is sent: a message the dead runtime had received comes
 *   back after the visibility timeout; a claim it left expires after its lease.
 * - Exactly once, except for the emails that were being sent at the moment of the kill (their
 *   claim was still 'sending'): SES may have taken one before the runtime died, and its
 *   redelivery sends it again. Those may arrive twice, never more.
 * - A request cut off by the kill had no answer, so its client tries again: the retry finds what
 *   was stored (one registration, one answer) and the person hears about it by email.
 */

const HOUR = 3_600_000;
const visibilityTimeoutSeconds = 3;
const registrations = 60;
/** Each send is held this long at the SES proxy, so that batches take a while. */
const sendDelayMs = 100;

let env: TestEnvironment;
let deps: ReturnType<typeof useCaseDeps>;
let proxy: SesFaultProxy;
let runtime: SupervisedRuntime | undefined;
/** What the supervisor reports: exits and restarts. */
const supervisorLog: string[] = [];

beforeAll(async () => {
  const base = await createTestEnvironment({ visibilityTimeoutSeconds });
  proxy = await startSesFaultProxy(base.endpoints.ses, { delayMs: sendDelayMs });
  env = withSettings(base, {
    AWS_ENDPOINT_URL_SESV2: proxy.url,
    // A claim left by the killed runtime expires before the redelivery, as in AWS, where the
    // lease (two function timeouts) is a third of the visibility timeout.
    MAIL_CLAIM_LEASE_SECONDS: '1',
  });
  deps = useCaseDeps(env);
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

afterAll(async () => {
  await runtime?.stop();
  await proxy?.close();
  vi.restoreAllMocks();
});

interface Attempt {
  what: 'registration' | 'attendance' | 'answer';
  key: string;
  send: (baseUrl: string) => Promise<number>;
  status?: number;
}

/** A request's HTTP status, or 0 when the connection broke (no answer at all). */
async function statusOf(request: Promise<Response>): Promise<number> {
  try {
    const response = await request;
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

describe('runtime killed with SIGKILL in the middle of a batch, started again by its supervisor', () => {
  it('loses no acknowledged registration, attendance mark or answer, and sends every queued email (twice at most for the sends cut off)', async () => {
    // An event that was held: eight people, invited to the survey (their invitations and
    // confirmations wait on the mail queue).
    const now = Date.now();
    const held = await createEvent(deps, {
      title: 'Sdílené služby obcí',
      startsAt: new Date(now + 48 * HOUR).toISOString(),
      endsAt: new Date(now + 51 * HOUR).toISOString(),
      venue: 'Obecní úřad Chrastava',
      capacity: 10,
      modernTechFocus: true,
    });
    for (let i = 0; i < 8; i++) {
      await register(deps, held.id, {
        name: `Účastník ${i}`,
        email: uniqueAddress(`byl-tam-${i}`),
        role: 'citizen',
        consent: true,
      });
    }
    const surveys = (await loadFunction<typeof import('../../functions/surveys')>('surveys'))
      .handler;
    await surveys({ time: surveySchedule(held).opensAt });
    const heldPeople = await deps.events.listRegistrations(held.id);

    const open = await createEvent(deps, {
      title: 'Otevřená data krok za krokem',
      startsAt: new Date(now + 240 * HOUR).toISOString(),
      endsAt: new Date(now + 243 * HOUR).toISOString(),
      venue: 'Krajský úřad Libereckého kraje, Liberec',
      capacity: 25,
      waitlistCapacity: registrations,
      modernTechFocus: true,
    });
    const startedAt = Date.now();

    const registrationAttempts = Array.from({ length: registrations }, (_, i): Attempt => {
      const email = uniqueAddress(`pad-${i}`);
      return {
        what: 'registration',
        key: email,
        send: async (url) => (await registerOverHttp(url, open.id, email)).httpStatus,
      };
    });
    const heldAttempts = heldPeople.flatMap((person): Attempt[] => [
      {
        what: 'attendance',
        key: person.id,
        send: (url) =>
          statusOf(
            fetch(`${url}/api/admin/events/${held.id}/attendance`, {
              method: 'POST',
              headers: adminHeaders,
              body: JSON.stringify({ registrationIds: [person.id] }),
            }),
          ),
      },
      {
        what: 'answer',
        key: person.id,
        send: (url) =>
          statusOf(
            fetch(
              `${url}${new URL(surveyUrl({ publicBaseUrl: url, linkSecret: env.config.LINK_SIGNING_SECRET }, held, person.id)).pathname}`,
              {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ satisfaction: 4, usefulness: 5 }),
              },
            ),
          ),
      },
    ]);
    // Mixed, so that every kind of request is under way around the kill.
    const attempts = registrationAttempts.flatMap((attempt, i) =>
      i % 4 === 3 ? [attempt, ...heldAttempts.splice(0, 1)] : [attempt],
    );
    attempts.push(...heldAttempts);

    // Supervised as `npm start` runs it: a runtime process that dies is started again.
    runtime = await superviseRuntimeProcess(
      {
        environment: env.environment,
        httpPort: env.httpPort,
        queueUrls: env.queueUrls as Record<QueueName, string>,
        region: env.config.AWS_REGION,
        schedules: false,
        iam: env.iam,
      },
      (line) => supervisorLog.push(line),
      // The mailer writes a JSON line per email.
      { stdout: 'ignore' },
    );
    const { url } = runtime;
    const firstPid = runtime.pid();

    // The mailer gets going on the queued invitations; then eight clients at a time, each taking
    // the next request. The kill comes when enough requests were answered and a send is on its
    // way to SES, with requests still open.
    await waitFor(async () => proxy.totals().sent >= 5, {
      timeoutMs: 60_000,
      what: 'the first emails',
    });
    let next = 0;
    const clients = Array.from({ length: 8 }, async () => {
      while (next < attempts.length) {
        const attempt = attempts[next++] as Attempt;
        attempt.status = await attempt.send(url);
      }
    });
    await waitFor(async () => attempts.filter((a) => a.status !== undefined).length >= 20, {
      timeoutMs: 60_000,
      what: 'the first answers',
    });
    // Sends from now on wait at the proxy: the kill surely finds the mailer inside SendEmail.
    proxy.plan.delayMs = 600_000;
    await waitFor(async () => proxy.inFlight() > 0, { what: 'a send in flight' });
    process.kill(firstPid as number, 'SIGKILL');
    await waitFor(async () => supervisorLog.some((line) => line.includes('(SIGKILL)')), {
      what: 'the supervisor to see the runtime die',
    });
    // Cut off: sends whose claim is still 'sending' (taken before the restart can claim anything).
    const cutOffSends = await unfinishedSends(env);
    const sentBeforeKill = proxy.totals().sent;
    // Work was left: messages on the queue, visible again or still in the dead runtime's hands.
    expect(await queueDepth(env.clients.sqs, env.queueUrls.mail)).toBeGreaterThan(0);
    await Promise.all(clients);
    const unanswered = attempts.filter((a) => a.status === 0);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(cutOffSends.length).toBeGreaterThan(0);

    proxy.plan.delayMs = sendDelayMs;
    // Started again by the supervisor, on the same address; the cut-off clients try again.
    await waitFor(async () => supervisorLog.some((line) => line.includes('running again')), {
      timeoutMs: 60_000,
      what: 'the supervisor to start the runtime again',
    });
    expect(runtime.pid()).not.toBe(firstPid);
    for (const attempt of unanswered) attempt.status = await attempt.send(url);

    await waitFor(
      async () =>
        (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0 &&
        (await unfinishedSends(env)).length === 0,
      { timeoutMs: 90_000, what: 'every queued email to be sent' },
    );
    // A registration stored just before the kill cut its request off, its email not yet queued:
    // only the mail outbox knows of it, and its sweep (as of its next run after the grace period)
    // queues it. The retry's "already registered" note is no substitute for the confirmation.
    const outbox = (await import('../../functions/mail-outbox')).handler;
    await outbox({ time: new Date(Date.now() + 16 * 60_000).toISOString() });
    await waitFor(
      async () =>
        (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0 &&
        (await unfinishedSends(env)).length === 0,
      { timeoutMs: 60_000, what: 'the emails the outbox sweep queued' },
    );
    expect(proxy.totals().sent).toBeGreaterThan(sentBeforeKill);
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);

    // Stored: every registration that was answered, and each person only once.
    const stored = await deps.events.listRegistrations(open.id);
    const storedByEmail = new Map(stored.map((r) => [r.email, r]));
    expect(registrationAttempts.filter((a) => a.status !== 201)).toEqual([]);
    expect(stored).toHaveLength(registrations);
    expect(registrationAttempts.filter((a) => !storedByEmail.has(a.key))).toEqual([]);
    expect(await deps.events.getEvent(open.id)).toMatchObject({
      confirmedCount: 25,
      waitlistedCount: registrations - 25,
    });

    // Attendance and answers: each one stored, once.
    const heldNow = await deps.events.listRegistrations(held.id);
    expect(attempts.filter((a) => a.what === 'attendance' && a.status !== 200)).toEqual([]);
    expect(heldNow.filter((r) => !r.attendedAt)).toEqual([]);
    const answers = attempts.filter((a) => a.what === 'answer');
    // 409 only for a retry whose first try was stored before the kill cut its answer off.
    expect(
      answers.filter((a) => a.status !== 201 && !(a.status === 409 && unanswered.includes(a))),
    ).toEqual([]);
    expect(await deps.surveys.listAnswers(held.id)).toHaveLength(heldPeople.length);

    // Emails: each person got what their registration calls for; twice only if cut off.
    const mayRepeat = new Set(cutOffSends.map((s) => `${s.kind}#${s.registrationId}`));
    const everyone: Registration[] = [...stored, ...heldNow];
    const emails = byRecipient(
      await emailsTo(env, new Set(everyone.map((r) => r.email ?? '')), startedAt - 60_000),
    );
    const problems = everyone.flatMap((registration) => {
      const title = registration.eventId === held.id ? held.title : open.title;
      const kinds = (emails.get(registration.email ?? '') ?? []).map(
        (e) => kindOfSubject(e.subject, title) ?? e.subject,
      );
      const expected =
        registration.eventId === held.id
          ? ['registration-confirmed', 'survey-invitation']
          : [`registration-${registration.status}`];
      const counts = new Map<string, number>();
      for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const wrong: string[] = [];
      for (const kind of expected) {
        const count = counts.get(kind) ?? 0;
        const limit = mayRepeat.has(`${kind}#${registration.id}`) ? 2 : 1;
        if (count < 1 || count > limit) wrong.push(`${kind}×${count}`);
      }
      for (const kind of counts.keys()) {
        if (!expected.includes(kind) && kind !== 'duplicate-registration') {
          wrong.push(`unexpected ${kind}`);
        }
      }
      return wrong.length ? [{ email: registration.email, wrong, kinds }] : [];
    });
    expect(problems, supervisorLog.join('\n')).toEqual([]);
  }, 180_000);
});
