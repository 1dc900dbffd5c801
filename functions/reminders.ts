import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { sendDueReminders } from '../shared/use-cases/send-reminders';
import { remindersDeps } from '../shared/wiring';

const deps = remindersDeps(functionConfig('reminders'));

/** Every five minutes: queues the reminders that fell due. */
export const handler = scheduledJob('reminders', (now) => sendDueReminders(deps, now));
