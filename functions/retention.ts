import { createDynamo } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createRetentionDueRepository } from '../shared/adapters/retention-due';
import { createPurgeRepository } from '../shared/adapters/rollup-repository';
import { config } from '../shared/config';
import { createPersonKeyer } from '../shared/domain/indicators';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { loadLinkKeys } from '../shared/link-keys';
import type { ScheduledJobEvent } from '../shared/resources';
import { type PurgeSummary, purgePersonalData } from '../shared/use-cases/purge-personal-data';

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
  purge: createPurgeRepository(dynamo, cfg.TABLE_NAME),
  due: createRetentionDueRepository(dynamo, cfg.TABLE_NAME),
  personKey: createPersonKeyer(cfg.hashingSecret),
  addressHash: createAddressHasher(() => cfg.hashingSecret),
  retentionDays: cfg.RETENTION_DAYS,
};

/** Nightly job `retention`: removes contact data RETENTION_DAYS after each event's end. */
export async function handler(event: ScheduledJobEvent): Promise<PurgeSummary> {
  const now = jobNow(event);
  const summary = await purgePersonalData(deps, now);
  console.log(JSON.stringify({ level: 'info', job: 'retention', ...summary }));
  return summary;
}
