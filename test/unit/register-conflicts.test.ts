import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { createEventRepository } from '../../shared/adapters/event-repository';
import { createAddressHasher } from '../../shared/domain/rate-limit';
import type { Registration } from '../../shared/domain/registration';

/*
 * DynamoDB cancels a transaction that meets another one on the same item (reason
 * TransactionConflict); DynamoDB Local serialises them instead, so this is shown with a client
 * that answers the way DynamoDB does when a burst of registrations hits one event.
 */

const registration: Registration & { email: string } = {
  id: '01JD0000000000000000000000',
  eventId: '01JC0000000000000000000000',
  name: 'Jana Nováková',
  email: 'jana@example.cz',
  role: 'citizen',
  status: 'confirmed',
  source: 'registration',
  createdAt: '2030-03-05T08:00:00.000Z',
};

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

function clientAnswering(answers: (Error | object)[]) {
  const send = vi.fn(async () => {
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next ?? {};
  });
  return { send, dynamo: { send } as unknown as DynamoDBDocumentClient };
}

describe('registration under concurrent transactions', () => {
  it('tries again when a concurrent transaction held the event item, and takes the seat', async () => {
    const { send, dynamo } = clientAnswering([
      cancelled('TransactionConflict', 'None', 'None'),
      cancelled('TransactionConflict', 'None', 'None'),
      {},
    ]);
    const outcome = await createEventRepository(
      dynamo,
      'table',
      createAddressHasher('unit-test-secret'),
    ).register(registration, {
      openAt: registration.createdAt,
    });
    expect(outcome.outcome).toBe('confirmed');
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('still tells a full event from a conflict: a failed seat condition goes to the waiting list', async () => {
    const { send, dynamo } = clientAnswering([
      cancelled('ConditionalCheckFailed', 'None', 'None'),
      cancelled('TransactionConflict', 'None', 'None'),
      {},
    ]);
    const outcome = await createEventRepository(
      dynamo,
      'table',
      createAddressHasher('unit-test-secret'),
    ).register(registration);
    expect(outcome.outcome).toBe('waitlisted');
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('gives up after a bounded number of conflicts instead of retrying for ever', async () => {
    const { send, dynamo } = clientAnswering(
      Array.from({ length: 20 }, () => cancelled('None', 'TransactionConflict', 'None')),
    );
    await expect(
      createEventRepository(dynamo, 'table', createAddressHasher('unit-test-secret')).register(
        registration,
      ),
    ).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(send).toHaveBeenCalledTimes(7);
  });
});
