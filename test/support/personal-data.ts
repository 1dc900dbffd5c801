import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestEnvironment } from './test-stack';

/*
 * The declared inventory of personal data in the table, for tests that scan every item: an
 * attribute or an item kind listed here holds (or leads to) a person. A new kind of personal
 * data must be added here, or the retention tests cannot see it.
 */

/** Attributes that hold personal data on any item (an event's own fields are public). */
export const personalDataAttributes = ['name', 'email', 'clientHash'] as const;

/** Free text of survey answers (people write names into it). */
export const answerPersonalAttributes = ['comment', 'topics'] as const;

/** Item kinds (by key prefix) that exist only because of one person. */
export const personalItemPrefixes = ['EMAIL#', 'SURVEY#', 'PERSON#', 'OUTBOX#'] as const;

export function holdsPersonalData(item: Record<string, unknown>): boolean {
  const sk = String(item.sk ?? '');
  const pk = String(item.pk ?? '');
  if (sk === 'EVENT') return false;
  if (personalItemPrefixes.some((prefix) => sk.startsWith(prefix) || pk.startsWith(prefix))) {
    return true;
  }
  if (
    sk.startsWith('ANSWER#') &&
    answerPersonalAttributes.some((name) => item[name] !== undefined)
  ) {
    return true;
  }
  return personalDataAttributes.some((name) => item[name] !== undefined);
}

/** The event an item belongs to, when it belongs to one. */
export function eventOf(item: Record<string, unknown>): string | undefined {
  const pk = String(item.pk ?? '');
  if (pk.startsWith('EVENT#')) return pk.slice('EVENT#'.length);
  return typeof item.eventId === 'string' ? item.eventId : undefined;
}

export async function scanTable(env: TestEnvironment): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await env.clients.dynamo.send(
      new ScanCommand({
        TableName: env.config.TABLE_NAME,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Personal-data items of the given events, as they are stored now. */
export async function personalItemsOf(
  env: TestEnvironment,
  eventIds: readonly string[],
): Promise<Record<string, unknown>[]> {
  const wanted = new Set(eventIds);
  return (await scanTable(env)).filter((item) => {
    const eventId = eventOf(item);
    return eventId !== undefined && wanted.has(eventId) && holdsPersonalData(item);
  });
}
