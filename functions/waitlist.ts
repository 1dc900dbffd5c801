import { createDynamo, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { config } from '../shared/config';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import type { ScheduledJobEvent } from '../shared/resources';
import {
  type ReconcileWaitlistsSummary,
  reconcileWaitlists,
} from '../shared/use-cases/reconcile-waitlists';

const cfg = config();
const dynamo = createDynamo(cfg);
const deps = {
  events: createEventRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
};

/**
 * Scheduled every five minutes: fills seats left free while people wait, and tells those still
 * waiting when registration closes that the event is full.
 */
export async function handler(event: ScheduledJobEvent): Promise<ReconcileWaitlistsSummary> {
  const summary = await reconcileWaitlists(deps, jobNow(event));
  console.log(JSON.stringify({ level: 'info', job: 'waitlist', ...summary }));
  return summary;
}
