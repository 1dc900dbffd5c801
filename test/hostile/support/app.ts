import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { adminHeaders } from '../../support/app-under-test';
import { inDays } from '../../support/fixtures';
import type { TestEnvironment } from '../../support/test-stack';

export interface CreatedEvent {
  id: string;
  title: string;
  venue: string;
  capacity: number;
  endsAt: string;
}

export const organiser = { authorization: adminHeaders.authorization };

/** A published event two weeks ahead, open for registration, created through the admin API. */
export async function publishedEvent(
  app: Hono,
  overrides: Record<string, unknown> = {},
): Promise<CreatedEvent> {
  const response = await app.request('/api/admin/events', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({
      title: 'Kybernetická bezpečnost na obecním úřadě',
      description: 'Jak poznat podvodný e-mail.',
      format: 'workshop',
      startsAt: inDays(14),
      endsAt: inDays(14, 3),
      venue: 'Krajský úřad, U Jezu 642/2a, Liberec',
      capacity: 5,
      // Generated inputs register by the hundred; a full waiting list would refuse them with 409.
      waitlistCapacity: 20_000,
      modernTechFocus: true,
      targetGroups: ['clerks', 'mayors'],
      status: 'published',
      ...overrides,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedEvent;
}

/** Items in this file's table: a cheap way to see that a batch of requests stored nothing. */
export async function tableItemCount(env: TestEnvironment): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await env.clients.dynamo.send(
      new ScanCommand({
        TableName: env.config.TABLE_NAME,
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

export const jsonPost = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

export const formPost = (
  fields: Record<string, string> | string,
  headers: Record<string, string> = {},
): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
});
