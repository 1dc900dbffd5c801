import { jobNow } from '../domain/job-event';
import { log } from '../log';
import type { JobName, ScheduledJobEvent } from '../resources';

/** A summary as the log shows it: counts, and a list only as its length. */
function countsOf(summary: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(summary).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.length : value,
    ]),
  );
}

/**
 * A scheduled job's handler: runs the job as of the schedule's time (or the time a manual run
 * gives) and logs its summary, counts only, under the job's name.
 */
export function scheduledJob<Summary extends object>(
  name: JobName,
  run: (now: Date) => Promise<Summary>,
): (event: ScheduledJobEvent) => Promise<Summary> {
  return async (event) => {
    const summary = await run(jobNow(event));
    log.info('job.done', { job: name, ...countsOf(summary) });
    return summary;
  };
}
