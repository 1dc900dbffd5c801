import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createDynamo } from '../shared/adapters/clients';
import { createSentMailRepository } from '../shared/adapters/sent-mail-repository';
import { createSuppressionRepository } from '../shared/adapters/suppression-repository';
import { functionConfig } from '../shared/config';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { loadLinkKeys } from '../shared/link-keys';
import { handleMailEvent, type MailEventsDeps } from '../shared/use-cases/handle-mail-events';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

async function handleRecord(deps: MailEventsDeps, record: SQSRecord): Promise<void> {
  try {
    const result = await handleMailEvent(deps, record.body);
    // Counts only: the addresses themselves stay out of the logs.
    log({ level: 'info', msg: `mail-event.${result.outcome}`, ...result });
  } catch (error) {
    log({
      level: 'error',
      msg: 'mail-event.failed',
      sqsMessageId: record.messageId,
      error: error instanceof Error ? error.name : 'unknown',
      code: (error as { code?: unknown }).code,
    });
    throw error;
  }
}

export function createMailEventsHandler(deps: MailEventsDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(
      event,
      (record: SQSRecord) => handleRecord(deps, record),
      new BatchProcessor(EventType.SQS),
      {
        throwOnFullBatchFailure: false,
      },
    );
}

// Suppressions are keyed by a hash under the link keys' oldest key: the keys first.
await loadLinkKeys();
const cfg = functionConfig('mailEvents');
const dynamo = createDynamo(cfg);
export const handler = createMailEventsHandler({
  suppression: createSuppressionRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  sentMail: createSentMailRepository(dynamo, cfg.TABLE_NAME),
  now: () => new Date(),
});
