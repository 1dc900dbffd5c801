import * as z from 'zod/mini';
import type { FieldError } from './errors';
import { lazySchema } from './lazy-schema';
import { atPragueTime, pragueParts } from './prague-time';
import { toFieldErrors } from './validation';

/**
 * Product defaults of the feedback survey. They are not deployment settings (nothing differs
 * between environments), so they live here rather than in the configuration.
 */
export const surveyTiming = {
  /** Invitations go out the morning after the event ends, at this Prague hour. */
  inviteHour: 9,
  /** One reminder to those who have not answered, this many days after the invitation. */
  reminderAfterDays: 3,
  /** The survey stays open through the end of this many days after the invitation. */
  openForDays: 14,
} as const;

export interface SurveySchedule {
  /** When invitations go out (and the survey opens). */
  opensAt: string;
  remindAt: string;
  /** First instant the survey no longer accepts answers (Prague midnight). */
  closesAt: string;
}

export function surveySchedule(event: { endsAt: string }): SurveySchedule {
  const opensAt = atPragueTime(event.endsAt, surveyTiming.inviteHour, 0, 1);
  return {
    opensAt,
    remindAt: atPragueTime(opensAt, surveyTiming.inviteHour, 0, surveyTiming.reminderAfterDays),
    closesAt: atPragueTime(opensAt, 0, 0, surveyTiming.openForDays + 1),
  };
}

/** The last day people may answer, for "odpovídat můžete do …" (the day before closesAt). */
export function surveyLastDayIso(closesAt: string): string {
  return new Date(Date.parse(closesAt) - 1).toISOString();
}

/** Who is invited: those marked present; if nobody's attendance was recorded, the confirmed. */
export function surveyRecipients<
  R extends { status: string; attendedAt?: string | undefined; email?: string | undefined },
>(registrations: R[]): { basis: 'attendance' | 'registration'; recipients: R[] } {
  const attended = registrations.filter((r) => r.status === 'confirmed' && r.attendedAt);
  const basis = attended.length > 0 ? 'attendance' : 'registration';
  const pool =
    basis === 'attendance' ? attended : registrations.filter((r) => r.status === 'confirmed');
  return { basis, recipients: pool.filter((r) => Boolean(r.email)) };
}

const score = lazySchema(() => z.number().check(z.int(), z.minimum(1), z.maximum(5)));
const freeText = lazySchema(() => z.optional(z.string().check(z.trim(), z.maxLength(2000))));

/** What a respondent sends. Unknown fields are dropped, so nothing identifying can ride along. */
export const surveyAnswerInputSchema = lazySchema(() =>
  z.object({
    satisfaction: score,
    usefulness: score,
    recommend: z.optional(z.boolean()),
    comment: freeText,
    topics: freeText,
  }),
);
export type SurveyAnswerInput = z.infer<typeof surveyAnswerInputSchema>;

const scoreMessages = (required: string) => ({
  required,
  invalid_type: 'Vyberte jednu z možností od 1 do 5.',
  too_small: 'Vyberte jednu z možností od 1 do 5.',
  too_big: 'Vyberte jednu z možností od 1 do 5.',
});

export const surveyFieldMessages = {
  satisfaction: scoreMessages('Vyberte prosím, jak jste byli s akcí celkově spokojeni.'),
  usefulness: scoreMessages('Vyberte prosím, jak užitečná pro vás akce byla.'),
  recommend: { invalid_type: 'Vyberte ano, nebo ne (případně nechte nevyplněné).' },
  comment: { too_long: 'Text může mít nejvýše 2 000 znaků.', invalid_type: 'Zadejte text.' },
  topics: { too_long: 'Text může mít nejvýše 2 000 znaků.', invalid_type: 'Zadejte text.' },
};

/** Validates an answer: the data, or Czech errors per field. */
export function validateSurveyAnswer(
  raw: unknown,
): { ok: true; value: SurveyAnswerInput } | { ok: false; errors: FieldError[] } {
  const parsed = surveyAnswerInputSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, errors: toFieldErrors(parsed.error.issues, surveyFieldMessages, raw) };
}

/**
 * One stored answer. It holds no registration, invitation, name or address and no time finer
 * than the day, so nobody (organisers included) can tell who gave it.
 */
export const storedSurveyAnswerSchema = lazySchema(() =>
  z.object({
    eventId: z.string(),
    satisfaction: score,
    usefulness: score,
    recommend: z.optional(z.boolean()),
    comment: z.optional(z.string()),
    topics: z.optional(z.string()),
    /** Prague calendar day, "2025-10-23". */
    answeredOn: z.string(),
  }),
);
export type StoredSurveyAnswer = z.infer<typeof storedSurveyAnswerSchema>;

export function storedAnswer(
  eventId: string,
  input: SurveyAnswerInput,
  nowIso: string,
): StoredSurveyAnswer {
  const p = pragueParts(nowIso);
  const comment = input.comment?.trim();
  const topics = input.topics?.trim();
  return {
    eventId,
    satisfaction: input.satisfaction,
    usefulness: input.usefulness,
    ...(input.recommend === undefined ? {} : { recommend: input.recommend }),
    ...(comment ? { comment } : {}),
    ...(topics ? { topics } : {}),
    answeredOn: `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
  };
}

export interface ScoreSummary {
  /** undefined when nobody answered. */
  average: number | undefined;
  /** Counts of the answers 1…5, index 0 = score 1. */
  distribution: [number, number, number, number, number];
}

export interface SurveySummary {
  responses: number;
  satisfaction: ScoreSummary;
  usefulness: ScoreSummary;
  recommend: { yes: number; no: number; unanswered: number };
  comments: string[];
  topics: string[];
}

function summariseScores(values: number[]): ScoreSummary {
  const distribution: ScoreSummary['distribution'] = [0, 0, 0, 0, 0];
  for (const value of values) distribution[value - 1] = (distribution[value - 1] ?? 0) + 1;
  const average =
    values.length === 0 ? undefined : values.reduce((sum, v) => sum + v, 0) / values.length;
  return { average, distribution };
}

export function summariseAnswers(answers: StoredSurveyAnswer[]): SurveySummary {
  return {
    responses: answers.length,
    satisfaction: summariseScores(answers.map((a) => a.satisfaction)),
    usefulness: summariseScores(answers.map((a) => a.usefulness)),
    recommend: {
      yes: answers.filter((a) => a.recommend === true).length,
      no: answers.filter((a) => a.recommend === false).length,
      unanswered: answers.filter((a) => a.recommend === undefined).length,
    },
    comments: answers.flatMap((a) => (a.comment ? [a.comment] : [])),
    topics: answers.flatMap((a) => (a.topics ? [a.topics] : [])),
  };
}

export const surveyRunStates = ['inactive', 'scheduled', 'invited', 'reminded', 'closed'] as const;
export type SurveyRunState = (typeof surveyRunStates)[number];

/** The per-event survey run item: where the survey of one event stands. */
export const surveyRunSchema = lazySchema(() =>
  z.object({
    eventId: z.string(),
    state: z.enum(surveyRunStates),
    opensAt: z.string(),
    remindAt: z.string(),
    closesAt: z.string(),
    /** The moment the sweeper next acts (the due-time index key while the run is active). */
    dueAt: z.optional(z.string()),
    basis: z.optional(z.enum(['attendance', 'registration'])),
    invited: z.optional(z.number()),
    reminded: z.optional(z.number()),
  }),
);
export type SurveyRun = z.infer<typeof surveyRunSchema>;

/** One invitation; it names the registration, so it is the only item that knows who may answer. */
export const surveyInvitationSchema = lazySchema(() =>
  z.object({
    eventId: z.string(),
    registrationId: z.string(),
    invitedAt: z.string(),
    closesAt: z.string(),
    answered: z.boolean(),
  }),
);
export type SurveyInvitation = z.infer<typeof surveyInvitationSchema>;
