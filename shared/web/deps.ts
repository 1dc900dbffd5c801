import type { AttendanceRepository } from '../adapters/attendance-repository';
import type { EventRepository } from '../adapters/event-repository';
import type { IndicatorReader } from '../adapters/indicator-repository';
import type { MailQueue } from '../adapters/mail-queue';
import type { RateCounterStore } from '../adapters/rate-limit-counters';
import type { SurveyRepository } from '../adapters/survey-repository';
import type { Organiser } from '../domain/open-data';
import type { RateLimitSettings, SubjectHasher } from '../domain/rate-limit';
import type { OrganiserContact } from '../domain/vocabulary';
import type { DataSubjectDeps } from '../use-cases/data-subject';
import type { ReminderScheduler } from '../use-cases/manage-events';
import type { OrganiserAuth } from './auth';

/** Everything the HTTP layer needs, built once per container in functions/http.ts. */
export interface AppDeps {
  events: EventRepository;
  mail: MailQueue;
  reminders: ReminderScheduler;
  attendance: AttendanceRepository;
  surveys: SurveyRepository;
  /** The computed indicators (public open-data endpoint, organiser dashboard and downloads). */
  indicators: IndicatorReader;
  now: () => Date;
  auth: OrganiserAuth;
  linkSecret: string;
  /** Registration limits per client and email address, and the form's timing check. */
  rateLimits?: RateLimitSettings;
  /** Keyed hashes of client and email addresses (key derived from the link secret). */
  subjects?: SubjectHasher;
  /** Counts registration attempts that store nothing against the same limits. */
  rateCounters?: RateCounterStore;
  publicBaseUrl: string;
  /** Days after an event when contact data is purged; quoted on the privacy notice. */
  retentionDays?: number;
  /** Data-subject requests (export and erase of one address); see use-cases/data-subject. */
  people?: DataSubjectDeps;
  /** The public body named as organiser in the open data, calendars and event pages. */
  organiser: Organiser;
  /** How people reach the organisers: the site's footer and the accessibility statement. */
  contact?: OrganiserContact;
}
