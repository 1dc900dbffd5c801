import { createCertificateQueue } from '../shared/adapters/certificate-queue';
import { createCertificateRepository } from '../shared/adapters/certificate-repository';
import { createDynamo, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { ConfigError, config } from '../shared/config';
import { jobNow } from '../shared/domain/job-event';
import { createAddressHasher } from '../shared/domain/rate-limit';
import type { ScheduledJobEvent } from '../shared/resources';
import {
  type CertificateSweepSummary,
  runCertificateSweep,
} from '../shared/use-cases/certificates';

const cfg = config();
if (!cfg.CERTIFICATES_QUEUE_URL) {
  throw new ConfigError('Invalid configuration: CERTIFICATES_QUEUE_URL is missing');
}
const dynamo = createDynamo(cfg);
const deps = {
  events: createEventRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  certificates: createCertificateRepository(dynamo, cfg.TABLE_NAME, {
    numberPrefix: cfg.CERTIFICATE_NUMBER_PREFIX ?? 'LK',
    retentionYears: cfg.CERTIFICATE_RETENTION_YEARS ?? 10,
  }),
  queue: createCertificateQueue(createSqs(cfg), cfg.CERTIFICATES_QUEUE_URL),
};

/** Every morning: queue certificates for the attendees of events that ended. */
export async function handler(event: ScheduledJobEvent): Promise<CertificateSweepSummary> {
  const summary = await runCertificateSweep(deps, jobNow(event));
  console.log(JSON.stringify({ level: 'info', job: 'certificates', ...summary }));
  return summary;
}
