import { czechMonths } from '../../domain/prague-time';

/**
 * Czech typography for text we generate: a one-letter preposition or conjunction must not end a
 * line, a number stays with what follows it ("3 volná místa", "22. října"), and a dash does not
 * start a line. Only ordinary spaces are replaced with no-break spaces; nothing else changes.
 */
const oneLetterWord = /(?<=^|[\s(„\u00a0])([aikosuvzAIKOSUVZ]) /g;
const numberThenWord = /(?<=\d\.?) (?=[^\s–-])/g;
const spaceBeforeDash = / (?=[–—])/g;
/** "22. října 2025": a date stays on one line. */
const monthThenYear = new RegExp(`(?<=(?:${czechMonths.genitive.join('|')})) (?=\\d{4}\\b)`, 'g');

export function nbsp(text: string): string {
  return text
    .replace(oneLetterWord, '$1\u00a0')
    .replace(numberThenWord, '\u00a0')
    .replace(spaceBeforeDash, '\u00a0')
    .replace(monthThenYear, '\u00a0');
}
