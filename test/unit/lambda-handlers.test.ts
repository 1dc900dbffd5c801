import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { httpGateway } from '../../infra/local/gateway';
import { scheduledJob } from '../../shared/lambda/scheduled-job';
import { sqsConsumer } from '../../shared/lambda/sqs-consumer';
import { createLogger } from '../../shared/log';
import { sqsRecord } from '../support/fixtures';

afterEach(() => vi.restoreAllMocks());

describe('scheduledJob', () => {
  it('runs as of the schedule’s time and logs the summary with lists as their lengths', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const seen: Date[] = [];
    const handler = scheduledJob('indicators', async (now) => {
      seen.push(now);
      return { events: 3, files: ['a.csv', 'a.json'] };
    });
    const summary = await handler({ time: '2026-03-01T00:00:00.000Z' });
    expect(seen).toEqual([new Date('2026-03-01T00:00:00.000Z')]);
    expect(summary.files).toEqual(['a.csv', 'a.json']);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { level: 'info', message: 'job.done', job: 'indicators', events: 3, files: 2 },
    ]);
  });
});

describe('sqsConsumer', () => {
  const schema = z.object({ id: z.string() });

  function consumer(outcomes: Record<string, string | Error>) {
    const lines: string[] = [];
    const handled: string[] = [];
    const handler = sqsConsumer({
      name: 'thing',
      schema,
      handle: async ({ id }) => {
        handled.push(id);
        const outcome = outcomes[id] ?? 'done';
        if (outcome instanceof Error) throw outcome;
        return { outcome };
      },
      describe: ({ id }) => ({ id }),
      retryWhen: (result) => result.outcome === 'busy',
      sequential: true,
      log: createLogger((_, line) => lines.push(line)),
    });
    return { handler, lines, handled };
  }

  it('reports only the records that failed: invalid, thrown, or to be retried', async () => {
    const failure = Object.assign(new Error('quoting jana@example.cz'), { name: 'Throttling' });
    const { handler, lines, handled } = consumer({ b: 'busy', c: failure });
    const response = await handler({
      Records: [
        sqsRecord('{"id":"a"}', 'm1', 'q'),
        sqsRecord('{"id":"b"}', 'm2', 'q'),
        sqsRecord('{"id":"c"}', 'm3', 'q'),
        sqsRecord('not json', 'm4', 'q'),
        sqsRecord('{"other":1}', 'm5', 'q'),
      ],
    });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      'm2',
      'm3',
      'm4',
      'm5',
    ]);
    expect(handled).toEqual(['a', 'b', 'c']);
    const logged = lines.map((line) => JSON.parse(line));
    expect(logged).toContainEqual({
      level: 'info',
      message: 'thing.done',
      id: 'a',
      outcome: 'done',
    });
    expect(logged).toContainEqual({
      level: 'info',
      message: 'thing.busy',
      id: 'b',
      outcome: 'busy',
    });
    expect(logged).toContainEqual({
      level: 'error',
      message: 'thing.failed',
      id: 'c',
      error: 'Throttling',
    });
    expect(logged).toContainEqual({
      level: 'error',
      message: 'thing.invalid-message',
      sqsMessageId: 'm4',
      issues: ['not JSON'],
    });
    // Error messages can quote addresses: only the name is logged.
    expect(lines.join('\n')).not.toContain('jana@example.cz');
  });
});

describe('the local gateway', () => {
  const answer = (name: string) => async (request: Request, env?: unknown) =>
    Response.json({ name, path: new URL(request.url).pathname, env });
  const gateway = httpGateway({
    site: answer('site'),
    publications: answer('publications'),
    organiser: answer('organiser'),
  });
  const call = async (path: string, headers: Record<string, string> = {}) => {
    const response = await gateway(new Request(`http://localhost${path}`, { headers }), 'bindings');
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('sends each path to its function with the server’s bindings', async () => {
    expect((await call('/akce/1')).body).toEqual({
      name: 'site',
      path: '/akce/1',
      env: 'bindings',
    });
    expect((await call('/kalendar.ics')).body.name).toBe('publications');
    expect((await call('/admin/akce')).body.name).toBe('organiser');
    expect((await call('/api/admin/events', { authorization: 'Bearer x' })).body.name).toBe(
      'organiser',
    );
  });

  it('answers the admin API without an Authorization header as API Gateway does', async () => {
    expect(await call('/api/admin/events')).toEqual({
      status: 401,
      body: { message: 'Unauthorized' },
    });
  });
});
