import { createDynamo, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createMailOutbox } from '../shared/adapters/mail-outbox';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { createSentMailRepository } from '../shared/adapters/sent-mail-repository';
import { config } from '../shared/config';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import type { ScheduledJobEvent } from '../shared/resources';
import { promoteFromWaitlist } from '../shared/use-cases/cancel-registration';
import {
  type MailOutboxSweepSummary,
  sweepMailOutbox,
} from '../shared/use-cases/sweep-mail-outbox';

const cfg = config();
const dynamo = createDynamo(cfg);
const events = createEventRepository(
  dynamo,
  cfg.TABLE_NAME,
  createAddressHasher(() => cfg.hashingSecret),
);
const mail = createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL);
const deps = {
  outbox: createMailOutbox(dynamo, cfg.TABLE_NAME),
  events,
  sentMail: createSentMailRepository(dynamo, cfg.TABLE_NAME),
  mail,
  promote: (eventId: string) =>
    promoteFromWaitlist({ events, mail, now: () => new Date() }, eventId),
};

/** Scheduled every five minutes: queues the emails whose first queue send was lost. */
export async function handler(event: ScheduledJobEvent): Promise<MailOutboxSweepSummary> {
  const summary = await sweepMailOutbox(deps, jobNow(event));
  console.log(JSON.stringify({ level: 'info', job: 'mailOutbox', ...summary }));
  return summary;
}
