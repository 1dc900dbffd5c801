import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { MailKind } from '../domain/mail-message';
import { dataSubjectAuditKeepDays } from '../domain/retention';
import type { DataSubjectAudit, PersonEntry } from '../use-cases/ports';
import { batchGet, batchWrite } from './dynamo/batch';
import { keys } from './dynamo/keys';
import { partitionQuery, queryAll } from './dynamo/query';
import type { TransactItem } from './dynamo/transaction';

/** The per-person index entry of a registration; goes into the transaction that stores it. */
export function personIndexWrite(
  tableName: string,
  addressHash: string,
  registration: { eventId: string; id: string },
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.personRegistration(addressHash, registration.eventId, registration.id),
        eventId: registration.eventId,
        registrationId: registration.id,
      },
    },
  };
}

/** Mail kinds whose identity is the registration alone (see mailDedupeKey). */
const registrationMailKinds: readonly MailKind[] = [
  'registration-confirmed',
  'registration-waitlisted',
  'promoted',
  'registration-cancelled',
  'survey-invitation',
  'survey-reminder',
];

/**
 * Everything stored about one address, found through the per-person index (no scan): the
 * registrations, their email claims and survey invitations, and the mail records keyed by the
 * registration alone. Erasing turns each registration into the anonymous record the retention
 * purge leaves (see purgeRegistration) and deletes the rest.
 */
export function createPeopleRepository(dynamo: DynamoDBDocumentClient, tableName: string) {
  return {
    async entries(addressHash: string): Promise<PersonEntry[]> {
      const items = await queryAll(dynamo, {
        ...partitionQuery(tableName, keys.personPartition(addressHash)),
        ConsistentRead: true,
      });
      return items.map((item) => ({
        eventId: String(item.eventId),
        registrationId: String(item.registrationId),
      }));
    },

    async registrationItems(entries: PersonEntry[]): Promise<Record<string, unknown>[]> {
      return batchGet(
        dynamo,
        tableName,
        entries.map((e) => keys.registration(e.eventId, e.registrationId)),
        { ConsistentRead: true },
      );
    },

    async invitations(entries: PersonEntry[]): Promise<Record<string, unknown>[]> {
      return batchGet(
        dynamo,
        tableName,
        entries.map((e) => keys.surveyInvitation(e.eventId, e.registrationId)),
        { ConsistentRead: true },
      );
    },

    async claim(
      eventId: string,
      addressHash: string,
    ): Promise<Record<string, unknown> | undefined> {
      const result = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.emailClaim(eventId, addressHash),
          ConsistentRead: true,
        }),
      );
      return result.Item;
    },

    /** Mail records (sent and outbox) of the registration's own emails. */
    async mailRecords(entries: PersonEntry[]): Promise<Record<string, unknown>[]> {
      const mailKeys = entries.flatMap((e) =>
        registrationMailKinds.flatMap((kind) => [
          keys.sentMail(`${kind}#${e.registrationId}`),
          keys.mailOutbox(`${kind}#${e.registrationId}`),
        ]),
      );
      return batchGet(dynamo, tableName, mailKeys, { ConsistentRead: true });
    },

    /** Deletes the person's items other than the registrations; idempotent. */
    async deleteHeld(addressHash: string, entries: PersonEntry[]): Promise<void> {
      const mail = await this.mailRecords(entries);
      const itemKeys = [
        ...entries.flatMap((e) => [
          keys.emailClaim(e.eventId, addressHash),
          keys.surveyInvitation(e.eventId, e.registrationId),
        ]),
        ...mail.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
      ];
      await batchWrite(
        dynamo,
        tableName,
        itemKeys.map((Key) => ({ DeleteRequest: { Key } })),
      );
    },

    /** The index entries go last, so an erase that stops half-way is found again and finished. */
    async deleteEntries(addressHash: string, entries: PersonEntry[]): Promise<void> {
      for (const e of entries) {
        await dynamo.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.personRegistration(addressHash, e.eventId, e.registrationId),
          }),
        );
      }
    },

    async writeAudit(audit: DataSubjectAudit): Promise<void> {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.dataSubjectAudit(audit.at, randomBytes(8).toString('base64url')),
            ...audit,
            expiresAt: Math.floor(Date.parse(audit.at) / 1000) + dataSubjectAuditKeepDays * 86_400,
          },
        }),
      );
    },
  };
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
