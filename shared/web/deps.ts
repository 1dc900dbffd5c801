import type { AttendanceRepository } from '../adapters/attendance-repository';
import type { EventRepository } from '../adapters/event-repository';
import type { IndicatorReader } from '../adapters/indicator-repository';
import type { MailQueue } from '../adapters/mail-queue';
import type { RateCounterStore } from '../adapters/rate-limit-counters';
import type { SurveyRepository } from '../adapters/survey-repository';
import type { Organiser } from '../domain/open-data';
import type { RateLimitSettings, SubjectHasher } from '../domain/rate-limit';
import type { SigningKey } from '../domain/signed-link';
import type { OrganiserContact } from '../domain/vocabulary';
import type { DataSubjectDeps } from '../use-cases/data-subject';
import type { ReminderScheduler } from '../use-cases/manage-events';
import type { OrganiserAuth } from './auth';
import type { CertificatePageDeps } from './routes/certificate-pages';

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
  /** The current link signing key: CSRF and form tokens, keyed hashes. */
  linkSecret: string;
  /** Every link signing key, newest first (LINK_SIGNING_SECRETS): signed links verify with any. */
  linkKeys?: readonly SigningKey[];
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
  /** DPO_CONTACT: the data protection officer, on the privacy notice. */
  dpoContact?: string;
  /** The AWS region the data is stored in, on the privacy notice. */
  region?: string;
  /** How people reach the organisers: the site's footer and the accessibility statement. */
  contact?: OrganiserContact;
  /** The certificate register, its queue and print files; without it those pages are 404. */
  certificates?: CertificatePageDeps;
}
