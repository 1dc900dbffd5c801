import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema';
import { sentMailKeepDays } from '../domain/retention';
import type { ClaimResult, SentMailRef, SentMailStore } from '../mail/ports';
import { batchGet } from './dynamo/batch';
import { keys } from './dynamo/keys';

/** Sent-mail records outlive any redelivery or re-run of a sweeper by far. */
const retentionSeconds = sentMailKeepDays * 86_400;

const sentMailSchema = lazySchema(() =>
  z.object({
    state: z.enum(['sending', 'sent']),
    leaseUntil: z.optional(z.number()),
  }),
);

const sesMessageSchema = lazySchema(() =>
  z.object({
    kind: z.string(),
    eventId: z.optional(z.string()),
    registrationId: z.optional(z.string()),
  }),
);
export type SesMessageRef = z.infer<typeof sesMessageSchema>;

function expiresAt(nowMs: number): number {
  return Math.floor(nowMs / 1000) + retentionSeconds;
}

function refAttributes(ref: SentMailRef) {
  return {
    kind: ref.kind,
    ...(ref.eventId ? { eventId: ref.eventId } : {}),
    ...(ref.registrationId ? { registrationId: ref.registrationId } : {}),
  };
}

/**
 * One record per email identity (the message's dedupe key), written conditionally: the claim
 * ('sending' with a lease) comes before the SES call, 'sent' after SES accepted the email.
 *
 * Trade-off: a container that dies between the SES call and marking 'sent' leaves a claim whose
 * lease expires, and the redelivered message sends the email again. Refusing expired claims
 * instead would lose every email whose sender crashed before SES was even called; one rare
 * duplicate is the cheaper failure for reminders and confirmations.
 */
export function createSentMailRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
): SentMailStore & {
  findBySesMessageId(sesMessageId: string): Promise<SesMessageRef | undefined>;
  sentAmong(dedupeKeys: string[]): Promise<Set<string>>;
} {
  async function read(dedupeKey: string) {
    const result = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: keys.sentMail(dedupeKey), ConsistentRead: true }),
    );
    return result.Item ? sentMailSchema.parse(result.Item) : undefined;
  }

  return {
    async isSent(dedupeKey) {
      return (await read(dedupeKey))?.state === 'sent';
    },

    async claim(dedupeKey, { nowMs, leaseMs, ref }): Promise<ClaimResult> {
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.sentMail(dedupeKey),
              state: 'sending',
              leaseUntil: nowMs + leaseMs,
              ...refAttributes(ref),
              expiresAt: expiresAt(nowMs),
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sending': 'sending', ':now': nowMs },
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const current = await read(dedupeKey);
        return current?.state === 'sent' ? 'sent' : 'in-progress';
      }
    },

    async markSent(dedupeKey, { sesMessageId, sentAt, ref }) {
      const nowMs = Date.parse(sentAt);
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: keys.sentMail(dedupeKey),
                UpdateExpression:
                  'SET #state = :sent, sentAt = :sentAt, sesMessageId = :id REMOVE leaseUntil',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: {
                  ':sent': 'sent',
                  ':sentAt': sentAt,
                  ':id': sesMessageId,
                },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.sesMessage(sesMessageId),
                  ...refAttributes(ref),
                  expiresAt: expiresAt(nowMs),
                },
              },
            },
          ],
        }),
      );
    },

    async release(dedupeKey) {
      try {
        await dynamo.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keys.sentMail(dedupeKey),
            ConditionExpression: '#state = :sending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sending': 'sending' },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /** Which of these emails SES has accepted, read 100 at a time. */
    async sentAmong(dedupeKeys) {
      const byPk = new Map(dedupeKeys.map((key) => [keys.sentMail(key).pk, key]));
      const records = await batchGet(dynamo, tableName, dedupeKeys.map(keys.sentMail), {
        ConsistentRead: true,
        ProjectionExpression: 'pk, #state',
        ExpressionAttributeNames: { '#state': 'state' },
      });
      const sent = new Set<string>();
      for (const record of records) {
        const key = byPk.get(String(record.pk));
        if (key !== undefined && record.state === 'sent') sent.add(key);
      }
      return sent;
    },

    async findBySesMessageId(sesMessageId) {
      const result = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.sesMessage(sesMessageId) }),
      );
      return result.Item ? sesMessageSchema.parse(result.Item) : undefined;
    },
  };
}

export type SentMailRepository = ReturnType<typeof createSentMailRepository>;
