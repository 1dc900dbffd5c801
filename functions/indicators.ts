import { createDynamo, createS3, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createExportsBucket } from '../shared/adapters/exports-bucket';
import { createIndicatorRepository } from '../shared/adapters/indicator-repository';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { createRollupRepository } from '../shared/adapters/rollup-repository';
import { config } from '../shared/config';
import { createPersonKeyer } from '../shared/domain/indicators';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { loadLinkKeys } from '../shared/link-keys';
import type { ScheduledJobEvent } from '../shared/resources';
import {
  type AggregationSummary,
  aggregateIndicators,
  parseRecipients,
} from '../shared/use-cases/aggregate-indicators';

// This function signs or verifies links (or derives keys from them): the keys first.
await loadLinkKeys();
const cfg = config();
const dynamo = createDynamo(cfg);
const deps = {
  events: createEventRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  rollups: createRollupRepository(dynamo, cfg.TABLE_NAME),
  indicators: createIndicatorRepository(dynamo, cfg.TABLE_NAME),
  exports: createExportsBucket(createS3(cfg), cfg.EXPORTS_BUCKET),
  mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
  personKey: createPersonKeyer(cfg.hashingSecret),
  exportRecipients: parseRecipients(cfg.EXPORT_RECIPIENTS),
};

/** Nightly job `indicators`: aggregates the action-plan indicators as of `time`. */
export async function handler(event: ScheduledJobEvent): Promise<AggregationSummary> {
  const now = jobNow(event);
  const summary = await aggregateIndicators(deps, now);
  console.log(
    JSON.stringify({ level: 'info', job: 'indicators', ...summary, files: summary.files.length }),
  );
  return summary;
}
