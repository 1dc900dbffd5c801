import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TrainingEvent } from '../domain/event';
import { type ReminderPlan, planReminders } from '../domain/reminders';
import { keys } from './keys';

/**
 * Reminder items, one per event and offset. A pending item carries the due-time index keys; the
 * sweeper removes them once the reminder is handed to the mail queue.
 */
export function createReminderRepository(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  defaultOffsetsHours: number[],
) {
  return {
    async schedule(event: TrainingEvent, now: Date): Promise<ReminderPlan[]> {
      const plans = planReminders(event, defaultOffsetsHours);
      for (const plan of plans) {
        // A reminder whose new moment has already passed keeps its state: nobody is reminded
        // twice because an organiser fixed a typo in the title.
        const stillAhead = Date.parse(plan.dueAt) > now.getTime();
        await dynamo.send(
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
                  ConditionExpression: 'attribute_not_exists(pk) OR #state <> :sent',
                  ExpressionAttributeNames: { '#state': 'state' },
                  ExpressionAttributeValues: { ':sent': 'sent' },
                }),
          }),
        ).catch((error: unknown) => {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        });
      }
      return plans;
    },
  };
}

export type ReminderRepository = ReturnType<typeof createReminderRepository>;
