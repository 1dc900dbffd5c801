/**
 * Nightly aggregation scaling: the indicators job over the same 1,000 events holding 10,000 and
 * then 100,000 registrations, each size on fresh emulators. Reads are counted by the SDK
 * middleware (calls, items returned, capacity units DynamoDB reports), time around the handler.
 */
import { countCalls } from './support/call-counter';
import { inChild } from './support/isolate';
import { captureFunctionLogs } from './support/logs';
import { fixed, seconds, table } from './support/report';
import { benchEvent, eventItem, type Item, registrationsOf, writeItems } from './support/seed';
import { startBenchStack } from './support/stack';

const eventCount = 1000;
const sizes = [10, 100];
const dayMs = 86_400_000;
/** The first night the job runs: 02:00 in Prague. Events fall in this year and the previous. */
const night = Date.parse('2026-06-15T00:00:00.000Z');
/** Events end between this and the day before the first night, evenly spread. */
const firstEnd = Date.parse('2025-01-10T12:00:00.000Z');

interface Measurement {
  run: string;
  ms: number;
  calls: number;
  itemsRead: number;
  capacityUnits: number;
  /** Sum of the calls' durations; above the run's time where calls overlap. */
  callMs: number;
  rollupsRecomputed: number;
  byOperation: Record<string, number>;
}

interface SizeResult {
  registrations: number;
  seedSeconds: number;
  measurements: Measurement[];
}

export async function run(): Promise<string> {
  const results: SizeResult[] = [];
  for (const perEvent of sizes) {
    results.push(await inChild<SizeResult>(import.meta.url, 'measureAggregation', perEvent));
  }
  const [small, large] = results;
  if (!small || !large) throw new Error('Both sizes must be measured');
  const rows = small.measurements.map((a, i) => {
    const b = large.measurements[i] as Measurement;
    const ratio = (x: number, y: number) => (x === 0 ? '–' : fixed(y / x, 2));
    return [
      a.run,
      `${a.rollupsRecomputed} / ${b.rollupsRecomputed}`,
      `${a.calls} / ${b.calls}`,
      `${a.itemsRead} / ${b.itemsRead}`,
      `${fixed(a.capacityUnits, 0)} / ${fixed(b.capacityUnits, 0)}`,
      `${seconds(a.ms)} / ${seconds(b.ms)}`,
      `${seconds(a.callMs)} / ${seconds(b.callMs)}`,
      ratio(a.itemsRead, b.itemsRead),
      ratio(a.capacityUnits, b.capacityUnits),
      ratio(a.ms, b.ms),
    ];
  });
  const operations = (m: Measurement) =>
    Object.entries(m.byOperation)
      .map(([name, n]) => `${name} ×${n}`)
      .join(', ');
  return [
    `${eventCount} held events whose ends are spread evenly from ${new Date(firstEnd).toISOString().slice(0, 10)} ` +
      `to the day before the first night (${new Date(night).toISOString().slice(0, 10)}), with ` +
      `${small.registrations.toLocaleString('en')} and then ${large.registrations.toLocaleString('en')} ` +
      'registrations (10 and 100 per event; 92 % confirmed, most of them attended; persons and ' +
      'organisations recur across events), written in the repositories’ item shapes (without ' +
      `the email claims, which the job never reads; seeding took ${fixed(small.seedSeconds, 0)} s and ${fixed(large.seedSeconds, 0)} s). ` +
      'The job runs as the indicators function (its handler, its clients), reads with ' +
      'ReturnConsumedCapacity=TOTAL so DynamoDB Local reports capacity units.',
    '',
    'Each cell: 10k / 100k; ratios are 100k ÷ 10k. Σ call time sums the durations of the ' +
      'job’s AWS calls (SDK marshalling included); recounts run eight at a time, so it can ' +
      'exceed the run’s time. ' +
      'Runs: **first** — no rollups yet, every event recounted; **next night** — rollups exist, ' +
      'the events that ended within the last 45 days are recounted (a rollup settles 45 days ' +
      'after its event); **settled** — 47 nights later, after one run that settles the rest, so no ' +
      'event is recounted. Next-night and settled times are the median of three runs.',
    '',
    table(
      [
        'Run',
        'Rollups recounted',
        'Calls',
        'Items read',
        'Read capacity units',
        'Time',
        'Σ call time',
        'Items ratio',
        'RCU ratio',
        'Time ratio',
      ],
      rows,
    ),
    '',
    'Calls by operation at 100k:',
    '',
    ...large.measurements.map((m) => `- ${m.run}: ${operations(m)}`),
    '',
    'The cost of a night is one index query over the events of two years, batched reads of ' +
      'their rollups and dirty markers, and one partition read per recounted event: it grows ' +
      'with the registrations of the events still settling, not with all registrations ever ' +
      'made. Rollups hold the event’s person keys, so their size, and with it the capacity ' +
      'units of the batched reads, grows with an event’s attendance.',
  ].join('\n');
}

export async function measureAggregation(perEvent: number): Promise<SizeResult> {
  const counter = countCalls({ consumedCapacity: true });
  const logs = captureFunctionLogs();
  const stack = await startBenchStack();
  try {
    const seedStarted = performance.now();
    const span = night - dayMs - firstEnd;
    let batch: Item[] = [];
    for (let i = 0; i < eventCount; i++) {
      const ends = firstEnd + Math.round((span * i) / (eventCount - 1));
      const starts = ends - 4 * 3_600_000;
      const event = benchEvent(
        i,
        {
          startsAt: new Date(starts).toISOString(),
          endsAt: new Date(ends).toISOString(),
          createdAt: new Date(starts - 40 * dayMs).toISOString(),
        },
        perEvent,
      );
      // The job never reads email claims (its queries select registration keys), so they are
      // left out to keep seeding 100k within a couple of minutes.
      const { items, confirmed, waitlisted } = registrationsOf(event, i, perEvent, {
        claims: false,
      });
      batch.push(
        eventItem({ ...event, confirmedCount: confirmed, waitlistedCount: waitlisted }),
        ...items,
      );
      if (batch.length >= 5000 || i === eventCount - 1) {
        await writeItems(stack.clients.dynamo, stack.tableName, batch);
        batch = [];
      }
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `  seeded ${eventCount} events × ${perEvent} registrations in ${fixed(seedSeconds, 0)} s`,
    );

    const { handler } = await stack.loadFunction<{
      handler: (event: { time: string }) => Promise<{ rollupsRecomputed: number }>;
    }>('indicators');

    async function once(at: number): Promise<Omit<Measurement, 'run'>> {
      const mark = counter.records.length;
      const started = performance.now();
      const summary = await handler({ time: new Date(at).toISOString() });
      const ms = performance.now() - started;
      const calls = counter.since(mark).filter((r) => r.owner === 'indicators');
      const byOperation: Record<string, number> = {};
      for (const call of calls) {
        const name = `${call.service} ${call.operation}`;
        byOperation[name] = (byOperation[name] ?? 0) + 1;
      }
      return {
        ms,
        calls: calls.length,
        itemsRead: calls.reduce((sum, r) => sum + r.itemsRead, 0),
        capacityUnits: calls.reduce((sum, r) => sum + r.capacityUnits, 0),
        callMs: calls.reduce((sum, r) => sum + r.ms, 0),
        rollupsRecomputed: summary.rollupsRecomputed,
        byOperation,
      };
    }

    async function medianOf3(at: number): Promise<Omit<Measurement, 'run'>> {
      const runs = [await once(at), await once(at), await once(at)].sort((a, b) => a.ms - b.ms);
      return runs[1] as Omit<Measurement, 'run'>;
    }

    const measurements: Measurement[] = [];
    measurements.push({ run: 'first', ...(await once(night)) });
    measurements.push({ run: 'next night', ...(await medianOf3(night + dayMs)) });
    await once(night + 46 * dayMs);
    measurements.push({ run: 'settled', ...(await medianOf3(night + 47 * dayMs)) });
    return { registrations: eventCount * perEvent, seedSeconds, measurements };
  } finally {
    counter.stop();
    await stack.stop();
    logs.restore();
  }
}
