/**
 * Known faults of Czech text that a reader in a regional office notices first. Used by the tests
 * that render every page and email: each rule names what is wrong, so a failure reads as an
 * editor's note.
 */

const weekdayForms = '(?:středa|čtvrtek|pátek|sobota|neděle)';
/** „pondělí, úterý, neděle“ read the same in the genitive: „do neděle“ is right. */
const weekdayFormsNotGenitive = '(?:středa|čtvrtek|pátek|sobota)';
const ws = '[ \\u00a0]+';
const notLetterBefore = '(?<![\\p{L}\\d])';
const notLetterAfter = '(?![\\p{L}])';

interface Rule {
  name: string;
  pattern: RegExp;
  /** Only for HTML, where a no-break space is possible; plain text keeps ordinary spaces. */
  htmlOnly?: boolean;
}

const rule = (name: string, source: string, flags = 'giu', htmlOnly = false): Rule => ({
  name,
  pattern: new RegExp(source, flags),
  htmlOnly,
});

export const czechTextRules: readonly Rule[] = [
  rule(
    'weekday in the nominative after „do/od“ (do středy, od čtvrtka)',
    `${notLetterBefore}(?:do|od)${ws}${weekdayFormsNotGenitive}${notLetterAfter}`,
  ),
  rule(
    'weekday in the nominative after „k/ke“ (ke středě, k pátku)',
    `${notLetterBefore}(?:k|ke)${ws}${weekdayForms}${notLetterAfter}`,
  ),
  rule(
    'weekday in the nominative after „v/ve“ (ve středu, v sobotu, v neděli)',
    `${notLetterBefore}(?:v|ve)${ws}(?:středa|sobota|neděle)${notLetterAfter}`,
  ),
  rule('„ke středě“, „ke čtvrtku“, not „k“', `${notLetterBefore}k${ws}(?:stř|čtv)`),
  rule('„ve středu“, „ve čtvrtek“, not „v“', `${notLetterBefore}v${ws}(?:stř|čtv)`),
  rule(
    '„ve“ before 2, 3, 4, 12, 13, 14 and 20–23 o’clock',
    `${notLetterBefore}v${ws}(?:2|3|4|12|13|14|20|21|22|23):\\d\\d`,
  ),
  rule(
    '„v“, not „ve“, before 0, 1, 5–11 and 15–19 o’clock',
    `${notLetterBefore}ve${ws}(?:0|1|5|6|7|8|9|10|11|15|16|17|18|19):\\d\\d`,
  ),
  rule(
    'one-letter word followed by an ordinary space (needs a no-break space)',
    `${notLetterBefore}[kvszouai] (?=[\\p{L}\\d„(])`,
    'giu',
    true,
  ),
  rule('„indikátor“ (the plan says „ukazatel“)', 'indikátor', 'giu'),
  rule('colloquial „ať“', `${notLetterBefore}ať${notLetterAfter}`),
  rule('colloquial „nejspíš“', 'nejspíš', 'giu'),
  rule('colloquial „jedním pípnutím“', 'pípnutím', 'giu'),
  rule('colloquial „něco mezi“', 'něco mezi', 'giu'),
  rule(
    'the area „Posilování…“ called the plan (the plan is „Chytřejší Liberecký kraj“)',
    `plán\\p{L}*${ws}„Posilování`,
  ),
];

const entities: Record<string, string> = {
  '&nbsp;': '\u00a0',
  '&#160;': '\u00a0',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

/** What a person reads in an HTML document: no head, styles, scripts or tags; entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/gi, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d|tr|td|th|dt|dd|legend|label|option|caption)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:nbsp|#160|amp|lt|gt|quot|#39|#x27);/g, (entity) => entities[entity] ?? entity);
}

/**
 * The faults found in a text. `userContent` lists what organisers and participants typed
 * (titles, venues, names): it is theirs, not ours, and is left out of the check.
 */
export function czechTextProblems(
  text: string,
  options: { html: boolean; userContent?: readonly string[] },
): string[] {
  let ours = options.html ? visibleText(text) : text;
  for (const value of options.userContent ?? []) {
    if (value) ours = ours.split(value).join('\n');
  }
  const problems: string[] = [];
  for (const { name, pattern, htmlOnly } of czechTextRules) {
    if (htmlOnly && !options.html) continue;
    for (const match of ours.matchAll(pattern)) {
      const at = match.index ?? 0;
      const end = at + match[0].length;
      const context =
        `${ours.slice(Math.max(0, at - 25), at)}⟦${match[0]}⟧${ours.slice(end, end + 25)}`.replace(
          /\s+/g,
          ' ',
        );
      problems.push(`${name}: …${context}…`);
    }
  }
  return problems;
}
