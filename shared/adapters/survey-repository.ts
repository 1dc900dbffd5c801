import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TrainingEvent } from '../domain/event';
import { answerFreeTextAttributes, surveyInvitationKeepDays } from '../domain/retention';
import {
  type StoredSurveyAnswer,
  type SurveyInvitation,
  type SurveyRun,
  storedSurveyAnswerSchema,
  surveyInvitationSchema,
  surveyRunSchema,
  surveySchedule,
} from '../domain/survey';
import type { SubmitOutcome, SurveyRunStep, SurveyStore } from '../use-cases/ports';
import { batchGet } from './dynamo/batch';
import { isConditionFailure, isTransactionCancelled } from './dynamo/errors';
import { dueIndexNames, keys } from './dynamo/keys';
import { partitionQuery, queryAll, queryDue } from './dynamo/query';
import { updateExpression } from './dynamo/update';
import { armRetentionDue } from './retention-due';

/** Invitations name a person; they go a while after the survey closes (only counts remain). */
const invitationKeepDays = surveyInvitationKeepDays;

/**
 * The feedback survey of each event: its run item (in the due-time index while the run has a
 * next step), the invitations (one per invited registration) and the anonymous answers.
 */
export function createSurveyRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
): SurveyStore {
  async function getRun(eventId: string): Promise<SurveyRun | undefined> {
    const result = await dynamo.send(
      new GetCommand({ TableName: tableName, Key: keys.surveyRun(eventId), ConsistentRead: true }),
    );
    return result.Item ? surveyRunSchema.parse(result.Item) : undefined;
  }

  async function getInvitation(
    eventId: string,
    registrationId: string,
  ): Promise<SurveyInvitation | undefined> {
    const result = await dynamo.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.surveyInvitation(eventId, registrationId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? surveyInvitationSchema.parse(result.Item) : undefined;
  }

  return {
    getRun,
    getInvitation,

    /**
     * Plans the event's survey on its current end: called whenever an event is created, edited,
     * published or cancelled, next to the reminders. Once invitations went out the run is left
     * alone: a held event's survey is not restarted by an edit.
     */
    async scheduleRun(event: TrainingEvent, _now?: Date): Promise<void> {
      const schedule = surveySchedule(event);
      const active = event.status === 'published';
      await dynamo
        .send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.surveyRun(event.id),
              eventId: event.id,
              state: active ? 'scheduled' : 'inactive',
              ...schedule,
              ...(active
                ? { dueAt: schedule.opensAt, ...keys.surveyDue(schedule.opensAt, event.id) }
                : {}),
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR #state = :scheduled OR #state = :inactive',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':scheduled': 'scheduled', ':inactive': 'inactive' },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    },

    /** Which of these events have a survey run item at all (any state). */
    async eventsWithRun(eventIds: string[]): Promise<Set<string>> {
      const runs = await batchGet(dynamo, tableName, eventIds.map(keys.surveyRun), {
        ProjectionExpression: 'eventId',
        ConsistentRead: true,
      });
      return new Set(runs.map((run) => String(run.eventId)));
    },

    /** Runs whose next step is due by now, oldest first, from the sparse due-time index. */
    async listDueRuns(now: Date, limit = 100): Promise<{ runs: SurveyRun[]; more: boolean }> {
      const due = await queryDue(dynamo, tableName, keys.surveyDuePartition, now, limit);
      const runs = due.items
        .map((item) => surveyRunSchema.parse(item))
        .filter((run) => run.dueAt !== undefined && run.dueAt <= now.toISOString());
      return { runs, more: due.more };
    },

    /**
     * Moves a run to its next state on the condition that it is still where the sweeper found
     * it; `dueAt` keeps it in the due-time index, none takes it out.
     */
    async advanceRun(run: SurveyRun, next: SurveyRunStep): Promise<boolean> {
      const { dueAt, ...fields } = next;
      const update = updateExpression(
        {
          // Counts and the basis only change when given; the due time goes when not given.
          ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
          dueAt,
          ...(dueAt ? keys.surveyDue(dueAt, run.eventId) : {}),
        },
        dueAt ? [] : Object.values(dueIndexNames),
      );
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.surveyRun(run.eventId),
            ...update,
            ConditionExpression: '#state = :from',
            ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':from': run.state },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Creates one invitation unless it exists; true when created now. */
    async createInvitation(
      eventId: string,
      registrationId: string,
      closesAt: string,
      nowIso: string,
    ): Promise<boolean> {
      const invitation: SurveyInvitation = {
        eventId,
        registrationId,
        invitedAt: nowIso,
        closesAt,
        answered: false,
      };
      try {
        await dynamo.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.surveyInvitation(eventId, registrationId),
              ...invitation,
              expiresAt: Math.floor(Date.parse(closesAt) / 1000) + invitationKeepDays * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async listInvitations(eventId: string): Promise<SurveyInvitation[]> {
      const items = await queryAll(dynamo, {
        ...partitionQuery(tableName, keys.eventPartition(eventId), keys.surveyInvitationPrefix),
        ConsistentRead: true,
      });
      return items.map((item) => surveyInvitationSchema.parse(item));
    },

    /**
     * Stores one answer, once per invitation, in one transaction: the invitation is marked used
     * (only if unused and still open) and the answer is written under a random id with nothing
     * that leads back to the invitation. The invitation records only that it was used, not when.
     */
    async submitAnswer(
      registrationId: string,
      answer: StoredSurveyAnswer,
      nowIso: string,
    ): Promise<SubmitOutcome> {
      // Pure randomness: a time-sortable id would date the answer to the millisecond.
      const answerId = randomBytes(16).toString('base64url');
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.surveyInvitation(answer.eventId, registrationId),
                  UpdateExpression: 'SET answered = :true',
                  ConditionExpression:
                    'attribute_exists(pk) AND answered = :false AND closesAt > :now',
                  ExpressionAttributeValues: { ':true': true, ':false': false, ':now': nowIso },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.surveyAnswer(answer.eventId, answerId), ...answer },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        // Free text may name people: personal data the purge must come back for. Outside the
        // transaction, so answers arriving together do not contend on the event's schedule item;
        // the event is armed already by its registrations, this is for an answer after a purge.
        if (answerFreeTextAttributes.some((name) => answer[name])) {
          const arm = armRetentionDue(tableName, answer.eventId, nowIso).Update;
          if (arm) await dynamo.send(new UpdateCommand(arm));
        }
        return 'answered';
      } catch (error) {
        if (!isTransactionCancelled(error)) throw error;
        const invitation = await getInvitation(answer.eventId, registrationId);
        if (!invitation) return 'not-invited';
        if (invitation.answered) return 'already-answered';
        if (invitation.closesAt <= nowIso) return 'closed';
        throw error;
      }
    },

    async listAnswers(eventId: string): Promise<StoredSurveyAnswer[]> {
      const items = await queryAll(dynamo, {
        ...partitionQuery(tableName, keys.eventPartition(eventId), keys.surveyAnswerPrefix),
      });
      return items.map((item) => storedSurveyAnswerSchema.parse(item));
    },
  };
}

export type SurveyRepository = SurveyStore;
