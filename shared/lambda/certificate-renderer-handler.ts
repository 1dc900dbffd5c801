import { certificateJobSchema } from '../domain/certificate';
import { type CertificateRendererDeps, handleCertificateJob } from '../use-cases/certificates';
import { sqsConsumer } from './sqs-consumer';

/** Numbers, renders and stores certificates, one job after the other, and queues their email. */
export function createCertificateRendererHandler(deps: CertificateRendererDeps) {
  return sqsConsumer({
    name: 'certificate',
    schema: certificateJobSchema,
    handle: (job) => handleCertificateJob(deps, job),
    describe: (job) => ({ kind: job.kind, eventId: job.eventId }),
    sequential: true,
  });
}
