import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { reconcileWaitlists } from '../shared/use-cases/reconcile-waitlists';
import { waitlistDeps } from '../shared/wiring';

const deps = waitlistDeps(functionConfig('waitlist'));

/**
 * Every five minutes: fills seats left free while people wait, and tells those still waiting
 * when registration closes that the event is full.
 */
export const handler = scheduledJob('waitlist', (now) => reconcileWaitlists(deps, now));
