import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import {
  type Certificate,
  formatCertificateDates,
  formatHoursCs,
  formatIssueDate,
} from '../../shared/domain/certificate';
import { qrPng } from '../../shared/mail/emails/qr-png';

/**
 * The same certificate drawn with pdf-lib, only to compare it with pdfkit (size, speed, cold
 * start). pdf-lib wraps no text, tags nothing and writes no PDF/A metadata: this version wraps
 * by hand and stays untagged, so it does less than the real one.
 */
const require = createRequire(import.meta.url);
const regularBytes = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const boldBytes = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));

const mm = (value: number) => (value * 72) / 25.4;
const width = mm(210);
const height = mm(297);
const margin = mm(22);

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export async function renderWithPdfLib(
  c: Certificate,
  verificationUrl: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(regularBytes, { subset: true });
  const bold = await doc.embedFont(boldBytes, { subset: true });
  doc.setTitle(`Osvědčení ${c.number}`);
  doc.setLanguage('cs-CZ');
  const page = doc.addPage([width, height]);
  let y = height - margin;
  const centred = (text: string, font: PDFFont, size: number, gapAfter: number) => {
    for (const line of wrap(text, font, size, width - 2 * margin)) {
      y -= size * 1.2;
      const lineWidth = font.widthOfTextAtSize(line, size);
      page.drawText(line, { x: (width - lineWidth) / 2, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
    y -= gapAfter;
  };
  centred(c.organiser.body, bold, 12, 2);
  centred(`IČO ${c.organiser.ico}`, regular, 10, 28);
  centred('OSVĚDČENÍ', bold, 30, 4);
  centred('o absolvování vzdělávací akce', regular, 14, 24);
  centred('Osvědčujeme, že', regular, 12, 6);
  centred(c.name, bold, 24, 10);
  centred('se zúčastnil(a) vzdělávací akce', regular, 12, 6);
  centred(c.eventTitle, bold, 18, 20);
  centred(`Termín: ${formatCertificateDates(c.startsAt, c.endsAt)}`, regular, 11, 4);
  centred(`Rozsah: ${formatHoursCs(c.hours)}`, regular, 11, 4);
  centred(`Místo konání: ${c.place}`, regular, 11, 4);
  centred(`Pořadatel: ${c.organiser.body}, IČO ${c.organiser.ico}`, regular, 11, 4);
  const qr = await doc.embedPng(qrPng(verificationUrl, { scale: 4, margin: 4 }));
  const qrSize = mm(34);
  page.drawImage(qr, {
    x: width - margin - qrSize,
    y: margin + mm(14),
    width: qrSize,
    height: qrSize,
  });
  let footY = margin + mm(14) + qrSize;
  for (const [text, font] of [
    [`Číslo osvědčení: ${c.number}`, bold],
    [`Datum vydání: ${formatIssueDate(c.issuedAt)}`, regular],
    [c.organiser.signatoryName, bold],
    [c.organiser.signatoryRole, regular],
  ] as const) {
    footY -= 14;
    page.drawText(text, { x: margin, y: footY, size: 11, font });
  }
  page.drawText(`Pravost ověříte na adrese ${verificationUrl}`, {
    x: margin,
    y: margin,
    size: 7.5,
    font: regular,
  });
  return doc.save();
}
