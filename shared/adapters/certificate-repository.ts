import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Certificate,
  certificateExpiresAt,
  certificateSchema,
  formatCertificateNumber,
  issueYear,
  parseCertificateNumber,
} from '../domain/certificate';
import type {
  CertificateRegister,
  IssueContent,
  IssueOutcome,
  ReissueOutcome,
} from '../use-cases/ports';
import { cancellationReasons, isConditionReason, isTransactionCancelled } from './dynamo/errors';
import { keys, withoutKeys } from './dynamo/keys';
import { indexQuery, partitionQuery, queryAll } from './dynamo/query';
import type { TransactItem } from './dynamo/transaction';

/** Attempts when other renderers take the year's next number first. */
const counterRetries = 50;

function parse(item: Record<string, unknown>): Certificate {
  return certificateSchema.parse(withoutKeys(item));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The register of certificates. A number is taken in the same transaction that writes the
 * certificate under it: the year's counter moves from the value read to the next one only if
 * nobody moved it meanwhile, so numbers are unique, and no number exists without its
 * certificate, so there are no gaps, whatever crashes or redeliveries happen.
 */
export function createCertificateRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  options: { numberPrefix: string; retentionYears: number },
) {
  async function lastNumber(year: number): Promise<number> {
    const result = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.certificateCounter(year),
        ConsistentRead: true,
      }),
    );
    return (result.Item?.last as number | undefined) ?? 0;
  }

  function counterWrite(year: number, last: number): TransactItem {
    return {
      Update: {
        TableName: tableName,
        Key: keys.certificateCounter(year),
        UpdateExpression: 'SET #last = :next',
        ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: {
          ':next': last + 1,
          ...(last === 0 ? {} : { ':last': last }),
        },
      },
    };
  }

  function certificatePut(certificate: Certificate): TransactItem {
    return {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.certificate(certificate.eventId, certificate.number),
          ...keys.certificatesOfYear(certificate.year, certificate.number),
          ...certificate,
          expiresAt: certificateExpiresAt(certificate.issuedAt, options.retentionYears),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * Writes a new certificate with the year's next number, together with `extra` writes; a
   * cancelled transaction is retried with a fresh number only when the counter moved.
   * Returns undefined when one of the extra writes' conditions failed.
   */
  async function withNextNumber(
    content: IssueContent,
    extra: (certificate: Certificate) => TransactItem[],
  ): Promise<Certificate | undefined> {
    const year = issueYear(content.issuedAt);
    for (let attempt = 0; attempt <= counterRetries; attempt++) {
      const last = await lastNumber(year);
      const certificate: Certificate = {
        ...content,
        number: formatCertificateNumber(options.numberPrefix, year, last + 1),
        year,
        sequence: last + 1,
        status: 'valid',
      };
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              counterWrite(year, last),
              certificatePut(certificate),
              ...extra(certificate),
            ],
          }),
        );
        return certificate;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        const extraFailed = reasons.slice(2).some(isConditionReason);
        if (extraFailed) return undefined;
        const retryable = reasons.every(
          (reason) =>
            reason.Code === 'None' ||
            reason.Code === 'ConditionalCheckFailed' ||
            reason.Code === 'TransactionConflict',
        );
        if (!retryable) throw error;
        // Someone took this number; a little jitter keeps contending renderers apart.
        await pause(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
      }
    }
    throw new Error(`No certificate number for ${year} after ${counterRetries} attempts`);
  }

  const repository = {
    async get(number: string): Promise<Certificate | undefined> {
      const parsed = parseCertificateNumber(number);
      if (!parsed) return undefined;
      const result = await dynamo.send(
        new QueryCommand(
          indexQuery(tableName, 'byStart', keys.certificatesOfYearPartition(parsed.year), {
            condition: '#sk = :sk',
            values: { ':sk': number },
          }),
        ),
      );
      const item = result.Items?.[0];
      return item ? parse(item) : undefined;
    },

    /** Strongly consistent read of one event's certificate. */
    async getInEvent(eventId: string, number: string): Promise<Certificate | undefined> {
      const result = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.certificate(eventId, number),
          ConsistentRead: true,
        }),
      );
      return result.Item ? parse(result.Item) : undefined;
    },

    /** registrationId → number of its current certificate, for one event. */
    async currentNumbers(eventId: string): Promise<Map<string, string>> {
      const items = await queryAll(dynamo, {
        ...partitionQuery(
          tableName,
          keys.eventPartition(eventId),
          keys.certificateOfRegistrationPrefix,
        ),
        ConsistentRead: true,
      });
      return new Map(items.map((item) => [item.registrationId as string, item.number as string]));
    },

    /**
     * The registration's certificate: the one it has, or a new one with the next number. The
     * pointer from the registration is written in the same transaction, so a redelivered or
     * concurrent request for the same registration never gets a second number.
     */
    async issue(content: IssueContent): Promise<IssueOutcome> {
      const pointerKey = keys.certificateOfRegistration(content.eventId, content.registrationId);
      const existing = async (): Promise<Certificate | undefined> => {
        const pointer = await dynamo.send(
          new GetCommand({ TableName: tableName, Key: pointerKey, ConsistentRead: true }),
        );
        const number = pointer.Item?.number as string | undefined;
        return number ? repository.getInEvent(content.eventId, number) : undefined;
      };
      const before = await existing();
      if (before) return { outcome: 'existing', certificate: before };
      const issued = await withNextNumber(content, (certificate) => [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...pointerKey,
              registrationId: content.registrationId,
              number: certificate.number,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      if (issued) return { outcome: 'issued', certificate: issued };
      const winner = await existing();
      if (!winner) throw new Error('Certificate pointer exists without its certificate');
      return { outcome: 'existing', certificate: winner };
    },

    /**
     * A corrected certificate under a new number; the old one is marked replaced and points to
     * it, in one transaction. Only a valid certificate can be replaced.
     */
    async reissue(
      old: Certificate,
      changes: { name: string },
      nowIso: string,
    ): Promise<ReissueOutcome> {
      const { number, year, sequence, status, replacedBy, changedAt, ...rest } = old;
      const replacement = await withNextNumber(
        { ...rest, name: changes.name, issuedAt: nowIso, replaces: old.number },
        (certificate) => [
          {
            Update: {
              TableName: tableName,
              Key: keys.certificate(old.eventId, old.number),
              UpdateExpression: 'SET #status = :replaced, replacedBy = :by, changedAt = :now',
              ConditionExpression: '#status = :valid',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':replaced': 'replaced',
                ':valid': 'valid',
                ':by': certificate.number,
                ':now': nowIso,
              },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.certificateOfRegistration(old.eventId, old.registrationId),
                registrationId: old.registrationId,
                number: certificate.number,
              },
            },
          },
        ],
      );
      if (!replacement) return { outcome: 'not-valid' };
      return {
        outcome: 'reissued',
        certificate: replacement,
        replaced: { ...old, status: 'replaced', replacedBy: replacement.number, changedAt: nowIso },
      };
    },

    /** Marks a valid certificate revoked; false when it was not valid (already changed). */
    async revoke(eventId: string, number: string, nowIso: string): Promise<boolean> {
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.certificate(eventId, number),
                  UpdateExpression: 'SET #status = :revoked, changedAt = :now',
                  ConditionExpression: 'attribute_exists(pk) AND #status = :valid',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':revoked': 'revoked',
                    ':valid': 'valid',
                    ':now': nowIso,
                  },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isTransactionCancelled(error)) return false;
        throw error;
      }
    },

    async listForEvent(eventId: string): Promise<Certificate[]> {
      const items = await queryAll(dynamo, {
        ...partitionQuery(tableName, keys.eventPartition(eventId), keys.certificatePrefix),
      });
      return items.map(parse).sort((a, b) => a.number.localeCompare(b.number));
    },

    async listForYear(year: number): Promise<Certificate[]> {
      const items = await queryAll(
        dynamo,
        indexQuery(tableName, 'byStart', keys.certificatesOfYearPartition(year)),
      );
      return items.map(parse);
    },
  };
  return repository;
}

export type CertificateRepository = CertificateRegister;
