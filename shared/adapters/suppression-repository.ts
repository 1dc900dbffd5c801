import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AddressHasher } from '../domain/rate-limit';
import { suppressionKeepDays } from '../domain/retention';
import { keys } from './dynamo/keys';

export type SuppressionReason = 'bounce' | 'complaint';

/**
 * Addresses SES reported as permanently bouncing or complaining. The item is keyed by a keyed
 * hash of the address and stores no address, so the list keeps no personal data readable; it
 * expires (DynamoDB TTL) after `suppressionKeepDays`, when a mailbox has long been reused or
 * fixed.
 */
export function createSuppressionRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
) {
  return {
    async isSuppressed(normalisedEmail: string): Promise<boolean> {
      const result = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.suppressedAddress(addressHash(normalisedEmail)),
          ConsistentRead: true,
        }),
      );
      return result.Item !== undefined;
    },

    /** Idempotent: the first report is kept, later ones change nothing. */
    async suppress(
      normalisedEmail: string,
      details: { reason: SuppressionReason; at: string },
    ): Promise<void> {
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.suppressedAddress(addressHash(normalisedEmail)),
              reason: details.reason,
              suppressedAt: details.at,
              expiresAt: Math.floor(Date.parse(details.at) / 1000) + suppressionKeepDays * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /**
     * Flags the registration an undeliverable email was sent for, so organisers see that the
     * person never got the confirmation. A registration deleted meanwhile is left alone.
     */
    async markRegistrationUndeliverable(eventId: string, registrationId: string): Promise<boolean> {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.registration(eventId, registrationId),
            UpdateExpression: 'SET undeliverable = :true',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':true': true },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

export type SuppressionRepository = ReturnType<typeof createSuppressionRepository>;
