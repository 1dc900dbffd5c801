import { createDynamo, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { createReminderRepository } from '../shared/adapters/reminder-repository';
import { config, reminderOffsetsHours } from '../shared/config';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import type { ScheduledJobEvent } from '../shared/resources';
import { type ReminderSweepSummary, sendDueReminders } from '../shared/use-cases/send-reminders';

const cfg = config();
const dynamo = createDynamo(cfg);
const sqs = createSqs(cfg);
const defaultOffsetsHours = reminderOffsetsHours(cfg);
const deps = {
  events: createEventRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  reminders: createReminderRepository(dynamo, cfg.TABLE_NAME, defaultOffsetsHours),
  mail: createMailQueue(sqs, cfg.MAIL_QUEUE_URL),
  defaultOffsetsHours,
};

/** Scheduled every five minutes: queues the reminders that fell due. */
export async function handler(event: ScheduledJobEvent): Promise<ReminderSweepSummary> {
  const summary = await sendDueReminders(deps, jobNow(event));
  console.log(JSON.stringify({ level: 'info', job: 'reminders', ...summary }));
  return summary;
}
