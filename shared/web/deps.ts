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
import type { CertificatePageDeps, CertificateVerificationDeps } from './routes/certificate-pages';

/**
 * What the published, read-only part needs (shared/web/publications-app.ts): open data,
 * calendars, the indicators, certificate verification and the legal pages. It writes nothing.
 */
export interface PublicationsDeps {
  events: Pick<EventRepository, 'listEventsByStart' | 'getEvent'>;
  /** The computed indicators (public open-data endpoint, organiser dashboard and downloads). */
  indicators: IndicatorReader;
  now: () => Date;
  publicBaseUrl: string;
  /** The public body named as organiser in the open data, calendars and event pages. */
  organiser: Organiser;
  /** How people reach the organisers: the site's footer and the accessibility statement. */
  contact?: OrganiserContact;
  /** Days after an event when contact data is purged; quoted on the privacy notice. */
  retentionDays?: number;
  /** DPO_CONTACT: the data protection officer, on the privacy notice. */
  dpoContact?: string;
  /** The AWS region the data is stored in, on the privacy notice. */
  region?: string;
  /** The certificate register as the public verification page reads it. */
  certificates?: CertificateVerificationDeps;
}

/**
 * What the public site needs (shared/web/site-app.ts): event pages, the registration form and
 * API, the cancel and survey links. No organiser sign-in, no print files, no data-subject
 * tools, no open data: the function that takes registrations carries none of their code, and
 * its role none of their permissions.
 */
export interface SiteDeps {
  events: EventRepository;
  mail: MailQueue;
  surveys: SurveyRepository;
  now: () => Date;
  /** The current link signing key: CSRF and form tokens. */
  linkSecret: string;
  /** Every link signing key, newest first (LINK_SIGNING_SECRETS): signed links verify with any. */
  linkKeys?: readonly SigningKey[];
  /** Registration limits per client and email address, and the form's timing check. */
  rateLimits?: RateLimitSettings;
  /** Keyed hashes of client and email addresses (key: the link keys' oldest). */
  subjects?: SubjectHasher;
  /** Counts registration attempts that store nothing against the same limits. */
  rateCounters?: RateCounterStore;
  publicBaseUrl: string;
  /** The public body named as organiser in the event pages' structured data. */
  organiser: Organiser;
  /** How people reach the organisers: the site's footer. */
  contact?: OrganiserContact;
}

/** What the organiser pages and the admin API need (shared/web/organiser-app.ts). */
export interface OrganiserDeps extends SiteDeps, Omit<PublicationsDeps, 'events' | 'certificates'> {
  reminders: ReminderScheduler;
  attendance: AttendanceRepository;
  auth: OrganiserAuth;
  /** Data-subject requests (export and erase of one address); see use-cases/data-subject. */
  people?: DataSubjectDeps;
  /** The certificate register, its queue and print files; without it those pages are 404. */
  certificates?: CertificatePageDeps;
}

/** Both sides' dependencies, as tests that drive the whole HTTP surface build them. */
export type AppDeps = OrganiserDeps;
