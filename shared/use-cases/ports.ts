import type { Certificate, CertificateJob } from '../domain/certificate';
import type { TrainingEvent } from '../domain/event';
import type { EventNotice, MailMessage } from '../domain/mail-message';
import type { RateCounter } from '../domain/rate-limit';
import type { Registration } from '../domain/registration';
import type { ReminderPlan, StoredReminder } from '../domain/reminders';
import type {
  StoredSurveyAnswer,
  SurveyInvitation,
  SurveyRun,
  SurveyRunState,
} from '../domain/survey';

/*
 * What the use cases need from storage and queues, implemented by shared/adapters (which import
 * these types, never the other way round) and by small in-memory fakes in the unit tests.
 */

/** Events: details, status and event-wide notices; the seat counters are RegistrationStore's. */
export interface EventStore {
  getEvent(eventId: string): Promise<TrainingEvent | undefined>;
  /** The event with its retention schedule, so personal data written later knows its due time. */
  createEvent(event: TrainingEvent): Promise<void>;
  /** Replaces the organiser-editable fields; false when the revision moved or seats would be lost. */
  saveEventDetails(event: TrainingEvent, expectedRevision: number): Promise<boolean>;
  /** Events by start time, oldest first; bounded by the optional ISO instants. */
  listEventsByStart(range?: { from?: string; to?: string }): Promise<TrainingEvent[]>;
  /** The event after the change, or undefined when it had that status already or is unknown. */
  setEventStatus(
    eventId: string,
    status: 'published' | 'cancelled',
    nowIso: string,
  ): Promise<TrainingEvent | undefined>;
  /** False when already recorded, or the event is not published. */
  markWaitlistClosed(eventId: string, nowIso: string): Promise<boolean>;
  /** Stores an event-wide notice in the outbox; call it before the change it announces. */
  recordNotice(notice: EventNotice, nowMs: number): Promise<void>;
  /** Removes a notice whose emails are queued, or whose change was refused. */
  clearNotice(notice: EventNotice): Promise<void>;
  deleteTestEvent(eventId: string): Promise<'deleted' | 'not-found' | 'not-a-test-event'>;
}

export type RegisterOutcome =
  | { outcome: 'confirmed' | 'waitlisted'; registration: Registration }
  | { outcome: 'duplicate'; existingRegistrationId: string }
  | { outcome: 'closed' }
  | { outcome: 'rate-limited'; counter: RateCounter }
  /** The event is full and so is its waiting list. */
  | { outcome: 'waitlist-full' };

export type PromoteOutcome =
  | { outcome: 'promoted'; registration: Pick<Registration, 'eventId' | 'id' | 'createdAt'> }
  /** Nobody waits, no seat is free, or the event takes nobody any more. */
  | { outcome: 'settled' };

/** Registrations and the transactions that take, free and hand on seats. */
export interface RegistrationStore {
  /**
   * A seat, or a place at the end of the waiting list, with the email claim, in one
   * transaction whose conditions on the event decide; see registrations-repository.ts.
   */
  register(
    registration: Registration & { email: string },
    options?: {
      waitlistOnly?: boolean;
      openAt?: string;
      mailOutbox?: boolean;
      rateCounters?: readonly RateCounter[];
    },
  ): Promise<RegisterOutcome>;
  getRegistration(eventId: string, registrationId: string): Promise<Registration | undefined>;
  /** The event's registrations in the order they came, which is the waiting-list order. */
  listRegistrations(eventId: string): Promise<Registration[]>;
  /** Of these registrations, the ones whose confirmation or waiting-list email SES accepted. */
  confirmationsSent(eventId: string, registrationIds: string[]): Promise<Set<string>>;
  /** The cancelled registration, or undefined when it was cancelled already (idempotent). */
  cancelRegistration(
    registration: Registration,
    nowIso: string,
    options?: { mailOutbox?: boolean },
  ): Promise<Registration | undefined>;
  /** Moves the longest-waiting person onto a free seat, if one is free and the event open. */
  promoteNext(
    eventId: string,
    nowIso: string,
    options?: { mailOutbox?: boolean },
  ): Promise<PromoteOutcome>;
  /** Writes the place in line of every waiting registration; returns how many. */
  restoreWaitlistEntries(eventId: string): Promise<number>;
}

export interface MailQueue {
  enqueue(messages: MailMessage[]): Promise<void>;
}

/** Counts attempts that store nothing; the counter that refused, if one did. */
export interface RateCounterStore {
  count(counters: readonly RateCounter[]): Promise<RateCounter | undefined>;
}

export type MarkPresentOutcome =
  /** Now marked present. */
  | { outcome: 'marked'; registration: Registration }
  /** Was on the waiting list: let in at the door, so now confirmed and present. */
  | { outcome: 'admitted'; registration: Registration }
  | { outcome: 'already-present'; registration: Registration }
  | { outcome: 'cancelled'; registration: Registration }
  | { outcome: 'not-found' };

export type MarkAbsentOutcome =
  | { outcome: 'unmarked'; registration: Registration }
  | { outcome: 'already-absent'; registration: Registration }
  | { outcome: 'not-found' };

export type WalkInOutcome = 'created' | 'email-taken' | 'event-closed';

/** Attendance at the door: every write conditional on the state it was decided from. */
export interface AttendanceStore {
  getRegistration(eventId: string, registrationId: string): Promise<Registration | undefined>;
  /** Idempotent: the first check-in time is kept. */
  markPresent(registration: Registration, nowIso: string): Promise<MarkPresentOutcome>;
  /** Undoes a check-in made by mistake; idempotent. */
  markAbsent(registration: Registration): Promise<MarkAbsentOutcome>;
  /** Someone who came without registering: confirmed and present at once. */
  addWalkIn(registration: Registration): Promise<WalkInOutcome>;
}

/** Reminder items, one per event and offset, found by their due time. */
export interface ReminderStore {
  /** Puts the event's reminders on its current start time (all offsets, one item each). */
  schedule(event: TrainingEvent, now: Date): Promise<ReminderPlan[]>;
  listForEvent(eventId: string): Promise<StoredReminder[]>;
  /** Pending reminders whose moment has come, oldest first, at most `limit`. */
  listDue(now: Date, limit?: number): Promise<{ reminders: StoredReminder[]; more: boolean }>;
  /** Marks a due reminder as handed to the mail queue; false if it was moved meanwhile. */
  markSent(reminder: StoredReminder, nowIso: string, recipients: number): Promise<boolean>;
  /** Closes a due reminder without sending (event started, cancelled or offset removed). */
  markSkipped(reminder: StoredReminder, reason: string): Promise<boolean>;
}

export type SubmitOutcome = 'answered' | 'already-answered' | 'closed' | 'not-invited';

/** The feedback survey of each event: its run, the invitations and the anonymous answers. */
/** Where a survey run moves next, and the counts it carries there. */
export interface SurveyRunStep {
  state: SurveyRunState;
  dueAt?: string;
  basis?: 'attendance' | 'registration';
  invited?: number;
  reminded?: number;
}

export interface SurveyStore {
  getRun(eventId: string): Promise<SurveyRun | undefined>;
  getInvitation(eventId: string, registrationId: string): Promise<SurveyInvitation | undefined>;
  /** Plans the event's survey on its current end (until invitations went out). */
  scheduleRun(event: TrainingEvent, now?: Date): Promise<void>;
  /** Which of these events have a survey run item at all (any state). */
  eventsWithRun(eventIds: string[]): Promise<Set<string>>;
  /** Runs whose next step is due by now, oldest first. */
  listDueRuns(now: Date, limit?: number): Promise<{ runs: SurveyRun[]; more: boolean }>;
  /** Moves a run on if it is still where the sweeper found it; `dueAt` keeps it due. */
  advanceRun(run: SurveyRun, next: SurveyRunStep): Promise<boolean>;
  /** Creates one invitation unless it exists; true when created now. */
  createInvitation(
    eventId: string,
    registrationId: string,
    closesAt: string,
    nowIso: string,
  ): Promise<boolean>;
  listInvitations(eventId: string): Promise<SurveyInvitation[]>;
  /** Stores one answer, once per invitation, with nothing that leads back to it. */
  submitAnswer(
    registrationId: string,
    answer: StoredSurveyAnswer,
    nowIso: string,
  ): Promise<SubmitOutcome>;
  listAnswers(eventId: string): Promise<StoredSurveyAnswer[]>;
}

export type IssueContent = Omit<Certificate, 'number' | 'year' | 'sequence' | 'status'>;

export type IssueOutcome =
  | { outcome: 'issued'; certificate: Certificate }
  /** The registration already had a certificate: that one, unchanged. */
  | { outcome: 'existing'; certificate: Certificate };

export type ReissueOutcome =
  | { outcome: 'reissued'; certificate: Certificate; replaced: Certificate }
  | { outcome: 'not-valid' };

/** The register of certificates: unique numbers without gaps, one certificate per registration. */
export interface CertificateRegister {
  get(number: string): Promise<Certificate | undefined>;
  /** Strongly consistent read of one event's certificate. */
  getInEvent(eventId: string, number: string): Promise<Certificate | undefined>;
  /** registrationId → number of its current certificate, for one event. */
  currentNumbers(eventId: string): Promise<Map<string, string>>;
  /** The registration's certificate: the one it has, or a new one with the next number. */
  issue(content: IssueContent): Promise<IssueOutcome>;
  /** A corrected certificate under a new number; only a valid one can be replaced. */
  reissue(old: Certificate, changes: { name: string }, nowIso: string): Promise<ReissueOutcome>;
  /** Marks a valid certificate revoked; false when it was not valid (already changed). */
  revoke(eventId: string, number: string, nowIso: string): Promise<boolean>;
  listForEvent(eventId: string): Promise<Certificate[]>;
  listForYear(year: number): Promise<Certificate[]>;
}

export interface CertificateQueue {
  enqueue(jobs: CertificateJob[]): Promise<void>;
}

export interface ExportFile {
  key: string;
  body: string | Uint8Array;
  contentType: string;
  /** The name a browser or mail client saves the file under. */
  filename: string;
}

/** One registration of a person, as the per-person index lists it. */
export interface PersonEntry {
  eventId: string;
  registrationId: string;
}

export interface DataSubjectAudit {
  at: string;
  /** Who acted: the organiser's account id (Cognito `sub`), or "organiser-token". */
  actor: string;
  addressHash: string;
  action: 'export' | 'erase';
  registrations: number;
}
