/**
 * The one definition of the system's moving parts: the table and its indexes, the queues and
 * their dead-letter settings, the functions and the schedules. The CDK stacks and the local
 * runtime both read this file, so a visibility timeout or an index is never written twice.
 */

export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items (sent-mail records, finished reminders). */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    /** Events by start time: listing upcoming events and the events of a period. */
    byStart: { name: 'byStart', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /**
     * Sparse index of work that falls due (reminders, survey invitations, the mail outbox). Only
     * pending items carry the keys, so a sweep reads what is due, never the whole table.
     */
    byDueTime: { name: 'byDueTime', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
} as const;

export type FunctionName =
  | 'site'
  | 'publications'
  | 'organiser'
  | 'mailer'
  | 'mailEvents'
  | 'reminders'
  | 'mailOutbox'
  | 'waitlist'
  | 'surveys'
  | 'indicators'
  | 'retention'
  | 'certificates'
  | 'certificateRenderer';

export interface FunctionDefinition {
  /** Entry file relative to the project root. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * Concurrent invocations reserved for, and at most allowed to, the function. Set where a
   * public caller decides how many invocations run: a flood then stops at this cap instead of
   * taking the account's whole concurrency from every other function.
   */
  reservedConcurrency?: number;
  /** Files (relative to the project root) copied beside the bundle, e.g. fonts. */
  bundledFiles?: { from: string; to: string }[];
}

export const functions: Record<FunctionName, FunctionDefinition> = {
  site: {
    entry: 'functions/site.ts',
    description: 'Public pages, the registration form and JSON API, signed links and open data',
    timeoutSeconds: 15,
    memoryMb: 1024,
    // A registration takes some tens of milliseconds, so 100 containers serve well over a
    // thousand requests a second, far above the stage's throttle (httpApiThrottle).
    reservedConcurrency: 100,
  },
  publications: {
    entry: 'functions/publications.ts',
    description: 'Open data, calendars, the indicators API, certificate verification, legal pages',
    timeoutSeconds: 15,
    memoryMb: 512,
    // Read-only and cacheable, but anyone can make it run: capped like the site.
    reservedConcurrency: 20,
  },
  organiser: {
    entry: 'functions/organiser.ts',
    description: 'Organiser pages and downloads under /admin and the admin API under /api/admin',
    timeoutSeconds: 15,
    memoryMb: 1024,
    // Only signed-in organisers get past the guard, but anyone can make it run: capped too.
    reservedConcurrency: 20,
  },
  mailer: {
    entry: 'functions/mailer.ts',
    description: 'Renders and sends every email through SES, once per message',
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  mailEvents: {
    entry: 'functions/mail-events.ts',
    description: 'Suppresses addresses that bounced or complained (SES event destination)',
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  reminders: {
    entry: 'functions/reminders.ts',
    description: 'Finds due reminders through the due-time index and queues them',
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  mailOutbox: {
    entry: 'functions/mail-outbox.ts',
    description: 'Queues the emails of stored changes whose queue send was lost',
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  waitlist: {
    entry: 'functions/waitlist.ts',
    description: 'Promotes waiting people onto seats left free and tells them when the list closes',
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  surveys: {
    entry: 'functions/surveys.ts',
    description: 'Queues feedback survey invitations and their single reminder',
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  indicators: {
    entry: 'functions/indicators.ts',
    description: 'Nightly aggregation of the action-plan indicators and their exports',
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  retention: {
    entry: 'functions/retention.ts',
    description: 'Purges contact data of registrations a set time after their event',
    timeoutSeconds: 300,
    memoryMb: 512,
  },
  certificates: {
    entry: 'functions/certificates.ts',
    description: 'Queues a certificate of attendance for each attendee of events that ended',
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  certificateRenderer: {
    entry: 'functions/certificate-renderer.ts',
    description: 'Numbers, renders and stores certificates of attendance and queues their email',
    timeoutSeconds: 60,
    memoryMb: 1024,
    // PDF fonts and the sRGB profile PDF/A needs are read from files beside the bundle.
    bundledFiles: [
      { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', to: 'fonts/DejaVuSans.ttf' },
      {
        from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
        to: 'fonts/DejaVuSans-Bold.ttf',
      },
      {
        from: 'node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc',
        to: 'data/sRGB_IEC61966_2_1.icc',
      },
    ],
  },
};

/**
 * Stage throttling of the HTTP API (API Gateway's token bucket, for all clients together):
 * requests per second on average and the bucket's size. Above it API Gateway answers 429
 * without invoking the function. Per-client limits are the application's (RATE_LIMITS); this
 * caps what a flood from many addresses can cost. A thousand people opening the form at 9:00
 * fit in the burst; registrations beyond it are refused for a second, not lost.
 */
export const httpApiThrottle = { rateLimit: 200, burstLimit: 1000 } as const;

export type QueueName = 'mail' | 'mailEvents' | 'certificates';

export interface QueueDefinition {
  consumer: FunctionName;
  /** Messages a consumer invocation receives at most. */
  batchSize: number;
  /** Lambda's guidance: at least six times the consumer's timeout, so retries never overlap. */
  visibilityTimeoutSeconds: number;
  /** Receives before a message is moved to the dead-letter queue. */
  maxReceiveCount: number;
  /** How long the dead-letter queue keeps a message for inspection and redrive. */
  deadLetterRetentionDays: number;
  /** Consumer invocations at once (Lambda's minimum is 2); also the local poller's batches. */
  maxConcurrency: number;
}

export const queues: Record<QueueName, QueueDefinition> = {
  mail: {
    consumer: 'mailer',
    batchSize: 10,
    visibilityTimeoutSeconds: 6 * functions.mailer.timeoutSeconds,
    maxReceiveCount: 5,
    deadLetterRetentionDays: 14,
    // Each mailer container keeps to SES_MAX_SEND_RATE, which the stack sets to the account's
    // SES rate divided by this cap, so the containers together stay within the account's rate.
    maxConcurrency: 2,
  },
  mailEvents: {
    consumer: 'mailEvents',
    batchSize: 10,
    visibilityTimeoutSeconds: 6 * functions.mailEvents.timeoutSeconds,
    maxReceiveCount: 5,
    deadLetterRetentionDays: 14,
    maxConcurrency: 2,
  },
  certificates: {
    consumer: 'certificateRenderer',
    // A render takes tens of milliseconds; small batches keep a failing one from holding others.
    batchSize: 5,
    visibilityTimeoutSeconds: 6 * functions.certificateRenderer.timeoutSeconds,
    maxReceiveCount: 5,
    deadLetterRetentionDays: 14,
    maxConcurrency: 2,
  },
};

export type JobName =
  | 'reminders'
  | 'mailOutbox'
  | 'waitlist'
  | 'surveys'
  | 'indicators'
  | 'retention'
  | 'certificates';

/**
 * Cron fields in Europe/Prague wall-clock time. EventBridge Scheduler takes the same fields with
 * a time zone; the local scheduler hands them to croner.
 */
export interface ScheduleDefinition {
  function: FunctionName & JobName;
  minute: string;
  hour: string;
  description: string;
}

export const scheduleTimeZone = 'Europe/Prague';

export const schedules: Record<JobName, ScheduleDefinition> = {
  reminders: {
    function: 'reminders',
    minute: '*/5',
    hour: '*',
    description: 'Every five minutes: send reminders that are due',
  },
  mailOutbox: {
    function: 'mailOutbox',
    minute: '*/5',
    hour: '*',
    description: 'Every five minutes: queue emails whose first queue send was lost',
  },
  waitlist: {
    function: 'waitlist',
    minute: '*/5',
    hour: '*',
    description: 'Every five minutes: promote waiting people onto free seats, close lists',
  },
  surveys: {
    function: 'surveys',
    minute: '*/15',
    hour: '*',
    description: 'Every quarter of an hour: invite attendees to the feedback survey',
  },
  indicators: {
    function: 'indicators',
    minute: '0',
    // Not 02:xx: that hour is skipped on the spring daylight-saving night and repeated on the
    // autumn one (test/unit/schedules-dst.test.ts).
    hour: '1',
    description: 'Nightly at 01:00: aggregate the indicators and write the exports',
  },
  retention: {
    function: 'retention',
    minute: '30',
    hour: '3',
    description: 'Nightly at 03:30: purge contact data past its retention period',
  },
  certificates: {
    function: 'certificates',
    minute: '30',
    hour: '8',
    description: 'Every morning at 08:30: certificates for the attendees of events that ended',
  },
};

export const jobNames = Object.keys(schedules) as JobName[];

/** Cron expression for croner (minute hour day month weekday). */
export function localCron(schedule: ScheduleDefinition): string {
  return `${schedule.minute} ${schedule.hour} * * *`;
}

/** Cron expression for EventBridge Scheduler (minute hour day month weekday year). */
export function eventBridgeCron(schedule: ScheduleDefinition): string {
  return `cron(${schedule.minute} ${schedule.hour} * * ? *)`;
}

/** The payload every scheduled job receives; locally `--at` sets `time`. */
export interface ScheduledJobEvent {
  time: string;
}
