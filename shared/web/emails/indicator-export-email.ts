import type { RenderedEmail } from '../../domain/mail-content';
import { formatPragueDateTime } from '../../domain/prague-time';
import { renderEmail } from './layout';

export interface IndicatorExportEmailInput {
  year: number;
  generatedAt: string;
  fileName: string;
}

export function indicatorExportFileName(year: number, generatedAt: string): string {
  return `indikatory-${year}-${generatedAt.slice(0, 10)}.csv`;
}

/** To the staff who report the action plan's indicators; the CSV travels as an attachment. */
export function indicatorExportEmail(input: IndicatorExportEmailInput): RenderedEmail {
  return renderEmail({
    subject: `Export indikátorů za rok ${input.year}`,
    heading: `Export indikátorů za rok ${input.year}`,
    blocks: [
      { type: 'paragraph', text: 'Dobrý den,' },
      {
        type: 'paragraph',
        text: `v příloze posíláme aktuální export indikátorů akčního plánu „Posilování úrovně služeb v digitálním věku“ za rok ${input.year}. Stav k ${formatPragueDateTime(input.generatedAt)}.`,
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
        text: 'Tuto zprávu posílá automaticky systém Chytrá školení, protože je vaše adresa uvedená mezi příjemci exportu indikátorů.',
      },
    ],
    signature: ['Systém Chytrá školení', 'Krajský úřad Libereckého kraje'],
  });
}
