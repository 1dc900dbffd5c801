import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parseLocalConfig } from '../../../infra/local/config';
import { createQueues, type LocalNames } from '../../../infra/local/provision';
import type { QueueName } from '../../../shared/resources';
import { adminHeaders } from '../../support/app-under-test';
import { inDays } from '../../support/fixtures';
import { enforceTestIam, type TestEnvironment } from '../../support/test-stack';

/**
 * The same table and bucket on queues of other names (and the function environment to match):
 * the redrive command, for one, finds its queues by the installation's names.
 */
export async function onQueuesNamed(
  env: TestEnvironment,
  names: LocalNames,
  options: { visibilityTimeoutSeconds?: number } = {},
): Promise<TestEnvironment> {
  const provisioned = await createQueues(env.clients.sqs, names, options);
  const queueUrls = Object.fromEntries(
    Object.entries(provisioned).map(([name, queue]) => [name, queue.url]),
  ) as Record<QueueName, string>;
  const deadLetterUrls = Object.fromEntries(
    Object.entries(provisioned).map(([name, queue]) => [name, queue.deadLetterUrl]),
  ) as Record<QueueName, string>;
  const environment = { ...env.environment, MAIL_QUEUE_URL: queueUrls.mail };
  Object.assign(process.env, environment);
  const installation = { ...names, table: env.names.table, bucket: env.names.bucket };
  return {
    ...env,
    names: installation,
    iam: enforceTestIam(installation, queueUrls),
    queueUrls,
    deadLetterUrls,
    environment,
    config: parseLocalConfig(environment),
  };
}

/** The function environment with other settings (SES endpoint, claim lease…). */
export function withSettings(
  env: TestEnvironment,
  settings: Record<string, string>,
): TestEnvironment {
  const environment = { ...env.environment, ...settings };
  Object.assign(process.env, environment);
  return { ...env, environment, config: parseLocalConfig(environment) };
}

/** An address nobody else in the run uses. */
export const uniqueAddress = (label: string) =>
  `${label}.${randomBytes(4).toString('hex')}@example.cz`;

export interface EventOverHttp {
  id: string;
  title: string;
}

/** Creates a published event through the admin API of a running application. */
export async function createEventOverHttp(
  baseUrl: string,
  fields: { title: string; capacity: number; startsAt?: string; endsAt?: string },
): Promise<EventOverHttp> {
  const response = await fetch(`${baseUrl}/api/admin/events`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({
      startsAt: fields.startsAt ?? inDays(14),
      endsAt: fields.endsAt ?? inDays(14, 3),
      venue: 'Krajský úřad Libereckého kraje, Liberec',
      modernTechFocus: true,
      ...fields,
    }),
  });
  if (response.status !== 201) {
    throw new Error(`Creating the event answered ${response.status}: ${await response.text()}`);
  }
  const { id } = (await response.json()) as { id: string };
  return { id, title: fields.title };
}

export interface RegistrationAnswer {
  email: string;
  httpStatus: number;
  status?: string;
}

/** One registration through the public API; network errors are answers too (status 0). */
export async function registerOverHttp(
  baseUrl: string,
  eventId: string,
  email: string,
  name = 'Jana Nováková',
): Promise<RegistrationAnswer> {
  try {
    const response = await fetch(`${baseUrl}/api/events/${eventId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, role: 'citizen', consent: true }),
    });
    const body = (await response.json().catch(() => ({}))) as { status?: string };
    return {
      email,
      httpStatus: response.status,
      ...(body.status ? { status: body.status } : {}),
    };
  } catch {
    return { email, httpStatus: 0 };
  }
}

/** Sent-mail records still claimed ('sending'): a send that started and never finished. */
export async function unfinishedSends(
  env: TestEnvironment,
): Promise<{ kind: string; registrationId?: string; leaseUntil?: number }[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await env.clients.dynamo.send(
      new ScanCommand({
        TableName: env.config.TABLE_NAME,
        FilterExpression: 'begins_with(pk, :mail) AND #state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':mail': 'MAIL#', ':sending': 'sending' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.map((item) => ({
    kind: String(item.kind),
    ...(item.registrationId ? { registrationId: String(item.registrationId) } : {}),
    // Tells one claim from the next: each attempt to send takes a new lease.
    ...(typeof item.leaseUntil === 'number' ? { leaseUntil: item.leaseUntil } : {}),
  }));
}
