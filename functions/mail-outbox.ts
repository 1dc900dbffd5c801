import { createDynamo, createSqs } from '../shared/adapters/clients';
import { config } from '../shared/config';
import { jobNow } from '../shared/domain/job-event';
import { log } from '../shared/log';
import { type MailOutboxSweepSummary, sweepMailOutbox } from '../shared/mail/outbox';
import { mailOutboxDeps } from '../shared/mail/wiring';
import type { ScheduledJobEvent } from '../shared/resources';

const cfg = config();
const deps = mailOutboxDeps(cfg, { dynamo: createDynamo(cfg), sqs: createSqs(cfg) });

/** Scheduled every five minutes: queues the emails whose first queue send was lost. */
export async function handler(event: ScheduledJobEvent): Promise<MailOutboxSweepSummary> {
  const summary = await sweepMailOutbox(deps, jobNow(event));
  log.info('job.done', { job: 'mailOutbox', ...summary });
  return summary;
}
