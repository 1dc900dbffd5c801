/**
 * Mailer send rate against an SES account's maximum send rate. The SES emulator never
 * throttles, so a proxy in front of it (bench/support/ses-throttle.ts) enforces the account rate
 * as SES does and counts what it refuses. After a warm-up, a few hundred emails are queued at
 * once, so the mailer sends at full speed from the first second. Each scenario runs in a process
 * of its own, so each reads its own SES_MAX_SEND_RATE.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { asFunction } from '../infra/local/iam/enforce';
import { type Poller, startPoller } from '../infra/local/queue-poller';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { parseFunctionConfig } from '../shared/config';
import type { MailMessage } from '../shared/domain/mail-message';
import { createMailerHandler } from '../shared/mail/mailer-handler';
import { queues } from '../shared/resources';
import { mailerDeps } from '../shared/wiring';
import { countCalls, describeCalls } from './support/call-counter';
import { inChild } from './support/isolate';
import { captureFunctionLogs } from './support/logs';
import { fixed, table, waitUntil } from './support/report';
import { benchEvent, eventItem, registrationsOf, writeItems } from './support/seed';
import { startSesThrottle } from './support/ses-throttle';
import { startBenchStack } from './support/stack';

const emails = 300;
/** Sent first and not measured: module load and first connections, as in a warm container. */
const warmUp = 20;
const accountRate = 14;
/** How long a scenario may take to send everything before it is cut off and reported. */
const windowMs = 60_000;

interface Scenario {
  label: string;
  /** Independent mailer containers, each with its own rate limiter. */
  containers: number;
  /** SES_MAX_SEND_RATE each container keeps to. */
  perContainerRate: number;
  /** The local runtime's pollers (all batches share one module) instead of separate containers. */
  runtime: boolean;
}

const scenarios: Scenario[] = [
  {
    label: 'local runtime: one process, the queue’s 2 pollers share one mailer',
    containers: 1,
    perContainerRate: accountRate,
    runtime: true,
  },
  {
    label: '2 containers, each at the full account rate (a misconfiguration, for contrast)',
    containers: queues.mail.maxConcurrency,
    perContainerRate: accountRate,
    runtime: false,
  },
  {
    label: '2 containers, each at the account rate ÷ maxConcurrency (what the stack sets)',
    containers: queues.mail.maxConcurrency,
    perContainerRate: accountRate / queues.mail.maxConcurrency,
    runtime: false,
  },
];

interface ScenarioResult {
  sent: number;
  sustainedPerSecond: number;
  busiestSecond: number;
  seconds: number;
  throttled: number;
  warmUpThrottled: number;
  sendAttempts: number;
  mailerFailures: number;
  left: number;
  callsPerEmail?: string;
  esmCallsPerEmail?: string;
}

export async function run(): Promise<string> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    results.push(await inChild<ScenarioResult>(import.meta.url, 'measureMailer', scenario));
  }
  const local = results[0];
  return [
    `${emails} registration emails (confirmations with their QR code and calendar file, a few ` +
      'waiting-list and cancellation notices) queued at once, after a warm-up of ' +
      `${warmUp} emails that is not measured (cold start). The proxy enforces an SES account ` +
      `rate of ${accountRate}/s with a bucket of one second’s worth. Cut off after ` +
      `${windowMs / 1000} s.`,
    '',
    table(
      [
        'Mailer',
        'SES_MAX_SEND_RATE',
        'Sent',
        'Time',
        'Sustained rate',
        'Busiest second',
        'Throttled by SES',
        'SendEmail attempts',
        'Failed sends (mail.failed)',
        'Left on queue',
      ],
      scenarios.map((s, i) => {
        const r = results[i] as ScenarioResult;
        return [
          s.label,
          s.perContainerRate,
          r.sent,
          `${fixed(r.seconds, 1)} s`,
          `${fixed(r.sustainedPerSecond, 2)}/s`,
          r.busiestSecond,
          `${r.throttled} (warm-up: ${r.warmUpThrottled})`,
          r.sendAttempts,
          r.mailerFailures,
          r.left,
        ];
      }),
    ),
    '',
    'Time: from the first to the last accepted SendEmail. Sustained rate: the accepted sends ' +
      'after the first second, per second. Busiest second: most sends the emulator accepted in any ' +
      'one-second window. SendEmail attempts include the SDK’s and the mailer’s retries of ' +
      'throttled sends.',
    '',
    `Calls per email sent (local runtime): ${local?.callsPerEmail ?? '–'}. The queue poller ` +
      `(Lambda’s event source mapping) adds ${local?.esmCallsPerEmail ?? '–'} per email.`,
  ].join('\n');
}

export async function measureMailer(scenario: Scenario): Promise<ScenarioResult> {
  const counter = countCalls();
  const logs = captureFunctionLogs();
  const stack = await startBenchStack({ SES_MAX_SEND_RATE: String(scenario.perContainerRate) });
  const throttle = await startSesThrottle(stack.endpoints.ses, accountRate);
  stack.environment.AWS_ENDPOINT_URL_SESV2 = throttle.url;
  const pollers: Poller[] = [];
  try {
    // One event and its registrations; every registration gets the email its status calls
    // for, so every message sends.
    const startsAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const event = benchEvent(0, {
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString(),
      createdAt: new Date().toISOString(),
    });
    const total = warmUp + emails;
    const seeded = registrationsOf({ ...event, capacity: total }, 0, total, {
      confirmedAt: new Date().toISOString(),
      attended: false,
      personPool: total,
    });
    const confirmed = seeded.registrations.filter((r) => r.status === 'confirmed');
    await writeItems(stack.clients.dynamo, stack.tableName, [
      eventItem({ ...event, capacity: total, confirmedCount: confirmed.length }),
      ...seeded.items,
    ]);
    const messages: MailMessage[] = seeded.registrations.map((r) => ({
      kind:
        r.status === 'confirmed'
          ? 'registration-confirmed'
          : r.status === 'waitlisted'
            ? 'registration-waitlisted'
            : 'registration-cancelled',
      eventId: event.id,
      registrationId: r.id,
    }));
    const mailQueue = createMailQueue(stack.clients.sqs, stack.queueUrls.mail);
    await mailQueue.enqueue(messages.slice(0, warmUp));

    if (scenario.runtime) {
      await stack.startRuntime();
    } else {
      // Lambda's picture: each container has its own module state, so its own rate limiter.
      const cfg = parseFunctionConfig('mailer', stack.environment);
      const attributes = await stack.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: stack.queueUrls.mail,
          AttributeNames: ['QueueArn'],
        }),
      );
      for (let i = 0; i < scenario.containers; i++) {
        pollers.push(
          startPoller({
            sqs: stack.clients.sqs,
            queueUrl: stack.queueUrls.mail,
            queueArn: attributes.Attributes?.QueueArn ?? '',
            region: cfg.AWS_REGION,
            batchSize: queues.mail.batchSize,
            // Built by the wiring, as the mailer's handler builds it, acting as the mailer.
            handler: createMailerHandler(asFunction('mailer', () => mailerDeps(cfg))),
            concurrency: 1,
          }),
        );
      }
    }

    // Warm containers, as during a busy day; then the measured emails all at once.
    await waitUntil(() => throttle.accepted.length >= warmUp, 'the warm-up emails', windowMs);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const mark = counter.records.length;
    const warmUpThrottled = throttle.throttled.length;
    await mailQueue.enqueue(messages.slice(warmUp));
    await waitUntil(() => throttle.accepted.length >= total, 'every email', windowMs).catch(
      () => undefined,
    );
    // The last batch's deletes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const depth = await stack.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.queueUrls.mail,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const left =
      Number(depth.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(depth.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);

    const accepted = throttle.accepted.slice(warmUp).sort((a, b) => a - b);
    const first = accepted[0] ?? 0;
    const last = accepted.at(-1) ?? 0;
    // Both buckets start full, so the first second may take twice the rate; after it, the
    // rate is what the mailer keeps up.
    const afterFirstSecond = accepted.filter((t) => t >= first + 1000);
    const steadyFrom = afterFirstSecond[0] ?? last;
    let busiest = 0;
    for (let i = 0, j = 0; i < accepted.length; i++) {
      while ((accepted[i] ?? 0) - (accepted[j] ?? 0) >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const throttled = throttle.throttled.length - warmUpThrottled;
    const records = counter.since(mark);
    const mailerCalls = records.filter((r) => r.owner === 'mailer');
    const esmCalls = records.filter(
      (r) => r.owner === 'event source mapping' && r.operation === 'DeleteMessageBatch',
    );
    return {
      sent: accepted.length,
      sustainedPerSecond:
        afterFirstSecond.length > 1
          ? (afterFirstSecond.length - 1) / ((last - steadyFrom) / 1000)
          : 0,
      busiestSecond: busiest,
      seconds: (last - first) / 1000,
      throttled,
      warmUpThrottled,
      sendAttempts: accepted.length + throttled,
      mailerFailures: logs.counts.get('mail.failed') ?? 0,
      left,
      ...(scenario.runtime
        ? {
            callsPerEmail: describeCalls(mailerCalls, accepted.length),
            esmCallsPerEmail: `${describeCalls(esmCalls, accepted.length)} (ReceiveMessage long-polls on top)`,
          }
        : {}),
    };
  } finally {
    await Promise.all(pollers.map((p) => p.stop()));
    counter.stop();
    await stack.stop();
    // After the stop: the mailer may finish a batch meanwhile.
    logs.restore();
    await throttle.stop();
  }
}
