import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AddressHasher } from '../domain/rate-limit';
import type { EventStore, RegistrationStore } from '../use-cases/ports';
import { createEventsRepository } from './events-repository';
import { createRegistrationsRepository } from './registrations-repository';

export type EventRepository = EventStore & RegistrationStore;

/** Events and their registrations over one table, for functions that use both. */
export function createEventRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  addressHash: AddressHasher,
): EventRepository {
  return {
    ...createEventsRepository(dynamo, tableName, addressHash),
    ...createRegistrationsRepository(dynamo, tableName, addressHash),
  };
}
