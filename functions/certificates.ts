import { functionConfig } from '../shared/config';
import { scheduledJob } from '../shared/lambda/scheduled-job';
import { runCertificateSweep } from '../shared/use-cases/certificates';
import { certificatesDeps } from '../shared/wiring';

const deps = certificatesDeps(functionConfig('certificates'));

/** Every morning: queues certificates for the attendees of events that ended. */
export const handler = scheduledJob('certificates', (now) => runCertificateSweep(deps, now));
