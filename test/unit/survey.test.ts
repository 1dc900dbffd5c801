import { describe, expect, it } from 'vitest';
import { formatPragueDate, formatPragueDateTime } from '../../shared/domain/prague-time';
import {
  storedAnswer,
  summariseAnswers,
  surveyAnswerInputSchema,
  surveyLastDayIso,
  surveyRecipients,
  surveySchedule,
  validateSurveyAnswer,
} from '../../shared/domain/survey';
import { surveyAnswerFromForm } from '../../shared/web/form-input';

describe('surveySchedule', () => {
  it('invites the next morning at 9:00 Prague time, reminds after 3 days, closes after 14', () => {
    // Ends Wednesday 22 October 2025 at 13:00 Prague (summer time).
    const schedule = surveySchedule({ endsAt: '2025-10-22T11:00:00.000Z' });
    expect(formatPragueDateTime(schedule.opensAt)).toBe('čtvrtek 23. října 2025 v 9:00');
    expect(schedule.opensAt).toBe('2025-10-23T07:00:00.000Z');
    // 26 October is the end of summer time: 9:00 is then 08:00 UTC.
    expect(schedule.remindAt).toBe('2025-10-26T08:00:00.000Z');
    // Open through Thursday 6 November; closed from Prague midnight.
    expect(schedule.closesAt).toBe('2025-11-06T23:00:00.000Z');
    expect(formatPragueDate(surveyLastDayIso(schedule.closesAt))).toBe('6. 11. 2025');
  });

  it('an evening event ending after midnight UTC still gets the next Prague morning', () => {
    // Ends 23:30 Prague on 3 March 2025 = 22:30 UTC.
    const schedule = surveySchedule({ endsAt: '2025-03-03T22:30:00.000Z' });
    expect(schedule.opensAt).toBe('2025-03-04T08:00:00.000Z');
  });
});

describe('surveyRecipients', () => {
  const registrations = [
    { id: 'a', status: 'confirmed', email: 'a@example.cz', attendedAt: '2025-10-22T07:00:00.000Z' },
    { id: 'b', status: 'confirmed', email: 'b@example.cz' },
    { id: 'c', status: 'waitlisted', email: 'c@example.cz' },
    { id: 'd', status: 'cancelled', email: 'd@example.cz', attendedAt: '2025-10-22T07:00:00.000Z' },
    { id: 'e', status: 'confirmed', attendedAt: '2025-10-22T07:00:00.000Z' },
  ];

  it('invites only those marked present when attendance was recorded', () => {
    const result = surveyRecipients(registrations);
    expect(result.basis).toBe('attendance');
    expect(result.recipients.map((r) => r.id)).toEqual(['a']);
  });

  it('invites everyone confirmed when nobody was marked present', () => {
    const result = surveyRecipients(registrations.map(({ attendedAt, ...r }) => r));
    expect(result.basis).toBe('registration');
    expect(result.recipients.map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('survey answer input', () => {
  const errorsOf = (raw: unknown) => {
    const result = validateSurveyAnswer(raw);
    return result.ok ? [] : result.errors;
  };

  it('accepts a complete answer and drops unknown fields', () => {
    const parsed = surveyAnswerInputSchema.parse({
      satisfaction: 5,
      usefulness: 4,
      recommend: true,
      comment: '  Víc praktických ukázek.  ',
      email: 'jana@example.cz',
    });
    expect(parsed).toEqual({
      satisfaction: 5,
      usefulness: 4,
      recommend: true,
      comment: 'Víc praktických ukázek.',
    });
  });

  it('requires both scores with Czech messages', () => {
    expect(errorsOf({})).toEqual([
      {
        field: 'satisfaction',
        code: 'required',
        message: 'Vyberte prosím, jak jste byli s akcí celkově spokojeni.',
      },
      {
        field: 'usefulness',
        code: 'required',
        message: 'Vyberte prosím, jak užitečná pro vás akce byla.',
      },
    ]);
  });

  it('refuses scores outside 1–5 and fractions', () => {
    expect(errorsOf({ satisfaction: 0, usefulness: 6 }).map((e) => [e.field, e.code])).toEqual([
      ['satisfaction', 'too_small'],
      ['usefulness', 'too_big'],
    ]);
    expect(errorsOf({ satisfaction: 2.5, usefulness: 3 })[0]?.message).toBe(
      'Vyberte jednu z možností od 1 do 5.',
    );
  });

  it('refuses overlong text', () => {
    const errors = errorsOf({ satisfaction: 3, usefulness: 3, topics: 'x'.repeat(2001) });
    expect(errors).toEqual([
      { field: 'topics', code: 'too_long', message: 'Text může mít nejvýše 2 000 znaků.' },
    ]);
  });

  it('maps the HTML form onto the same shape', () => {
    expect(
      surveyAnswerFromForm({
        satisfaction: '4',
        usefulness: '5',
        recommend: 'ne',
        comment: 'Díky',
      }),
    ).toEqual({
      satisfaction: 4,
      usefulness: 5,
      recommend: false,
      comment: 'Díky',
      topics: undefined,
    });
    const broken = surveyAnswerFromForm({
      satisfaction: 'hodně',
      usefulness: '',
      recommend: 'možná',
    });
    expect(errorsOf(broken).map((e) => [e.field, e.code])).toEqual([
      ['satisfaction', 'invalid_type'],
      ['usefulness', 'required'],
      ['recommend', 'invalid_type'],
    ]);
  });
});

describe('storedAnswer', () => {
  it('keeps the answers and only the Prague day, nothing about the person', () => {
    const answer = storedAnswer(
      'EVENT1',
      { satisfaction: 4, usefulness: 3, recommend: false, comment: ' ', topics: 'AI v úřadě' },
      '2025-10-23T22:30:00.000Z',
    );
    expect(answer).toEqual({
      eventId: 'EVENT1',
      satisfaction: 4,
      usefulness: 3,
      recommend: false,
      topics: 'AI v úřadě',
      answeredOn: '2025-10-24',
    });
  });
});

describe('summariseAnswers', () => {
  it('averages, counts per score and collects texts', () => {
    const base = { eventId: 'E', answeredOn: '2025-10-23' };
    const summary = summariseAnswers([
      { ...base, satisfaction: 5, usefulness: 4, recommend: true, comment: 'Skvělé' },
      { ...base, satisfaction: 4, usefulness: 4, recommend: false },
      { ...base, satisfaction: 3, usefulness: 1, topics: 'Datové schránky' },
    ]);
    expect(summary.responses).toBe(3);
    expect(summary.satisfaction).toEqual({ average: 4, distribution: [0, 0, 1, 1, 1] });
    expect(summary.usefulness.distribution).toEqual([1, 0, 0, 2, 0]);
    expect(summary.usefulness.average).toBe(3);
    expect(summary.recommend).toEqual({ yes: 1, no: 1, unanswered: 1 });
    expect(summary.comments).toEqual(['Skvělé']);
    expect(summary.topics).toEqual(['Datové schránky']);
  });

  it('has no average without answers', () => {
    expect(summariseAnswers([]).satisfaction).toEqual({
      average: undefined,
      distribution: [0, 0, 0, 0, 0],
    });
  });
});
