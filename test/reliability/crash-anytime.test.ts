import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redriveDeadLetters } from '../../infra/local/redrive';
import {
  type JobResultMessage,
  type RunJobMessage,
  type RuntimeProcess,
  spawnRuntimeProcess,
} from '../../infra/local/runtime-process';
import type { Registration } from '../../shared/domain/registration';
import type { JobName, QueueName } from '../../shared/resources';
import { createEvent } from '../../shared/use-cases/manage-events';
import { register } from '../../shared/use-cases/register';
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
import { seededRandom } from './support/shuffle';

/*
 * The runtime (HTTP, queue pollers, mailer, jobs) killed with SIGKILL at moments picked at
 * random from a printed seed (CRASH_TEST_SEED repeats a run): during a registration burst,
 * during a reminder sweep, during a mail batch and during an event cancellation that notifies
 * everyone. After each kill it is started again at once. At the end comes the recovery an
 * installation gets on its own: redelivery after the visibility timeout, then the scheduled
 * sweeps, run here as of a later moment (`npm run job -- … --at …`) instead of waiting for it.
 *
 * A message that several kills in a row caught used up its receives and waits in the
 * dead-letter queue; its alarm fires and the operator redrives it, as the recovery does here.
 *
 * Then every stored registration has exactly the emails it is owed: never none, and one more
 * copy only for each send a kill cut off inside SES (its claim was left 'sending'). Requests the kill cut
 * off are not retried, as in a burst of people who close the page, except the organiser's
 * cancellation, which the organiser repeats when the page shows an error. A registration stored
 * by a request the kill cut off after its write owes its email all the same: only the mail
 * outbox, written in the registration's own transaction, knows of it.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const visibilityTimeoutSeconds = 6;

const seed = Number(process.env.CRASH_TEST_SEED ?? randomInt(2 ** 31));
const random = seededRandom(seed);
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

type MomentKind = 'registration burst' | 'reminder sweep' | 'mail batch' | 'event cancellation';
const killsPerKind: Record<MomentKind, number> = {
  'registration burst': 6,
  'reminder sweep': 5,
  'mail batch': 5,
  'event cancellation': 5,
};

interface TrackedEvent {
  id: string;
  title: string;
  kind: MomentKind;
}

let env: TestEnvironment;
let deps: ReturnType<typeof useCaseDeps>;
let proxy: SesFaultProxy;
let runtime: RuntimeProcess | undefined;
const events: TrackedEvent[] = [];
/**
 * Per `kind#registrationId`, the claims (leases) of the sends a kill cut off: SES may have taken
 * each of them before the kill, so each allows one more copy. Kills in a row can cut off the
 * same email's send more than once; a claim still held from an earlier kill counts once.
 */
const cutOff = new Map<string, Set<number | undefined>>();
const killLog: string[] = [];

/** Starts a runtime process; callers that need it serving await `live()`. */
function startRuntimeProcess(): void {
  runtime = spawnRuntimeProcess(
    {
      environment: env.environment,
      httpPort: env.httpPort,
      queueUrls: env.queueUrls as Record<QueueName, string>,
      region: env.config.AWS_REGION,
      schedules: false,
    },
    // The mailer writes a JSON line per email.
    { stdout: 'ignore' },
  );
}

/** The runtime's URL once it serves. */
function live(): Promise<string> {
  return (runtime as RuntimeProcess).ready;
}

/** SIGKILL, note what it cut off, start again at once (the next round sets up meanwhile). */
async function kill(kind: MomentKind, moment: string): Promise<void> {
  const dying = runtime as RuntimeProcess;
  process.kill(dying.child.pid as number, 'SIGKILL');
  await dying.exited;
  for (const send of await unfinishedSends(env)) {
    const key = `${send.kind}#${send.registrationId}`;
    cutOff.set(key, (cutOff.get(key) ?? new Set()).add(send.leaseUntil));
  }
  killLog.push(`${kind}: ${moment}`);
  startRuntimeProcess();
}

/** Asks the runtime to run a job as its schedule would; the answer may never come (a kill). */
function runJobInRuntime(name: JobName, at: Date): Promise<JobResultMessage> {
  const child = (runtime as RuntimeProcess).child;
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const result = message as JobResultMessage;
      if ((result.type === 'job-done' || result.type === 'job-failed') && result.name === name) {
        child.off('message', onMessage);
        resolve(result);
      }
    };
    child.on('message', onMessage);
    child.send({ type: 'run-job', name, at: at.toISOString() } satisfies RunJobMessage);
  });
}

async function settled(what: string): Promise<void> {
  try {
    await waitFor(
      async () =>
        (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0 &&
        (await unfinishedSends(env)).length === 0,
      { timeoutMs: 30_000, what },
    );
  } catch (error) {
    const state = {
      queued: await queueDepth(env.clients.sqs, env.queueUrls.mail),
      deadLettered: await queueDepth(env.clients.sqs, env.deadLetterUrls.mail),
      unfinished: await unfinishedSends(env),
    };
    throw new Error(`${(error as Error).message}: ${JSON.stringify(state)}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newEvent(kind: MomentKind, capacity: number, startsInDays: number) {
  const title = `${kind} ${events.length + 1}: Kybernetická bezpečnost obcí`;
  const startsAt = Date.now() + startsInDays * DAY;
  const event = await createEvent(deps, {
    title,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 3 * HOUR).toISOString(),
    venue: 'Krajský úřad Libereckého kraje, Liberec',
    capacity,
    modernTechFocus: true,
  });
  events.push({ id: event.id, title, kind });
  return event;
}

/** Registers people, four at a time (their emails queued as usual); their addresses. */
async function registerMany(eventId: string, count: number, label: string): Promise<string[]> {
  const addresses = Array.from({ length: count }, (_, i) => uniqueAddress(`${label}-${i}`));
  let next = 0;
  const registerNext = async () => {
    while (next < addresses.length) {
      const i = next++;
      const email = addresses[i] as string;
      await register(deps, eventId, {
        name: `Účastník ${i}`,
        email,
        role: 'citizen',
        consent: true,
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, registerNext));
  return addresses;
}

beforeAll(async () => {
  console.info(`Crash test seed ${seed} (CRASH_TEST_SEED=${seed} repeats these kill moments)`);
  const base = await createTestEnvironment({ visibilityTimeoutSeconds });
  // Each send is held a little at the proxy, so that kills land inside SendEmail too.
  proxy = await startSesFaultProxy(base.endpoints.ses, { delayMs: 25 });
  env = withSettings(base, {
    AWS_ENDPOINT_URL_SESV2: proxy.url,
    // Below the visibility timeout, as in AWS: a claim the killed runtime left has expired when
    // its message comes back.
    MAIL_CLAIM_LEASE_SECONDS: '3',
  });
  deps = useCaseDeps(env);
  startRuntimeProcess();
  await live();
});

afterAll(async () => {
  if (runtime && runtime.child.exitCode === null && runtime.child.signalCode === null) {
    runtime.child.kill('SIGTERM');
    await runtime.exited;
  }
  await proxy?.close();
});

describe('runtime killed with SIGKILL at random moments, started again each time', () => {
  it('gives every stored registration each email it is owed: never none, a second copy only for each send cut off inside SES', async () => {
    const startedAt = Date.now();
    const phaseTimes: string[] = [];
    let phaseStart = Date.now();
    const phaseDone = (name: string) => {
      phaseTimes.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
      console.info(`Crash test: ${phaseTimes.at(-1)}`);
      phaseStart = Date.now();
    };

    // The events whose sweep or cancellation is interrupted later get their people first, and
    // their confirmations go out before any kill: a confirmation still queued when its event is
    // cancelled is rightly never sent, which would leave what is owed to chance.
    const cancelledEvents: string[] = [];
    const confirmed: string[] = [];
    for (let round = 0; round < killsPerKind['reminder sweep']; round++) {
      const event = await newEvent('reminder sweep', 30, 8);
      confirmed.push(...(await registerMany(event.id, 6, `reminder-${round}`)));
    }
    for (let round = 0; round < killsPerKind['event cancellation']; round++) {
      const event = await newEvent('event cancellation', 4, 30);
      cancelledEvents.push(event.id);
      confirmed.push(...(await registerMany(event.id, 6, `cancel-${round}`)));
    }
    await waitFor(
      async () => confirmed.every((address) => (proxy.stats.get(address)?.sent ?? 0) > 0),
      { timeoutMs: 60_000, what: 'the first emails' },
    );
    phaseDone('set-up');

    // Registration bursts over HTTP: 16 people for 10 seats, killed after a random number of
    // answers and a random delay, with requests still open.
    for (let round = 0; round < killsPerKind['registration burst']; round++) {
      const event = await newEvent('registration burst', 10, 30);
      const url = await live();
      const answered = between(0, 8);
      const delayMs = between(0, 80);
      let count = 0;
      const answers: Promise<unknown>[] = [];
      const burst = (async () => {
        for (let i = 0; i < 16; i++) {
          answers.push(
            registerOverHttp(url, event.id, uniqueAddress(`burst-${round}-${i}`)).then(() => {
              count++;
            }),
          );
          await sleep(between(0, 10));
        }
      })();
      await waitFor(async () => count >= answered, { timeoutMs: 30_000, what: 'answers' });
      await sleep(delayMs);
      await kill('registration burst', `${delayMs} ms after ${answered} of 16 answers`);
      await burst;
      await Promise.all(answers);
    }
    phaseDone('registration bursts');

    // Mail batches: 12 confirmations queued, killed after a random number of sends.
    for (let round = 0; round < killsPerKind['mail batch']; round++) {
      const event = await newEvent('mail batch', 30, 30);
      await live();
      const sends = between(0, 10);
      const target = proxy.totals().sent + sends;
      const queued = registerMany(event.id, 12, `batch-${round}`);
      await waitFor(async () => proxy.totals().sent >= target, {
        timeoutMs: 30_000,
        what: 'sends before the kill',
      });
      await kill('mail batch', `after ${sends} sends, 12 being queued`);
      await queued;
    }
    phaseDone('mail batches');

    // Reminder sweeps run inside the runtime, killed after a random delay: in the sweep, or in
    // the mailer sending what it queued.
    const reminderSweepAt = new Date(Date.now() + DAY + HOUR);
    for (let round = 0; round < killsPerKind['reminder sweep']; round++) {
      await live();
      const delayMs = between(0, 300);
      void runJobInRuntime('reminders', reminderSweepAt);
      await sleep(delayMs);
      await kill('reminder sweep', `${delayMs} ms into the sweep`);
    }
    phaseDone('reminder sweeps');

    // Event cancellations over HTTP, everyone notified; killed after a random delay. The
    // organiser repeats a cancellation whose page broke off.
    const cancelOverHttp = async (eventId: string) =>
      fetch(`${await live()}/api/admin/events/${eventId}/cancel`, {
        method: 'POST',
        headers: adminHeaders,
      }).then(
        (response) => response.status,
        () => 0,
      );
    for (const [round, eventId] of cancelledEvents.entries()) {
      await live();
      const delayMs = between(0, 300);
      const cancel = cancelOverHttp(eventId);
      await sleep(delayMs);
      await kill('event cancellation', `${delayMs} ms into cancellation ${round + 1}`);
      if ((await cancel) !== 200) expect(await cancelOverHttp(eventId)).toBe(200);
    }
    phaseDone('event cancellations');
    // Recovery: redelivery, then the sweeps as of later moments.
    await live();
    // A message caught by several kills in a row used up its receives: the dead-letter alarm
    // fires and the operator redrives (`npm run redrive -- mail`).
    await waitFor(async () => (await queueDepth(env.clients.sqs, env.queueUrls.mail)) === 0, {
      timeoutMs: 60_000,
      what: 'redelivery of what the killed runtimes held',
    });
    const redriven = await redriveDeadLetters(
      env.clients.sqs,
      env.deadLetterUrls.mail,
      env.queueUrls.mail,
    );
    await settled('the redriven emails');
    const outbox = (await import('../../functions/mail-outbox')).handler;
    const reminders = (await import('../../functions/reminders')).handler;
    await reminders({ time: reminderSweepAt.toISOString() });
    await outbox({ time: new Date(Date.now() + 16 * MINUTE).toISOString() });
    await settled('the emails the sweeps queued');
    phaseDone('recovery');

    // Owed and delivered, per registration and per kind of moment.
    const stored = new Map<string, Registration[]>();
    for (const event of events) stored.set(event.id, await deps.events.listRegistrations(event.id));
    const everyone = [...stored.values()].flat();
    const emails = byRecipient(
      await emailsTo(env, new Set(everyone.map((r) => r.email ?? '')), startedAt - MINUTE),
    );
    const report = new Map<
      MomentKind,
      { registrations: number; owed: number; delivered: number; repeated: number }
    >();
    const problems: string[] = [];
    for (const event of events) {
      const line = report.get(event.kind) ?? {
        registrations: 0,
        owed: 0,
        delivered: 0,
        repeated: 0,
      };
      const cancelled = (await deps.events.getEvent(event.id))?.status === 'cancelled';
      for (const registration of stored.get(event.id) ?? []) {
        const owed = [`registration-${registration.status}`];
        if (event.kind === 'reminder sweep') owed.push('reminder');
        if (event.kind === 'event cancellation') {
          expect(cancelled).toBe(true);
          owed.push('event-cancelled');
        }
        const counts = new Map<string, number>();
        for (const email of emails.get(registration.email ?? '') ?? []) {
          const kind = kindOfSubject(email.subject, event.title) ?? email.subject;
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
        }
        line.registrations++;
        for (const kind of owed) {
          const count = counts.get(kind) ?? 0;
          const limit = 1 + (cutOff.get(`${kind}#${registration.id}`)?.size ?? 0);
          line.owed++;
          line.delivered += Math.min(count, 1);
          line.repeated += Math.max(0, count - 1);
          if (count < 1 || count > limit) {
            problems.push(
              `${event.kind}: ${kind} ×${count} (at most ${limit}) for ${registration.id}`,
            );
          }
          counts.delete(kind);
        }
        for (const [kind, count] of counts) {
          problems.push(`${event.kind}: unexpected ${kind} ×${count} for ${registration.id}`);
        }
      }
      report.set(event.kind, line);
    }
    console.info(
      [
        `Seed ${seed}: ${killLog.length} kills, ${[...cutOff.values()].reduce((n, claims) => n + claims.size, 0)} sends cut off inside SES, ${redriven} messages dead-lettered and redriven (${phaseTimes.join(', ')})`,
        ...killLog.map((moment) => `  killed: ${moment}`),
        ...[...report].map(
          ([kind, line]) =>
            `  ${kind}: ${line.registrations} registrations, ${line.owed} emails owed, ${line.delivered} delivered, ${line.repeated} repeated`,
        ),
      ].join('\n'),
    );
    expect(killLog).toHaveLength(Object.values(killsPerKind).reduce((a, b) => a + b, 0));
    expect(await queueDepth(env.clients.sqs, env.deadLetterUrls.mail)).toBe(0);
    expect(problems, `seed ${seed}`).toEqual([]);
  }, 300_000);
});
