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

/** The refusal of a registration's event condition, with the counters DynamoDB returns. */
function fullEvent(confirmed = 2, waiting = 0) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [
      {
        Code: 'ConditionalCheckFailed',
        Item: {
          capacity: { N: '2' },
          confirmedCount: { N: String(confirmed) },
          waitlistedCount: { N: String(waiting) },
        },
      },
      { Code: 'None' },
      { Code: 'None' },
    ],
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
      fullEvent(),
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

  it('once an event was found full, the next registration joins the line in one transaction', async () => {
    const { send, dynamo } = clientAnswering([fullEvent(), {}, {}]);
    const events = createEventRepository(dynamo, 'table', createAddressHasher('unit-test-secret'));
    expect((await events.register(registration)).outcome).toBe('waitlisted');
    expect(send).toHaveBeenCalledTimes(2);
    const next = { ...registration, id: '01JD0000000000000000000001', email: 'petr@example.cz' };
    expect((await events.register(next)).outcome).toBe('waitlisted');
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('a wrong guess costs one attempt: a seat freed meanwhile goes to the newcomer', async () => {
    const { send, dynamo } = clientAnswering([fullEvent(), {}, fullEvent(1, 0), {}]);
    const events = createEventRepository(dynamo, 'table', createAddressHasher('unit-test-secret'));
    await events.register(registration);
    const next = { ...registration, id: '01JD0000000000000000000001', email: 'petr@example.cz' };
    expect((await events.register(next)).outcome).toBe('confirmed');
    expect(send).toHaveBeenCalledTimes(4);
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

describe('promotion under concurrent transactions', () => {
  const head = (id: string) => ({
    Items: [{ registrationId: id, registeredAt: '2030-03-05T08:00:00.000Z' }],
  });

  it('tries again when it met another transaction, and promotes the head of the line', async () => {
    const { send, dynamo } = clientAnswering([
      head('A'),
      cancelled('None', 'None', 'TransactionConflict'),
      head('A'),
      {},
    ]);
    const outcome = await createEventRepository(
      dynamo,
      'table',
      createAddressHasher('unit-test-secret'),
    ).promoteNext(registration.eventId, '2030-03-06T08:00:00.000Z');
    expect(outcome).toMatchObject({ outcome: 'promoted', registration: { id: 'A' } });
    expect(send).toHaveBeenCalledTimes(4);
  });

  it('moves on to the next in line when the head left it meanwhile', async () => {
    const { send, dynamo } = clientAnswering([
      head('A'),
      cancelled('ConditionalCheckFailed', 'None', 'None'),
      {},
      head('B'),
      {},
    ]);
    const outcome = await createEventRepository(
      dynamo,
      'table',
      createAddressHasher('unit-test-secret'),
    ).promoteNext(registration.eventId, '2030-03-06T08:00:00.000Z');
    expect(outcome).toMatchObject({ outcome: 'promoted', registration: { id: 'B' } });
    expect(send).toHaveBeenCalledTimes(5);
  });

  it('stops when no seat is free or the event takes nobody any more', async () => {
    const { dynamo } = clientAnswering([
      head('A'),
      cancelled('None', 'None', 'ConditionalCheckFailed'),
    ]);
    const outcome = await createEventRepository(
      dynamo,
      'table',
      createAddressHasher('unit-test-secret'),
    ).promoteNext(registration.eventId, '2030-03-06T08:00:00.000Z');
    expect(outcome).toEqual({ outcome: 'settled' });
  });
});
