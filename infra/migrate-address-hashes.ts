import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { createDynamo } from '../shared/adapters/clients';
import { keys, legacyEmailDigest, parseKeys } from '../shared/adapters/dynamo/keys';
import { createRetentionDueRepository } from '../shared/adapters/retention-due';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { suppressionKeepDays } from '../shared/domain/retention';

/*
 * One-off migration to keyed address hashes (run once after deploying them; safe to run again:
 * a second run finds nothing to do). It reads the table once (a scan: a one-off, never a job):
 * - email claims keyed by the plain SHA-256 of the address move to the keyed hash, read from
 *   the registration they point to; claims of registrations without an address are deleted;
 * - suppressions: the legacy ones carry no expiry; those whose address a registration still
 *   names (flagged undeliverable) move to the keyed hash with an expiry; the others cannot be
 *   re-keyed (the address is gone) and are deleted rather than kept reversible;
 * - every registration with an address gets its per-person index entry (data-subject requests);
 * - every event gets its retention schedule, armed, with the event's end (the purge checks it
 *   once due and takes it out again).
 */

export interface AddressHashMigration {
  claimsRekeyed: number;
  claimsDeleted: number;
  suppressionsRekeyed: number;
  suppressionsDropped: number;
  personEntriesWritten: number;
  schedulesWritten: number;
}

type Item = Record<string, unknown>;

async function scanAll(dynamo: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function putIfAbsent(dynamo: DynamoDBDocumentClient, tableName: string, item: Item) {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function migrateAddressHashes(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  linkSigningSecret: string,
): Promise<AddressHashMigration> {
  const hash = createAddressHasher(linkSigningSecret);
  const summary: AddressHashMigration = {
    claimsRekeyed: 0,
    claimsDeleted: 0,
    suppressionsRekeyed: 0,
    suppressionsDropped: 0,
    personEntriesWritten: 0,
    schedulesWritten: 0,
  };
  const items = await scanAll(dynamo, tableName);
  const byKey = new Map(items.map((item) => [`${item.pk}\n${item.sk}`, item]));
  const remove = (item: Item) =>
    dynamo.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));

  const registrations = items.filter(
    (i) => String(i.pk).startsWith('EVENT#') && String(i.sk).startsWith(keys.registrationPrefix),
  );
  const emailOf = new Map<string, string>();
  for (const registration of registrations) {
    if (typeof registration.email !== 'string') continue;
    const eventId = String(registration.eventId);
    const id = String(registration.id);
    emailOf.set(`${eventId}\n${id}`, registration.email);
    const person = keys.personRegistration(hash(registration.email), eventId, id);
    if (!byKey.has(`${person.pk}\n${person.sk}`)) {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...person, eventId, registrationId: id },
        }),
      );
      summary.personEntriesWritten++;
    }
  }

  for (const claim of items.filter((i) => String(i.sk).startsWith(keys.emailClaimPrefix))) {
    const eventId = parseKeys.eventId(claim.pk) ?? '';
    const email = emailOf.get(`${eventId}\n${String(claim.registrationId)}`);
    if (email === undefined) {
      await remove(claim);
      summary.claimsDeleted++;
      continue;
    }
    const keyed = keys.emailClaim(eventId, hash(email));
    if (claim.sk === keyed.sk) continue;
    // The keyed claim first: a run that stops in between leaves two claims, never none.
    await putIfAbsent(dynamo, tableName, { ...keyed, registrationId: claim.registrationId });
    await remove(claim);
    summary.claimsRekeyed++;
  }

  const undeliverable = new Map<string, string>();
  for (const registration of registrations) {
    if (registration.undeliverable === true && typeof registration.email === 'string') {
      undeliverable.set(legacyEmailDigest(registration.email), registration.email);
    }
  }
  for (const suppression of items.filter((i) => String(i.pk).startsWith(keys.suppressedPrefix))) {
    if (suppression.expiresAt !== undefined) continue;
    const legacy = parseKeys.suppressedAddressHash(suppression.pk) ?? '';
    const email = undeliverable.get(legacy);
    if (email !== undefined) {
      const at = typeof suppression.suppressedAt === 'string' ? suppression.suppressedAt : '';
      const since = Date.parse(at) || Date.now();
      await putIfAbsent(dynamo, tableName, {
        ...keys.suppressedAddress(hash(email)),
        reason: suppression.reason,
        suppressedAt: at,
        expiresAt: Math.floor(since / 1000) + suppressionKeepDays * 86_400,
      });
      summary.suppressionsRekeyed++;
    } else {
      summary.suppressionsDropped++;
    }
    await remove(suppression);
  }

  const eventSchema = z.object({ id: z.string(), endsAt: z.string() });
  for (const item of items.filter((i) => i.sk === 'EVENT' && String(i.pk).startsWith('EVENT#'))) {
    const event = eventSchema.safeParse(item);
    if (!event.success) continue;
    const dueKey = keys.retentionDueSortKey(event.data.endsAt, event.data.id);
    const written = await putIfAbsent(dynamo, tableName, {
      ...keys.retentionDue(event.data.id),
      eventId: event.data.id,
      dueKey,
      // Armed: the purge checks the event once it is due, and takes it out again.
      ...keys.retentionDueIndex(dueKey),
      arms: 1,
    });
    if (written) {
      summary.schedulesWritten++;
    } else if (byKey.get(`EVENT#${event.data.id}\nPURGEDUE`)?.dueKey !== dueKey) {
      // Armed since the deploy by a write that did not know the event's end.
      await createRetentionDueRepository(dynamo, tableName).reschedule(
        event.data.id,
        event.data.endsAt,
      );
      summary.schedulesWritten++;
    }
  }
  return summary;
}

const cliEnvironment = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  LINK_SIGNING_SECRET: z.string().check(z.minLength(32)),
  AWS_REGION: z.string().check(z.minLength(1)),
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.string()),
});

async function main(): Promise<void> {
  const env = cliEnvironment.safeParse(process.env);
  if (!env.success) {
    throw new Error(
      'Usage: TABLE_NAME=<table> LINK_SIGNING_SECRET=<secret> AWS_REGION=<region> npm run migrate:address-hashes',
    );
  }
  const dynamo = createDynamo(env.data);
  const summary = await migrateAddressHashes(
    dynamo,
    env.data.TABLE_NAME,
    env.data.LINK_SIGNING_SECRET,
  );
  console.log(JSON.stringify({ level: 'info', job: 'migrate-address-hashes', ...summary }));
}

if (process.argv[1]?.endsWith('migrate-address-hashes.ts')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
