import { jobNow } from '../domain/job-event';
import { log } from '../log';
import type { JobName, ScheduledJobEvent } from '../resources';

/**
 * A scheduled job's handler: runs the job as of the schedule's time (or the time a manual run
 * gives) and logs its summary, counts only, under the job's name.
 */
export function scheduledJob<Summary extends object>(
  name: JobName,
  run: (now: Date) => Promise<Summary>,
  loggable: (summary: Summary) => object = (summary) => summary,
): (event: ScheduledJobEvent) => Promise<Summary> {
  return async (event) => {
    const summary = await run(jobNow(event));
    log.info(`job.${name}`, { job: name, ...loggable(summary) });
    return summary;
  };
}
