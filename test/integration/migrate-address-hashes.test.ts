import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateAddressHashes } from '../../infra/migrate-address-hashes';
import { keys, legacyEmailDigest } from '../../shared/adapters/dynamo/keys';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createSuppressionRepository } from '../../shared/adapters/suppression-repository';
import { newEvent, type TrainingEvent } from '../../shared/domain/event';
import { newId } from '../../shared/domain/ids';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import { scanTable } from '../support/personal-data';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

/*
 * The one-off migration from plain SHA-256 address keys to keyed hashes, on a table written
 * the old way: claims and suppressions re-keyed (duplicates still refused, suppressed addresses
 * still suppressed), the per-person index and retention schedules filled in, and a second run
 * changing nothing.
 */

let env: TestEnvironment;
let events: ReturnType<typeof createEventRepository>;
let hash: ReturnType<typeof createAddressHasher>;
let event: TrainingEvent;

const get = async (key: { pk: string; sk: string }) =>
  (
    await env.clients.dynamo.send(
      new GetCommand({ TableName: env.config.TABLE_NAME, Key: key, ConsistentRead: true }),
    )
  ).Item;
const put = (item: Record<string, unknown>) =>
  env.clients.dynamo.send(new PutCommand({ TableName: env.config.TABLE_NAME, Item: item }));
const del = (key: { pk: string; sk: string }) =>
  env.clients.dynamo.send(new DeleteCommand({ TableName: env.config.TABLE_NAME, Key: key }));

/** Rewrites what the current code stored into the form the code before keyed hashes stored. */
async function asLegacy(eventId: string, registrationId: string, email: string) {
  await del(keys.emailClaim(eventId, hash(email)));
  await del(keys.personRegistration(hash(email), eventId, registrationId));
  await put({ pk: `EVENT#${eventId}`, sk: `EMAIL#${legacyEmailDigest(email)}`, registrationId });
}

beforeAll(async () => {
  env = await createTestEnvironment();
  hash = createAddressHasher(env.config.hashingSecret);
  events = createEventRepository(env.clients.dynamo, env.config.TABLE_NAME, hash);
  event = newEvent(
    newId(),
    {
      title: 'Datová schránka krok za krokem',
      description: '',
      format: 'workshop',
      topics: ['datové schránky'],
      modernTechFocus: true,
      startsAt: '2026-05-12T07:00:00.000Z',
      endsAt: '2026-05-12T11:00:00.000Z',
      venue: 'Městský úřad Frýdlant',
      capacity: 5,
      targetGroups: ['clerks'],
      status: 'published',
    },
    '2026-04-01T08:00:00.000Z',
  );
  await events.createEvent(event);
  for (const [email, undeliverable] of [
    ['hana@frydlant.cz', false],
    ['odrazena@frydlant.cz', true],
  ] as const) {
    const result = await events.register({
      id: newId(),
      eventId: event.id,
      name: 'Hana Dvořáková',
      email,
      role: 'clerk',
      status: 'confirmed',
      source: 'registration',
      createdAt: '2026-04-02T08:00:00.000Z',
      ...(undeliverable ? { undeliverable: true } : {}),
    });
    if (result.outcome !== 'confirmed') throw new Error(result.outcome);
    await asLegacy(event.id, result.registration.id, email);
  }
  await del(keys.retentionDue(event.id));
  // Legacy suppressions: one whose address a registration still names, one nobody names.
  for (const email of ['odrazena@frydlant.cz', 'zapomenuta@example.cz']) {
    await put({
      pk: `SUPPRESSED#${legacyEmailDigest(email)}`,
      sk: 'SUPPRESSED',
      reason: 'bounce',
      suppressedAt: '2026-04-03T08:00:00.000Z',
    });
  }
});

describe('migration to keyed address hashes', () => {
  it('re-keys claims and suppressions, fills the person index and schedules, and re-runs as a no-op', async () => {
    const summary = await migrateAddressHashes(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      env.config.LINK_SIGNING_SECRET,
    );
    expect(summary).toEqual({
      claimsRekeyed: 2,
      claimsDeleted: 0,
      suppressionsRekeyed: 1,
      suppressionsDropped: 1,
      personEntriesWritten: 2,
      schedulesWritten: 1,
    });

    const items = await scanTable(env);
    const text = JSON.stringify(items);
    for (const email of ['hana@frydlant.cz', 'odrazena@frydlant.cz', 'zapomenuta@example.cz']) {
      expect(text).not.toContain(legacyEmailDigest(email));
    }
    // Duplicates are still refused under the new keys.
    const again = await events.register({
      id: newId(),
      eventId: event.id,
      name: 'Hana Dvořáková',
      email: 'hana@frydlant.cz',
      role: 'clerk',
      status: 'confirmed',
      source: 'registration',
      createdAt: '2026-04-05T08:00:00.000Z',
    });
    expect(again.outcome).toBe('duplicate');
    const suppression = createSuppressionRepository(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      hash,
    );
    expect(await suppression.isSuppressed('odrazena@frydlant.cz')).toBe(true);
    expect(await get(keys.suppressedAddress(hash('odrazena@frydlant.cz')))).toMatchObject({
      reason: 'bounce',
      expiresAt: Date.parse('2026-04-03T08:00:00.000Z') / 1000 + 730 * 86_400,
    });
    expect(await get(keys.retentionDue(event.id))).toMatchObject({
      gsi2pk: keys.retentionDuePartition,
      gsi2sk: keys.retentionDueSortKey(event.endsAt, event.id),
    });

    const second = await migrateAddressHashes(
      env.clients.dynamo,
      env.config.TABLE_NAME,
      env.config.LINK_SIGNING_SECRET,
    );
    expect(second).toEqual({
      claimsRekeyed: 0,
      claimsDeleted: 0,
      suppressionsRekeyed: 0,
      suppressionsDropped: 0,
      personEntriesWritten: 0,
      schedulesWritten: 0,
    });
    expect(await scanTable(env)).toEqual(expect.arrayContaining(items));
  });
});
