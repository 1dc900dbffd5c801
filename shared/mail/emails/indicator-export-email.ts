import type { RenderedEmail } from '../../domain/mail-content';
import { formatPragueShortDateTime } from '../../domain/prague-time';
import { actionPlanGenitive, type OrganiserContact } from '../../domain/vocabulary';
import { renderEmail } from './layout';

export interface IndicatorExportEmailInput {
  year: number;
  generatedAt: string;
  fileName: string;
  contact: OrganiserContact;
}

/** The attachment's name; a machine name, kept as it was so that existing scripts find it. */
export function indicatorExportFileName(year: number, generatedAt: string): string {
  return `indikatory-${year}-${generatedAt.slice(0, 10)}.csv`;
}

/** To the staff who report the action plan's indicators; the CSV travels as an attachment. */
export function indicatorExportEmail(input: IndicatorExportEmailInput): RenderedEmail {
  return renderEmail({
    contact: input.contact,
    subject: `Export ukazatelů za rok ${input.year}`,
    heading: `Export ukazatelů za rok ${input.year}`,
    blocks: [
      { type: 'paragraph', text: 'Dobrý den,' },
      {
        type: 'paragraph',
        text: `v příloze posíláme aktuální export ukazatelů ${actionPlanGenitive} za rok ${input.year}. Stav k ${formatPragueShortDateTime(input.generatedAt)}.`,
      },
      {
        type: 'details',
        rows: [
          ['Soubor', input.fileName],
          ['Formát', 'CSV pro Excel (oddělovač středník, kódování UTF-8)'],
        ],
      },
      {
        type: 'paragraph',
        text: 'Soubor otevřete poklepáním, Excel ho načte rovnou do sloupců.',
      },
      {
        type: 'note',
        text: 'Tuto zprávu posílá automaticky systém Chytrá školení, protože je vaše adresa uvedená mezi příjemci exportu ukazatelů.',
      },
    ],
    signature: ['Systém Chytrá školení'],
  });
}
