import {
  type Certificate,
  type CertificateJob,
  type CertificateLinkSettings,
  type CertificateOrganiser,
  certificateContent,
  certificateFileKey,
  certificateFileName,
  certificateRecipients,
  certificatesDueAt,
  certificatesEnabled,
  certificateTiming,
  certificateVerificationUrl,
  eventPrintKey,
} from '../domain/certificate';
import type { TrainingEvent } from '../domain/event';
import type {
  CertificateQueue,
  CertificateRegister,
  EventStore,
  ExportFile,
  MailQueue,
  RegistrationStore,
} from './ports';

export interface CertificateSweepDeps {
  events: Pick<EventStore, 'listEventsByStart'> & Pick<RegistrationStore, 'listRegistrations'>;
  certificates: Pick<CertificateRegister, 'currentNumbers'>;
  queue: CertificateQueue;
}

export interface CertificateSweepSummary {
  at: string;
  /** Held events with certificates whose issuing time has come. */
  events: number;
  /** Attendees queued for a certificate in this run. */
  queued: number;
  /** Attendees who already have one. */
  alreadyIssued: number;
}

/** Whether an event's attendees get certificates now. */
export function certificatesDue(event: TrainingEvent, nowIso: string): boolean {
  return (
    event.status === 'published' && certificatesEnabled(event) && certificatesDueAt(event) <= nowIso
  );
}

/**
 * The daily run: every event that ended in the last weeks, had certificates enabled and whose
 * issuing morning has come, queues a certificate for each attendee without one. Events come
 * from the by-start index (one query; a region's few dozen events a month), and an attendee
 * marked present after the first run is found by the next one.
 */
export async function runCertificateSweep(
  deps: CertificateSweepDeps,
  now: Date,
): Promise<CertificateSweepSummary> {
  const nowIso = now.toISOString();
  const summary: CertificateSweepSummary = { at: nowIso, events: 0, queued: 0, alreadyIssued: 0 };
  const from = new Date(now.getTime() - certificateTiming.lookbackDays * 86_400_000).toISOString();
  const events = await deps.events.listEventsByStart({ from, to: nowIso });
  for (const event of events.filter((e) => certificatesDue(e, nowIso))) {
    summary.events++;
    const attendees = certificateRecipients(await deps.events.listRegistrations(event.id));
    if (attendees.length === 0) continue;
    const issued = await deps.certificates.currentNumbers(event.id);
    const jobs: CertificateJob[] = [];
    for (const attendee of attendees) {
      if (issued.has(attendee.id)) summary.alreadyIssued++;
      else jobs.push({ kind: 'issue', eventId: event.id, registrationId: attendee.id });
    }
    await deps.queue.enqueue(jobs);
    summary.queued += jobs.length;
  }
  return summary;
}

export interface CertificateRendererDeps {
  events: Pick<EventStore, 'getEvent'> & Pick<RegistrationStore, 'getRegistration'>;
  certificates: Pick<CertificateRegister, 'issue' | 'getInEvent' | 'listForEvent'>;
  files: { put(file: ExportFile): Promise<void> };
  mail: MailQueue;
  render(pages: { certificate: Certificate; verificationUrl: string }[]): Promise<Buffer>;
  links: CertificateLinkSettings;
  organiser: CertificateOrganiser;
  now: () => Date;
}

export type CertificateJobResult =
  | { outcome: 'issued' | 'existing' | 'sent'; number: string }
  | { outcome: 'printed'; pages: number }
  | {
      outcome: 'skipped';
      reason:
        | 'event-not-found'
        | 'not-applicable'
        | 'registration-not-found'
        | 'not-attended'
        | 'name-purged'
        | 'not-valid'
        | 'nothing-to-print';
    };

async function storeAndMail(
  deps: CertificateRendererDeps,
  certificate: Certificate,
): Promise<void> {
  const pdf = await deps.render([
    { certificate, verificationUrl: certificateVerificationUrl(deps.links, certificate.number) },
  ]);
  await deps.files.put({
    key: certificateFileKey(certificate.number),
    body: pdf,
    contentType: 'application/pdf',
    filename: certificateFileName(certificate.number),
  });
  // The mailer sends one email per registration and number, however often this is queued. The
  // PDF travels with the message, so that the mailer needs no S3 client.
  await deps.mail.enqueue([
    {
      kind: 'certificate',
      eventId: certificate.eventId,
      registrationId: certificate.registrationId,
      number: certificate.number,
      pdf: pdf.toString('base64'),
    },
  ]);
}

/**
 * One message of the certificates queue. Issuing is idempotent per registration (the number
 * and the register entry are written once), the PDF is written again under the same key and
 * the email is deduplicated by the mailer, so a redelivery at any step repeats nothing visible.
 */
export async function handleCertificateJob(
  deps: CertificateRendererDeps,
  job: CertificateJob,
): Promise<CertificateJobResult> {
  const event = await deps.events.getEvent(job.eventId);
  if (!event) return { outcome: 'skipped', reason: 'event-not-found' };

  if (job.kind === 'print') {
    const valid = (await deps.certificates.listForEvent(event.id)).filter(
      (c) => c.status === 'valid',
    );
    if (valid.length === 0) return { outcome: 'skipped', reason: 'nothing-to-print' };
    const pdf = await deps.render(
      valid.map((certificate) => ({
        certificate,
        verificationUrl: certificateVerificationUrl(deps.links, certificate.number),
      })),
    );
    await deps.files.put({
      key: eventPrintKey(event.id),
      body: pdf,
      contentType: 'application/pdf',
      filename: `osvedceni-${event.id}.pdf`,
    });
    return { outcome: 'printed', pages: valid.length };
  }

  if (job.kind === 'send') {
    const certificate = await deps.certificates.getInEvent(event.id, job.number);
    if (certificate?.status !== 'valid') return { outcome: 'skipped', reason: 'not-valid' };
    await storeAndMail(deps, certificate);
    return { outcome: 'sent', number: certificate.number };
  }

  if (event.status !== 'published' || !certificatesEnabled(event)) {
    return { outcome: 'skipped', reason: 'not-applicable' };
  }
  const registration = await deps.events.getRegistration(event.id, job.registrationId);
  if (!registration) return { outcome: 'skipped', reason: 'registration-not-found' };
  if (certificateRecipients([registration]).length === 0) {
    return { outcome: 'skipped', reason: 'not-attended' };
  }
  if (!registration.name) return { outcome: 'skipped', reason: 'name-purged' };
  const result = await deps.certificates.issue({
    ...certificateContent(event, { id: registration.id, name: registration.name }, deps.organiser),
    issuedAt: deps.now().toISOString(),
  });
  if (result.certificate.status !== 'valid') {
    return { outcome: 'skipped', reason: 'not-valid' };
  }
  await storeAndMail(deps, result.certificate);
  return { outcome: result.outcome, number: result.certificate.number };
}
