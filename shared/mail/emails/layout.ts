import type { TrainingEvent } from '../../domain/event';
import { escapeHtml, type RenderedEmail, singleLine } from '../../domain/mail-content';
import { formatPragueRange } from '../../domain/prague-time';
import { type OrganiserContact, organiserContactLines } from '../../domain/vocabulary';
import { nbsp } from '../../web/pages/typography';

/**
 * Emails are written once as blocks and rendered twice, as plain text and as HTML, so both
 * parts always say the same thing. Every value is escaped here, in one place.
 */
export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'details'; rows: readonly (readonly [label: string, value: string])[] }
  /** A call to action: a button in HTML, "label: url" in plain text. */
  | { type: 'action'; intro?: string; label: string; href: string }
  | { type: 'qr'; intro: string; cid: string; alt: string }
  /** Why the person gets this email; small print at the end. */
  | { type: 'note'; text: string };

export interface EmailContent {
  subject: string;
  heading: string;
  blocks: readonly Block[];
  /** Who signs; defaults to the training team. The organisers' contacts follow it. */
  signature?: readonly string[];
  /** How to reach the organisers: every email ends with it. */
  contact: OrganiserContact;
}

export const defaultSignature = ['S pozdravem', 'tým vzdělávacích akcí'] as const;

/** What people need to know about an event, in the same order in every email. */
export function eventDetails(event: TrainingEvent): Block {
  const rows: [string, string][] = [
    ['Akce', event.title],
    ['Termín', formatPragueRange(event.startsAt, event.endsAt)],
    ['Místo', event.venue],
  ];
  if (event.onlineUrl) rows.push(['Připojení online', event.onlineUrl]);
  return { type: 'details', rows };
}

const colours = {
  text: '#1a1a1a',
  muted: '#4d4d4d',
  accent: '#0b4f8a',
  background: '#f2f4f7',
  border: '#d0d5dd',
};

/**
 * Text of the HTML part with Czech no-break spaces (after „v“, „k“…, inside dates); the plain
 * text part keeps ordinary spaces, which some mail programs show as odd characters otherwise.
 */
function textHtml(text: string): string {
  return escapeHtml(nbsp(text));
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 16px 0;">${textHtml(block.text)}</p>`;
    case 'details': {
      const rows = block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold;white-space:nowrap;">${textHtml(label)}</th><td style="padding:4px 0;vertical-align:top;">${textHtml(value)}</td></tr>`,
        )
        .join('');
      return `<table style="border-collapse:collapse;margin:0 0 16px 0;width:100%;border-top:1px solid ${colours.border};border-bottom:1px solid ${colours.border};">${rows}</table>`;
    }
    case 'action': {
      const intro = block.intro ? `<p style="margin:0 0 8px 0;">${textHtml(block.intro)}</p>` : '';
      return `${intro}<p style="margin:0 0 16px 0;"><a href="${escapeHtml(block.href)}" style="display:inline-block;padding:10px 18px;background:${colours.accent};color:#ffffff;text-decoration:underline;border-radius:4px;font-weight:bold;">${textHtml(block.label)}</a></p>`;
    }
    case 'qr':
      return `<p style="margin:0 0 8px 0;">${textHtml(block.intro)}</p><p style="margin:0 0 16px 0;"><img src="cid:${escapeHtml(block.cid)}" alt="${escapeHtml(block.alt)}" width="240" height="240" style="display:block;width:240px;height:240px;border:0;"></p>`;
    case 'note':
      return `<p style="margin:24px 0 0 0;font-size:13px;color:${colours.muted};">${textHtml(block.text)}</p>`;
  }
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
    case 'note':
      return block.text;
    case 'details':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'action':
      return `${block.intro ? `${block.intro}\n` : ''}${block.label}: ${block.href}`;
    case 'qr':
      return `${block.intro} (QR kód je v HTML verzi e-mailu a v příloze.)`;
  }
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const subject = singleLine(content.subject);
  const signature = [
    ...(content.signature ?? defaultSignature),
    ...organiserContactLines(content.contact),
  ];
  const body = content.blocks.filter((block) => block.type !== 'note');
  const notes = content.blocks.filter((block) => block.type === 'note');

  const text = [
    content.heading,
    ...body.map(blockText),
    signature.join('\n'),
    ...notes.map(blockText),
  ].join('\n\n');

  const html = `<!DOCTYPE html>
<html lang="cs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:${colours.background};">
<div role="article" aria-roledescription="e-mail" lang="cs" style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:${colours.text};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
<h1 style="margin:0 0 16px 0;font-size:22px;line-height:1.3;color:${colours.text};">${textHtml(content.heading)}</h1>
${body.map(blockHtml).join('\n')}
<p style="margin:24px 0 0 0;">${signature.map(textHtml).join('<br>')}</p>
${notes.map(blockHtml).join('\n')}
</div>
</body>
</html>
`;
  return { subject, text: `${text}\n`, html };
}
