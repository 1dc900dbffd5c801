import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { runSurveySweep } from '../shared/use-cases/surveys';
import { surveysDeps } from '../shared/wiring';

const deps = surveysDeps(functionConfig('surveys'));

/** Every quarter of an hour: survey invitations, the one reminder, closing. */
export const handler = scheduledJob('surveys', (now) => runSurveySweep(deps, now));
