import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';

const jobEventSchema = lazySchema(() =>
  z.object({ time: z.optional(z.iso.datetime({ offset: true })) }),
);

/** The moment a scheduled job acts as "now": the schedule's time, or `--at` locally. */
export function jobNow(event: unknown, fallback: () => Date = () => new Date()): Date {
  const parsed = jobEventSchema.safeParse(event ?? {});
  if (!parsed.success) throw new Error('The job event needs "time" as an ISO 8601 instant');
  return parsed.data.time ? new Date(parsed.data.time) : fallback();
}
