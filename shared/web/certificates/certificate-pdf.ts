import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import {
  type Certificate,
  formatCertificateDates,
  formatHoursCs,
  formatIssueDate,
} from '../../domain/certificate';
import { qrPng } from '../../mail/emails/qr-png';

/**
 * The certificate as a one-page A4 PDF/A-2b, tagged, in DejaVu Sans (full Czech coverage),
 * embedded and subset by pdfkit. Text stays text: the QR code is the only picture.
 */

export const certificateFontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

/**
 * In a Lambda bundle the fonts sit in `fonts/` beside the bundle (copied at bundling, see
 * infra/constructs/app-function.ts); from the sources they come from the npm package.
 */
function fontFile(name: (typeof certificateFontFiles)[number]): Buffer {
  const bundled = fileURLToPath(new URL(`./fonts/${name}`, import.meta.url));
  if (existsSync(bundled)) return readFileSync(bundled);
  return readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`));
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= { regular: fontFile('DejaVuSans.ttf'), bold: fontFile('DejaVuSans-Bold.ttf') };
  return fonts;
}

export interface CertificatePage {
  certificate: Certificate;
  verificationUrl: string;
}

const mm = (value: number) => (value * 72) / 25.4;
const page = { width: mm(210), height: mm(297), margin: mm(22) };
const textWidth = page.width - 2 * page.margin;
const ink = '#1a1a1a';
const muted = '#4d4d4d';
const accent = '#005a9c';
const replacementCharacter = '\uFFFD';

type Doc = InstanceType<typeof PDFDocument>;
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * Characters DejaVu has no glyph for (emoji, CJK) become U+FFFD instead of an invisible
 * .notdef box; the register keeps the name exactly as registered.
 */
function printable(doc: Doc, text: string): string {
  const font = (doc as unknown as { _font?: { font?: FontkitFont } })._font?.font;
  if (!font) return text;
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    out += codePoint < 0x20 || !font.hasGlyphForCodePoint(codePoint) ? replacementCharacter : char;
  }
  return out;
}

/** The largest size from `sizes` at which `text` fits in `maxHeight`; the smallest otherwise. */
function fittingSize(doc: Doc, text: string, sizes: number[], maxHeight: number): number {
  for (const size of sizes) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width: textWidth, align: 'center' }) <= maxHeight) return size;
  }
  return sizes[sizes.length - 1] as number;
}

function drawPage(doc: Doc, { certificate: c, verificationUrl }: CertificatePage): void {
  const document = doc.struct('Document');
  doc.addStructure(document);
  const paragraph = (
    text: string,
    options: {
      font: 'regular' | 'bold';
      size: number;
      color?: string;
      gap?: number;
      tag?: 'P' | 'H1' | 'H2';
    },
  ) => {
    doc
      .font(options.font)
      .fontSize(options.size)
      .fillColor(options.color ?? ink);
    const shown = printable(doc, text);
    document.add(
      doc.struct(options.tag ?? 'P', {}, () => {
        doc.text(shown, page.margin, doc.y, { width: textWidth, align: 'center' });
      }),
    );
    doc.moveDown(options.gap ?? 0.4);
  };

  doc.y = page.margin;
  paragraph(c.organiser.body, { font: 'bold', size: 12, color: muted, gap: 0.1 });
  paragraph(`IČO ${c.organiser.ico}`, { font: 'regular', size: 10, color: muted, gap: 2.2 });
  paragraph('OSVĚDČENÍ', { font: 'bold', size: 30, color: accent, gap: 0.2, tag: 'H1' });
  paragraph('o absolvování vzdělávací akce', { font: 'regular', size: 14, gap: 2 });
  paragraph('Osvědčujeme, že', { font: 'regular', size: 12, color: muted, gap: 0.5 });

  doc.font('bold');
  const nameSize = fittingSize(doc, printable(doc, c.name), [24, 20, 16, 12], mm(22));
  paragraph(c.name, { font: 'bold', size: nameSize, gap: 0.8, tag: 'H2' });
  paragraph('se zúčastnil(a) vzdělávací akce', {
    font: 'regular',
    size: 12,
    color: muted,
    gap: 0.5,
  });

  doc.font('bold');
  const titleSize = fittingSize(doc, printable(doc, c.eventTitle), [18, 15, 12, 10, 8], mm(45));
  paragraph(c.eventTitle, { font: 'bold', size: titleSize, gap: 1.6, tag: 'H2' });

  const rows: [string, string][] = [
    ['Termín', formatCertificateDates(c.startsAt, c.endsAt)],
    ['Rozsah', formatHoursCs(c.hours)],
    ['Místo konání', c.place],
    ['Pořadatel', `${c.organiser.body}, IČO ${c.organiser.ico}`],
  ];
  for (const [label, value] of rows) {
    doc.font('regular').fontSize(11);
    const line = printable(doc, `${label}: ${value}`);
    document.add(
      doc.struct('P', {}, () => {
        doc.fillColor(ink).text(line, page.margin, doc.y, { width: textWidth, align: 'center' });
      }),
    );
    doc.moveDown(0.3);
  }

  // The foot: number, date of issue and signatory on the left, the QR code on the right.
  const qrSize = mm(34);
  const footTop = page.height - page.margin - qrSize - mm(14);
  const leftWidth = textWidth - qrSize - mm(8);
  doc.y = footTop;
  const footLine = (text: string, font: 'regular' | 'bold', size: number) => {
    doc.font(font).fontSize(size).fillColor(ink);
    const shown = printable(doc, text);
    document.add(
      doc.struct('P', {}, () => {
        doc.text(shown, page.margin, doc.y, { width: leftWidth });
      }),
    );
  };
  footLine(`Číslo osvědčení: ${c.number}`, 'bold', 11);
  footLine(`Datum vydání: ${formatIssueDate(c.issuedAt)}`, 'regular', 11);
  doc.moveDown(1.6);
  footLine(c.organiser.signatoryName, 'bold', 11);
  footLine(c.organiser.signatoryRole, 'regular', 10);

  const qrLeft = page.width - page.margin - qrSize;
  document.add(
    doc.struct(
      'Figure',
      { alt: `QR kód s odkazem na ověření osvědčení: ${verificationUrl}` },
      () => {
        doc.image(qrPng(verificationUrl, { scale: 4, margin: 4 }), qrLeft, footTop, {
          width: qrSize,
          height: qrSize,
        });
      },
    ),
  );
  doc.font('regular').fontSize(7.5).fillColor(muted);
  document.add(
    doc.struct('P', {}, () => {
      doc.text(
        `Pravost ověříte na adrese ${verificationUrl}`,
        page.margin,
        page.height - page.margin - mm(8),
        { width: textWidth, align: 'left' },
      );
    }),
  );
  document.end();
}

/** One PDF with a page per certificate (one page for a single certificate). */
export function renderCertificatesPdf(pages: CertificatePage[]): Promise<Buffer> {
  if (pages.length === 0) return Promise.reject(new Error('No certificate to render'));
  const { regular, bold } = loadFonts();
  const first = pages[0] as CertificatePage;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: 'cs-CZ',
    displayTitle: true,
    // No standard font: PDF/A wants every font embedded, and the standard ones never are.
    font: null as unknown as string,
    info: {
      Title:
        pages.length === 1
          ? `Osvědčení ${first.certificate.number}`
          : `Osvědčení o absolvování: ${first.certificate.eventTitle}`,
      Author: first.certificate.organiser.body,
      Subject: 'Osvědčení o absolvování vzdělávací akce',
      Creator: 'Chytrá školení',
    },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const entry of pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    drawPage(doc, entry);
  }
  doc.end();
  return done;
}

export function renderCertificatePdf(page: CertificatePage): Promise<Buffer> {
  return renderCertificatesPdf([page]);
}
