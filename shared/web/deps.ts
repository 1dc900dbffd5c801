import type { EventRepository } from '../adapters/event-repository';
import type { MailQueue } from '../adapters/mail-queue';
import type { ReminderScheduler } from '../use-cases/manage-events';
import type { OrganiserAuth } from './auth';

/** Everything the HTTP layer needs, built once per container in functions/http.ts. */
export interface AppDeps {
  events: EventRepository;
  mail: MailQueue;
  reminders: ReminderScheduler;
  now: () => Date;
  auth: OrganiserAuth;
  linkSecret: string;
  publicBaseUrl: string;
}
