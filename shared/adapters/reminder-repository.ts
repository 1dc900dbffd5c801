import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TrainingEvent } from '../domain/event';
import {
  finishedReminderKeepDays,
  planReminders,
  type ReminderPlan,
  type StoredReminder,
  storedReminderSchema,
} from '../domain/reminders';
import type { ReminderStore } from '../use-cases/ports';
import { isConditionFailure } from './dynamo/errors';
import { dueIndexNames, keys } from './dynamo/keys';
import { partitionQuery, queryAll, queryDue } from './dynamo/query';

function parseReminder(item: Record<string, unknown>): StoredReminder {
  return storedReminderSchema.parse(item);
}

/** Epoch seconds at which a finished reminder item may go. */
function expiresAtFor(reminder: Pick<StoredReminder, 'eventStartsAt'>): number {
  return Math.floor(Date.parse(reminder.eventStartsAt) / 1000) + finishedReminderKeepDays * 86_400;
}

/**
 * Reminder items, one per event and offset. A pending item carries the due-time index keys; the
 * sweeper removes them once the reminder is handed to the mail queue.
 */
export function createReminderRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  defaultOffsetsHours: number[],
) {
  async function listForEvent(eventId: string): Promise<StoredReminder[]> {
    const items = await queryAll(dynamo, {
      ...partitionQuery(tableName, keys.eventPartition(eventId), keys.reminderPrefix),
      ConsistentRead: true,
    });
    return items.map(parseReminder);
  }

  /** Closes a pending item, unless the organiser has moved it meanwhile (then their move wins). */
  async function finish(
    reminder: StoredReminder,
    outcome:
      | { state: 'sent'; at: string; recipients: number }
      | { state: 'skipped'; reason: string },
  ): Promise<boolean> {
    const values: Record<string, unknown> = {
      ':pending': 'pending',
      ':dueAt': reminder.dueAt,
      ':state': outcome.state,
      ':expiresAt': expiresAtFor(reminder),
    };
    let set = '#state = :state, expiresAt = :expiresAt';
    if (outcome.state === 'sent') {
      set += ', sentAt = :at, recipients = :recipients';
      values[':at'] = outcome.at;
      values[':recipients'] = outcome.recipients;
    } else {
      set += ', skipReason = :reason';
      values[':reason'] = outcome.reason;
    }
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.reminder(reminder.eventId, reminder.offsetHours),
          UpdateExpression: `SET ${set} REMOVE #duePk, #dueSk`,
          ConditionExpression: '#state = :pending AND dueAt = :dueAt',
          ExpressionAttributeNames: { '#state': 'state', ...dueIndexNames },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return {
    /**
     * Puts the event's reminders on its current start time. Called whenever an event is created,
     * edited, published or cancelled; a reminder already sent becomes pending again only when
     * its new moment is still ahead (the event moved later), so nobody is reminded twice because
     * an organiser fixed a typo in the title.
     */
    async schedule(event: TrainingEvent, now: Date): Promise<ReminderPlan[]> {
      const plans = planReminders(event, defaultOffsetsHours);
      for (const plan of plans) {
        const stillAhead = Date.parse(plan.dueAt) > now.getTime();
        await dynamo
          .send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...keys.reminder(event.id, plan.offsetHours),
                eventId: event.id,
                offsetHours: plan.offsetHours,
                dueAt: plan.dueAt,
                eventStartsAt: event.startsAt,
                state: plan.active ? 'pending' : 'inactive',
                ...(plan.active ? keys.reminderDue(plan.dueAt, event.id, plan.offsetHours) : {}),
              },
              ...(stillAhead
                ? {}
                : {
                    // A passed moment never revives a finished reminder; one not yet swept
                    // stays due and goes out on the next sweep.
                    ConditionExpression:
                      'attribute_not_exists(pk) OR #state = :pending OR #state = :inactive',
                    ExpressionAttributeNames: { '#state': 'state' },
                    ExpressionAttributeValues: { ':pending': 'pending', ':inactive': 'inactive' },
                  }),
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          });
      }
      // Offsets the event no longer uses (its own list changed) must not fire.
      const planned = new Set(plans.map((p) => p.offsetHours));
      for (const stale of await listForEvent(event.id)) {
        if (planned.has(stale.offsetHours) || stale.state !== 'pending') continue;
        await dynamo
          .send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.reminder(event.id, stale.offsetHours),
              UpdateExpression: 'SET #state = :inactive REMOVE #duePk, #dueSk',
              ConditionExpression: '#state = :pending',
              ExpressionAttributeNames: { '#state': 'state', ...dueIndexNames },
              ExpressionAttributeValues: { ':pending': 'pending', ':inactive': 'inactive' },
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          });
      }
      return plans;
    },

    listForEvent,

    /**
     * Pending reminders whose moment has come, oldest first, read from the sparse due-time
     * index (never a scan). At most `limit` per call; `more` says whether others wait.
     */
    async listDue(now: Date, limit = 200): Promise<{ reminders: StoredReminder[]; more: boolean }> {
      const due = await queryDue(dynamo, tableName, keys.reminderDuePartition, now, limit);
      const reminders = due.items
        .map(parseReminder)
        // The index is eventually consistent: an item may just have been moved or finished.
        .filter((r) => r.state === 'pending' && r.dueAt <= now.toISOString());
      return { reminders, more: due.more };
    },

    /** Marks a due reminder as handed to the mail queue; false if it was moved meanwhile. */
    markSent(reminder: StoredReminder, nowIso: string, recipients: number): Promise<boolean> {
      return finish(reminder, { state: 'sent', at: nowIso, recipients });
    },

    /** Closes a due reminder without sending (event started, cancelled or offset removed). */
    markSkipped(reminder: StoredReminder, reason: string): Promise<boolean> {
      return finish(reminder, { state: 'skipped', reason });
    },
  };
}

export type ReminderRepository = ReminderStore;
