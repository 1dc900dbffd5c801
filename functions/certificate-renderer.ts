import { functionConfig } from '../shared/config';
import { certificateJobSchema } from '../shared/domain/certificate';
import { sqsConsumer } from '../shared/lambda/sqs-consumer';
import { loadLinkKeys } from '../shared/link-keys';
import { handleCertificateJob } from '../shared/use-cases/certificates';
import { renderCertificatesPdf } from '../shared/web/certificates/certificate-pdf';
import { certificateRendererDeps } from '../shared/wiring';

// Verification links are signed with the link keys' oldest key: the keys first.
await loadLinkKeys();
const deps = certificateRendererDeps(functionConfig('certificateRenderer'), renderCertificatesPdf);

/** Numbers, renders and stores certificates, one job after the other, and queues their email. */
export const handler = sqsConsumer({
  name: 'certificate',
  schema: certificateJobSchema,
  handle: (job) => handleCertificateJob(deps, job),
  describe: (job) => ({ kind: job.kind, eventId: job.eventId }),
  sequential: true,
});
