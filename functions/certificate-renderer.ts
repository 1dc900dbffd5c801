import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createCertificateRepository } from '../shared/adapters/certificate-repository';
import { createDynamo, createS3, createSqs } from '../shared/adapters/clients';
import { createEventRepository } from '../shared/adapters/event-repository';
import { createExportsBucket } from '../shared/adapters/exports-bucket';
import { createMailQueue } from '../shared/adapters/mail-queue';
import { certificateSettings, config } from '../shared/config';
import { certificateJobSchema } from '../shared/domain/certificate';
import { createAddressHasher } from '../shared/domain/rate-limit';
import { loadLinkKeys } from '../shared/link-keys';
import {
  type CertificateRendererDeps,
  handleCertificateJob,
} from '../shared/use-cases/certificates';
import { renderCertificatesPdf } from '../shared/web/certificates/certificate-pdf';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

async function handleRecord(deps: CertificateRendererDeps, record: SQSRecord): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    json = undefined;
  }
  const parsed = certificateJobSchema.safeParse(json);
  if (!parsed.success) {
    log({ level: 'error', msg: 'certificate.invalid-message', sqsMessageId: record.messageId });
    // Failing it sends it to the dead-letter queue after its receives, where the alarm shows it.
    throw new Error('Invalid certificate message');
  }
  const job = parsed.data;
  try {
    const result = await handleCertificateJob(deps, job);
    log({
      level: 'info',
      msg: `certificate.${result.outcome}`,
      kind: job.kind,
      eventId: job.eventId,
      ...result,
    });
  } catch (error) {
    log({
      level: 'error',
      msg: 'certificate.failed',
      kind: job.kind,
      eventId: job.eventId,
      error: error instanceof Error ? error.name : 'unknown',
    });
    throw error;
  }
}

export function createCertificateRendererHandler(deps: CertificateRendererDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(
      event,
      (record: SQSRecord) => handleRecord(deps, record),
      new BatchProcessor(EventType.SQS),
      { processInParallel: false, throwOnFullBatchFailure: false },
    );
}

// Verification links are signed with the link keys' oldest key: the keys first.
await loadLinkKeys();
const cfg = config();
const settings = certificateSettings(cfg);
const dynamo = createDynamo(cfg);
export const handler = createCertificateRendererHandler({
  events: createEventRepository(
    dynamo,
    cfg.TABLE_NAME,
    createAddressHasher(() => cfg.hashingSecret),
  ),
  certificates: createCertificateRepository(dynamo, cfg.TABLE_NAME, settings),
  files: createExportsBucket(createS3(cfg), cfg.EXPORTS_BUCKET),
  mail: createMailQueue(createSqs(cfg), cfg.MAIL_QUEUE_URL),
  render: renderCertificatesPdf,
  links: { publicBaseUrl: cfg.PUBLIC_BASE_URL, certificateSecret: cfg.hashingSecret },
  organiser: settings.organiser,
  now: () => new Date(),
});
