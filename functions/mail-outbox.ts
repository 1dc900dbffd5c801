import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { sweepMailOutbox } from '../shared/mail/outbox';
import { mailOutboxDeps } from '../shared/wiring';

const deps = mailOutboxDeps(functionConfig('mailOutbox'));

/** Every five minutes: queues the emails whose first queue send was lost. */
export const handler = scheduledJob('mailOutbox', (now) => sweepMailOutbox(deps, now));
