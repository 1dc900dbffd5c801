import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamo/keys';
import { partitionQuery, queryAll, queryDue, queryUpTo } from '../../shared/adapters/dynamo/query';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
  const put = (item: Record<string, unknown>) =>
    env.clients.dynamo.send(new PutCommand({ TableName: env.config.TABLE_NAME, Item: item }));
  for (let i = 0; i < 12; i++) {
    await put({ pk: 'PAGES', sk: `ITEM#${String(i).padStart(2, '0')}` });
  }
  await put({ pk: 'PAGES', sk: 'OTHER' });
  for (const [dueAt, id] of [
    ['2026-01-01T08:00:00.000Z', 'past'],
    ['2026-01-01T09:00:00.000Z', 'now'],
    ['2026-01-01T09:00:01.000Z', 'future'],
  ] as const) {
    await put({ pk: `DUE#${id}`, sk: 'X', ...keys.surveyDue(dueAt, id) });
  }
});

describe('the table layer against DynamoDB Local', () => {
  it('reads every page of a query', async () => {
    // Pages of five force the loop through three pages.
    const items = await queryAll(env.clients.dynamo, {
      ...partitionQuery(env.config.TABLE_NAME, 'PAGES', 'ITEM#'),
      Limit: 5,
    });
    expect(items.map((item) => item.sk)).toEqual(
      Array.from({ length: 12 }, (_, i) => `ITEM#${String(i).padStart(2, '0')}`),
    );
    const all = await queryAll(env.clients.dynamo, partitionQuery(env.config.TABLE_NAME, 'PAGES'));
    expect(all).toHaveLength(13);
  });

  it('stops at a limit and says whether more items wait', async () => {
    const query = partitionQuery(env.config.TABLE_NAME, 'PAGES', 'ITEM#');
    const first = await queryUpTo(env.clients.dynamo, query, 7);
    expect(first.items).toHaveLength(7);
    expect(first.more).toBe(true);
    const whole = await queryUpTo(env.clients.dynamo, query, 12);
    expect(whole.items).toHaveLength(12);
  });

  it('finds what is due up to now in the due-time index, oldest first', async () => {
    const due = await queryDue(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      keys.surveyDuePartition,
      new Date('2026-01-01T09:00:00.000Z'),
      10,
    );
    expect(due.items.map((item) => item.pk)).toEqual(['DUE#past', 'DUE#now']);
    expect(due.more).toBe(false);
  });
});
