import {
  type Certificate,
  certificateStatusLabels,
  formatCertificateDates,
  formatHoursCs,
  formatIssueDate,
} from '../../domain/certificate';
import { Layout } from './layout';

/** The page a certificate's QR code opens: whether it is valid, and what it certifies. */
export function VerificationPage(props: { certificate: Certificate }) {
  const c = props.certificate;
  const verdict =
    c.status === 'valid'
      ? 'Osvědčení je platné.'
      : c.status === 'replaced'
        ? 'Toto osvědčení bylo nahrazeno novým osvědčením (například po opravě jména). Platí nové osvědčení.'
        : 'Toto osvědčení bylo zrušeno a už neplatí.';
  return (
    <Layout title={`Ověření osvědčení ${c.number}`} narrow={true}>
      <h1>Ověření osvědčení</h1>
      <p
        class={c.status === 'valid' ? 'notice notice-success' : 'notice notice-warning'}
        role="status"
      >
        <strong>{verdict}</strong>
      </p>
      <dl class="event-facts">
        <dt>Číslo osvědčení</dt>
        <dd>{c.number}</dd>
        <dt>Stav</dt>
        <dd>{certificateStatusLabels[c.status]}</dd>
        {c.status === 'replaced' && c.replacedBy ? (
          <>
            <dt>Nahrazeno osvědčením</dt>
            <dd>{c.replacedBy}</dd>
          </>
        ) : null}
        <dt>Jméno</dt>
        <dd>{c.name}</dd>
        <dt>Vzdělávací akce</dt>
        <dd>{c.eventTitle}</dd>
        <dt>Termín</dt>
        <dd>{formatCertificateDates(c.startsAt, c.endsAt)}</dd>
        <dt>Rozsah</dt>
        <dd>{formatHoursCs(c.hours)}</dd>
        <dt>Pořadatel</dt>
        <dd>
          {c.organiser.body}, IČO {c.organiser.ico}
        </dd>
        <dt>Datum vydání</dt>
        <dd>{formatIssueDate(c.issuedAt)}</dd>
      </dl>
    </Layout>
  );
}
