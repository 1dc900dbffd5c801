import { NotFoundError, ValidationError } from '../domain/errors';
import type { TrainingEvent } from '../domain/event';
import { idPattern } from '../domain/ids';
import type { MailMessage } from '../domain/mail-message';
import {
  type SurveyRun,
  type SurveySummary,
  storedAnswer,
  summariseAnswers,
  surveyRecipients,
  surveySchedule,
  validateSurveyAnswer,
} from '../domain/survey';
import type { EventStore, MailQueue, RegistrationStore, SubmitOutcome, SurveyStore } from './ports';

export interface SurveyDeps {
  events: Pick<EventStore, 'getEvent' | 'listEventsByStart'> &
    Pick<RegistrationStore, 'listRegistrations'>;
  surveys: SurveyStore;
  mail: MailQueue;
  now: () => Date;
}

export interface SurveySweepSummary {
  at: string;
  /** Survey runs whose next step had come. */
  dueRuns: number;
  /** Events whose attendees (or registrants) were invited in this sweep. */
  eventsInvited: number;
  invitationsQueued: number;
  remindersQueued: number;
  /** Runs closed: survey over, or event cancelled or gone. */
  closed: number;
  /** Runs that no longer matched their event (it moved) and were planned anew. */
  rescheduled: number;
  /** Runs changed by someone else during this sweep. */
  superseded: number;
  /** Recent events that had no survey run (written around the use cases) and got one now. */
  backfilled: number;
  more: boolean;
}

/**
 * One sweep of the survey runs that fell due. A run goes scheduled → invited (the morning after
 * the event) → reminded (three days later, only to those who have not answered) → closed
 * (after fourteen days). Each step queues its emails before it moves the run on; a crash in
 * between repeats the step and the mailer's dedupe keys keep anyone from getting an email twice.
 */
export async function runSurveySweep(deps: SurveyDeps, now: Date): Promise<SurveySweepSummary> {
  const nowIso = now.toISOString();
  const summary: SurveySweepSummary = {
    at: nowIso,
    dueRuns: 0,
    eventsInvited: 0,
    invitationsQueued: 0,
    remindersQueued: 0,
    closed: 0,
    rescheduled: 0,
    superseded: 0,
    backfilled: 0,
    more: false,
  };
  summary.backfilled = await backfillRuns(deps, now);
  const { runs, more } = await deps.surveys.listDueRuns(now);
  summary.dueRuns = runs.length;
  summary.more = more;

  for (const run of runs) {
    const event = await deps.events.getEvent(run.eventId);
    const moved = await step(deps, run, event, now, summary);
    if (!moved) summary.superseded++;
  }
  return summary;
}

/** Events this far back may still have an open survey (end + next morning + 14 days). */
const backfillLookbackDays = 30;

/**
 * A safety net for events whose survey run was never written: created around the use cases
 * (demo data, imports) or when the write after saving the event failed. Recent events are read
 * from the by-start index (one query, a region's few dozen events a month), never a scan.
 */
async function backfillRuns(deps: SurveyDeps, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const recent = await deps.events.listEventsByStart({
    from: new Date(now.getTime() - backfillLookbackDays * 86_400_000).toISOString(),
    to: nowIso,
  });
  const candidates = recent.filter(
    (event) => event.status === 'published' && nowIso < surveySchedule(event).closesAt,
  );
  if (candidates.length === 0) return 0;
  const withRun = await deps.surveys.eventsWithRun(candidates.map((event) => event.id));
  let backfilled = 0;
  for (const event of candidates) {
    if (withRun.has(event.id)) continue;
    await deps.surveys.scheduleRun(event, now);
    backfilled++;
  }
  return backfilled;
}

async function step(
  deps: SurveyDeps,
  run: SurveyRun,
  event: TrainingEvent | undefined,
  now: Date,
  summary: SurveySweepSummary,
): Promise<boolean> {
  const nowIso = now.toISOString();
  const close = async () => {
    const closed = await deps.surveys.advanceRun(run, { state: 'closed' });
    if (closed) summary.closed++;
    return closed;
  };
  if (event?.status !== 'published') return close();
  switch (run.state) {
    case 'scheduled': {
      const schedule = surveySchedule(event);
      if (schedule.opensAt !== run.opensAt) {
        await deps.surveys.scheduleRun(event, now);
        summary.rescheduled++;
        return true;
      }
      if (nowIso >= schedule.closesAt) {
        // The sweeper was down for the whole survey period: inviting now would be pointless.
        return close();
      }
      const { basis, recipients } = surveyRecipients(await deps.events.listRegistrations(event.id));
      const messages: MailMessage[] = [];
      for (const registration of recipients.filter((r) => !r.undeliverable)) {
        await deps.surveys.createInvitation(event.id, registration.id, schedule.closesAt, nowIso);
        messages.push({
          kind: 'survey-invitation',
          eventId: event.id,
          registrationId: registration.id,
        });
      }
      await deps.mail.enqueue(messages);
      summary.invitationsQueued += messages.length;
      summary.eventsInvited++;
      return deps.surveys.advanceRun(run, {
        state: 'invited',
        dueAt: schedule.remindAt,
        basis,
        invited: messages.length,
      });
    }
    case 'invited': {
      if (nowIso >= run.closesAt) return close();
      const waiting = (await deps.surveys.listInvitations(event.id)).filter((i) => !i.answered);
      const messages: MailMessage[] = waiting.map((i) => ({
        kind: 'survey-reminder',
        eventId: event.id,
        registrationId: i.registrationId,
      }));
      await deps.mail.enqueue(messages);
      summary.remindersQueued += messages.length;
      return deps.surveys.advanceRun(run, {
        state: 'reminded',
        dueAt: run.closesAt,
        reminded: messages.length,
      });
    }
    default:
      return close();
  }
}

export type SurveyLinkState =
  | { state: 'open'; event: TrainingEvent; closesAt: string }
  | { state: 'answered'; event: TrainingEvent }
  | { state: 'closed'; event: TrainingEvent }
  | { state: 'not-found' };

/** What a survey link leads to right now. */
export async function surveyLinkState(
  deps: Pick<SurveyDeps, 'events' | 'surveys' | 'now'>,
  eventId: string,
  registrationId: string,
): Promise<SurveyLinkState> {
  const event = idPattern.test(eventId) ? await deps.events.getEvent(eventId) : undefined;
  const invitation = event ? await deps.surveys.getInvitation(eventId, registrationId) : undefined;
  if (!event || !invitation) return { state: 'not-found' };
  if (invitation.answered) return { state: 'answered', event };
  if (deps.now().toISOString() >= invitation.closesAt) return { state: 'closed', event };
  return { state: 'open', event, closesAt: invitation.closesAt };
}

export function parseSurveyAnswer(raw: unknown) {
  const result = validateSurveyAnswer(raw);
  if (!result.ok) throw new ValidationError(result.errors);
  return result.value;
}

/**
 * Stores one anonymous answer for an invitation.
 * 1. Validate (Czech errors per field).
 * 2. One transaction: use up the invitation (if unused and open) and write the answer under a
 *    random id, with nothing in it that leads back to the person.
 */
export async function answerSurvey(
  deps: Pick<SurveyDeps, 'surveys' | 'now'>,
  eventId: string,
  registrationId: string,
  raw: unknown,
): Promise<SubmitOutcome> {
  const input = parseSurveyAnswer(raw);
  const nowIso = deps.now().toISOString();
  return deps.surveys.submitAnswer(registrationId, storedAnswer(eventId, input, nowIso), nowIso);
}

export interface SurveyResults {
  event: TrainingEvent;
  summary: SurveySummary;
  run: SurveyRun | undefined;
  /** Registrations marked present. */
  attendees: number;
  /** Invitations sent (0 before the survey opened). */
  invited: number;
  /** Share of the invited who answered, 0–1; undefined before anyone was invited. */
  responseRate: number | undefined;
}

/** The organiser's view of one event's survey: aggregates only, never who said what. */
export async function surveyResults(
  deps: Pick<SurveyDeps, 'events' | 'surveys'>,
  eventId: string,
): Promise<SurveyResults> {
  const event = idPattern.test(eventId) ? await deps.events.getEvent(eventId) : undefined;
  if (!event) throw new NotFoundError('event', 'Akce nenalezena.');
  const [answers, run, registrations] = await Promise.all([
    deps.surveys.listAnswers(eventId),
    deps.surveys.getRun(eventId),
    deps.events.listRegistrations(eventId),
  ]);
  const summary = summariseAnswers(answers);
  const invited = run?.invited ?? 0;
  return {
    event,
    summary,
    run,
    attendees: registrations.filter((r) => r.status === 'confirmed' && r.attendedAt).length,
    invited,
    responseRate: invited > 0 ? Math.min(1, summary.responses / invited) : undefined,
  };
}
