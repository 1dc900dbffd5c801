import type { AttendanceRepository } from '../adapters/attendance-repository';
import type { EventRepository } from '../adapters/event-repository';
import type { IndicatorReader } from '../adapters/indicator-repository';
import type { MailQueue } from '../adapters/mail-queue';
import type { SurveyRepository } from '../adapters/survey-repository';
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
  linkSecret: string;
  publicBaseUrl: string;
  /** Days after an event when contact data is purged; quoted on the privacy notice. */
  retentionDays?: number;
  /** The organisers' mailbox the emails come from: the contact on the accessibility statement. */
  contact?: { name: string; email: string };
  /** The certificate register, its queue and print files; without it those pages are 404. */
  certificates?: CertificatePageDeps;
}
