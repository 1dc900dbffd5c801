/**
 * Registration burst: 1,000 registrations through the local stack's HTTP endpoint with a fixed
 * number in flight, and DynamoDB Local's raw TransactWriteItems rate for the same write (seat
 * counter update + email claim + registration item) measured in the same run as the reference.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamo/keys';
import { outboxWrite } from '../shared/adapters/mail-outbox';
import { personIndexWrite } from '../shared/adapters/people-repository';
import { armRetentionDue } from '../shared/adapters/retention-due';
import { newId } from '../shared/domain/ids';
import { statusChangeMail } from '../shared/domain/mail-message';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { createEventViaApi, person, registerViaApi } from './support/http';
import { inChild } from './support/isolate';
import { captureFunctionLogs } from './support/logs';
import { fixed, inParallel, percentile, table } from './support/report';
import { benchEvent, eventItem } from './support/seed';
import { startBenchStack } from './support/stack';

const registrations = 1000;
const inFlight = 50;
const warmUp = 100;

interface Run {
  label: string;
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  outcome: string;
}

interface BurstResult {
  runs: Run[];
  checks: string[];
}

export async function run(): Promise<string> {
  const { runs, checks } = await inChild<BurstResult>(import.meta.url, 'measureBurst');
  const isRaw = (r: Run) => r.label.startsWith('raw');
  /** The mean rate of the reference runs right before and after run `index`. */
  const reference = (index: number) => {
    const around = [runs[index - 1], runs[index + 1]].filter(
      (r): r is Run => r !== undefined && isRaw(r),
    );
    return around.reduce((sum, r) => sum + r.perSecond, 0) / around.length;
  };
  return [
    `Registration limits off (RATE_LIMITS=${burstSettings.RATE_LIMITS}): every request comes ` +
      'from the one address of the load generator, which the per-client limit would stop ' +
      'after 30. With the limits on, the same transaction carries two more updates, the ' +
      'counters (see the AWS calls section).',
    '',
    `${registrations} requests per run, ${inFlight} in flight, over HTTP to the local runtime. ` +
      'The load generator, the site function (one Node process; in AWS concurrent requests go ' +
      'to separate containers) and DynamoDB Local share the machine. The mailer is off during ' +
      'the burst (in AWS it runs in containers of its own); the queue keeps the messages.',
    '',
    table(
      ['Run', 'Requests', 'Time', 'Per second', 'p50 ms', 'p95 ms', 'p99 ms', 'vs raw', 'Outcome'],
      runs.map((r, index) => [
        r.label,
        r.count,
        `${fixed(r.seconds, 2)} s`,
        fixed(r.perSecond, 0),
        fixed(r.p50, 1),
        fixed(r.p95, 1),
        fixed(r.p99, 1),
        isRaw(r) ? '–' : fixed(r.perSecond / reference(index), 2),
        r.outcome,
      ]),
    ),
    '',
    'Raw TransactWriteItems: the same six writes a registration makes (seat counter update ' +
      'with its conditions, email claim, registration item, mail-outbox entry, per-person index ' +
      'entry, purge re-arm) sent straight ' +
      'to DynamoDB Local with the same concurrency, after an unrecorded warm-up. “vs raw” = registrations per ' +
      'second ÷ the mean rate of the reference runs just before and after. The first ' +
      'registration a container sends to a full event takes two transactions (the seat attempt ' +
      'fails on its condition first); later ones join the waiting list in one.',
    '',
    'Checks after each run:',
    '',
    ...checks.map((c) => `- ${c}`),
  ].join('\n');
}

function summarise(label: string, latencies: number[], elapsedMs: number, outcome: string): Run {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label,
    count: latencies.length,
    seconds: elapsedMs / 1000,
    perSecond: latencies.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    outcome,
  };
}

/**
 * The burst sends a thousand registrations from one client address (the load generator), which
 * the per-client limit of 30 an hour would refuse after the thirtieth: the limits are off here.
 */
const burstSettings = { RATE_LIMITS: 'off' } as const;

export async function measureBurst(): Promise<BurstResult> {
  const stack = await startBenchStack(burstSettings);
  const { dynamo, sqs } = stack.clients;
  const addressHash = createAddressHasher(stack.environment.LINK_SIGNING_SECRET ?? '');
  const logs = captureFunctionLogs();
  const runs: Run[] = [];
  const checks: string[] = [];
  try {
    const runtime = await stack.startRuntime({ pollers: false });
    const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const endsAt = new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString();

    async function queueDepth(): Promise<number> {
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: stack.queueUrls.mail,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
    }

    async function rawTransactions(label: string, record = true): Promise<void> {
      const template = benchEvent(0, { startsAt, endsAt, createdAt: new Date().toISOString() });
      const target = { ...template, capacity: registrations };
      await dynamo.send(new PutCommand({ TableName: stack.tableName, Item: eventItem(target) }));
      const latencies: number[] = [];
      const started = performance.now();
      await inParallel(
        Array.from({ length: registrations }, (_, i) => i),
        inFlight,
        async (i) => {
          const id = newId();
          const email = `raw.${label}.${i}@example.cz`;
          const at = new Date().toISOString();
          const t0 = performance.now();
          await dynamo.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: stack.tableName,
                    Key: keys.event(target.id),
                    UpdateExpression: 'SET confirmedCount = confirmedCount + :one',
                    ConditionExpression:
                      '#status = :published AND #startsAt > :now AND confirmedCount < #capacity',
                    ExpressionAttributeNames: {
                      '#status': 'status',
                      '#startsAt': 'startsAt',
                      '#capacity': 'capacity',
                    },
                    ExpressionAttributeValues: { ':one': 1, ':published': 'published', ':now': at },
                  },
                },
                {
                  Put: {
                    TableName: stack.tableName,
                    Item: {
                      ...keys.emailClaim(target.id, addressHash(email)),
                      registrationId: id,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: stack.tableName,
                    Item: {
                      ...keys.registration(target.id, id),
                      id,
                      eventId: target.id,
                      name: `Účastník ${i}`,
                      email,
                      role: 'clerk',
                      organisationName: 'Město Česká Lípa',
                      ico: '00260428',
                      status: 'confirmed',
                      source: 'registration',
                      createdAt: at,
                      confirmedAt: at,
                    },
                  },
                },
                outboxWrite(
                  stack.tableName,
                  statusChangeMail({ eventId: target.id, id }, 'confirmed'),
                  Date.parse(at),
                ),
                personIndexWrite(stack.tableName, addressHash(email), { eventId: target.id, id }),
                armRetentionDue(stack.tableName, target.id, at),
              ],
            }),
          );
          latencies.push(performance.now() - t0);
        },
      );
      const elapsed = performance.now() - started;
      if (!record) return;
      const stored = await dynamo.send(
        new GetCommand({ TableName: stack.tableName, Key: keys.event(target.id) }),
      );
      runs.push(
        summarise(
          `raw TransactWriteItems (${label})`,
          latencies,
          elapsed,
          `${stored.Item?.confirmedCount} seats taken`,
        ),
      );
    }

    async function burst(label: string, capacity: number, tag: string): Promise<void> {
      const event = await createEventViaApi(runtime.url, {
        title: `Nápor registrací ${tag}`,
        startsAt,
        endsAt,
        capacity,
        waitlistCapacity: registrations,
      });
      const depthBefore = await queueDepth();
      const latencies: number[] = [];
      const answers = new Map<string, number>();
      const started = performance.now();
      await inParallel(
        Array.from({ length: registrations }, (_, i) => i),
        inFlight,
        async (i) => {
          const t0 = performance.now();
          const answer = await registerViaApi(runtime.url, event.id, person(`${tag}.${i}`));
          latencies.push(performance.now() - t0);
          const key = `${answer.code} ${answer.status ?? ''}`.trim();
          answers.set(key, (answers.get(key) ?? 0) + 1);
        },
      );
      const elapsed = performance.now() - started;
      const outcome = [...answers.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => `${n} × ${key}`)
        .join(', ');
      runs.push(summarise(label, latencies, elapsed, outcome));

      const stored = await dynamo.send(
        new GetCommand({ TableName: stack.tableName, Key: keys.event(event.id) }),
      );
      const queued = (await queueDepth()) - depthBefore;
      const confirmed = Number(stored.Item?.confirmedCount);
      const waitlisted = Number(stored.Item?.waitlistedCount);
      const agrees =
        confirmed === Math.min(capacity, registrations) &&
        confirmed + waitlisted === registrations &&
        answers.get('201 confirmed') === confirmed &&
        (answers.get('201 waitlisted') ?? 0) === waitlisted &&
        queued === registrations;
      checks.push(
        `${label}: event counters ${confirmed} confirmed + ${waitlisted} waitlisted, ${queued} ` +
          `mail messages queued — ${agrees ? 'agree with the answers' : 'DO NOT agree with the answers'}.`,
      );
    }

    // Warm-up: module code compiled, connections open, DynamoDB Local's JIT warm.
    const warm = await createEventViaApi(runtime.url, {
      title: 'Zahřátí',
      startsAt,
      endsAt,
      capacity: warmUp,
    });
    await inParallel(
      Array.from({ length: warmUp }, (_, i) => i),
      inFlight,
      async (i) => {
        await registerViaApi(runtime.url, warm.id, person(`warm.${i}`));
      },
    );

    await rawTransactions('warm-up', false);

    // Reference runs between the registration runs: each registration run is compared with the
    // reference just before and just after it, which the machine's other load affects alike.
    await rawTransactions('1');
    await burst('registrations, 1,000 seats (all confirmed)', registrations, 'volno');
    await rawTransactions('2');
    await burst('registrations, 100 seats (900 to the waiting list)', 100, 'plno');
    await rawTransactions('3');
    return { runs, checks };
  } finally {
    await stack.stop();
    logs.restore();
  }
}
