import { createDynamo, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { createSurveyRepository } from '../shared/adapters/survey-repository';
import { config } from '../shared/config';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import type { ScheduledJobEvent } from '../shared/resources';
import { runSurveySweep, type SurveySweepSummary } from '../shared/use-cases/surveys';

const cfg = config();
const dynamo = createDynamo(cfg);
const sqs = createSqs(cfg);
const deps = {
  events: createEventRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  surveys: createSurveyRepository(dynamo, cfg.TABLE_NAME),
  mail: createMailQueue(sqs, cfg.MAIL_QUEUE_URL),
  now: () => new Date(),
};

/** Scheduled every quarter of an hour: survey invitations, the one reminder, closing. */
export async function handler(event: ScheduledJobEvent): Promise<SurveySweepSummary> {
  const summary = await runSurveySweep(deps, jobNow(event));
  console.log(JSON.stringify({ level: 'info', job: 'surveys', ...summary }));
  return summary;
}
