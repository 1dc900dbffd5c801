import { formatCertificateDates } from '../../domain/certificate';
import type { TrainingEvent } from '../../domain/event';
import type { RenderedEmail } from '../../domain/mail-content';
import type { OrganiserContact } from '../../domain/vocabulary';
import { renderEmail } from './layout';
import { greeting, whyYouGetThis } from './registration-emails';

export interface CertificateEmailInput {
  event: TrainingEvent;
  number: string;
  fileName: string;
  verificationUrl: string;
  contact: OrganiserContact;
}

/** The certificate of attendance travels as a PDF attachment; the link verifies it. */
export function certificateEmail(input: CertificateEmailInput): RenderedEmail {
  const { event } = input;
  return renderEmail({
    subject: `Osvědčení o absolvování: ${event.title}`,
    heading: 'Vaše osvědčení o absolvování',
    contact: input.contact,
    blocks: [
      { type: 'paragraph', text: greeting },
      {
        type: 'paragraph',
        text: `děkujeme, že jste se zúčastnili akce „${event.title}“ (${formatCertificateDates(event.startsAt, event.endsAt)}). V příloze vám posíláme osvědčení o jejím absolvování ve formátu PDF.`,
      },
      {
        type: 'details',
        rows: [
          ['Číslo osvědčení', input.number],
          ['Soubor', input.fileName],
          ['Ověření pravosti', input.verificationUrl],
        ],
      },
      {
        type: 'paragraph',
        text: 'Osvědčení si uložte, případně ho předejte svému zaměstnavateli. Jeho pravost kdokoli ověří přes QR kód na osvědčení nebo na odkazu výše.',
      },
      whyYouGetThis(event),
    ],
  });
}
