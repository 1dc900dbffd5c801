/**
 * Czech has three plural categories for counts: 1, 2–4 and everything else.
 */

export interface PluralForms {
  /** Used for 1, e.g. "volné místo". */
  readonly one: string;
  /** Used for 2–4, e.g. "volná místa"; also for decimals unless `fraction` is given. */
  readonly few: string;
  /** Used for 0 and 5+, e.g. "volných míst". */
  readonly many: string;
  /**
   * Decimals take the genitive singular ("1,5 hodiny", "1,5 dne"). For most feminine nouns
   * that equals the `few` form, so this is only needed where it differs ("den" → "dne").
   */
  readonly fraction?: string;
}

// Made on first use: loading the Czech locale data costs about 12 ms of CPU, which a function's
// cold start should not pay when it formats no count (most of them, most of the time).
let numberFormat: Intl.NumberFormat | undefined;

export function pluralCs(n: number, forms: PluralForms): string {
  if (!Number.isFinite(n)) {
    return forms.many;
  }
  if (!Number.isInteger(n)) {
    return forms.fraction ?? forms.few;
  }
  const abs = Math.abs(n);
  if (abs === 1) {
    return forms.one;
  }
  if (abs >= 2 && abs <= 4) {
    return forms.few;
  }
  return forms.many;
}

/** Formats with Czech digit grouping (non-breaking space) and decimal comma. */
export function countCs(n: number, forms: PluralForms): string {
  numberFormat ??= new Intl.NumberFormat('cs-CZ', { maximumFractionDigits: 2 });
  return `${numberFormat.format(n)} ${pluralCs(n, forms)}`;
}

/** After "po dobu": "po dobu 1 roku", "po dobu 3 let", "po dobu 10 let". */
export const YEARS_GENITIVE: PluralForms = Object.freeze({
  one: 'roku',
  few: 'let',
  many: 'let',
});

export const FREE_SEATS: PluralForms = Object.freeze({
  one: 'volné místo',
  few: 'volná místa',
  many: 'volných míst',
  fraction: 'volného místa',
});

export const PARTICIPANTS: PluralForms = Object.freeze({
  one: 'účastník',
  few: 'účastníci',
  many: 'účastníků',
  fraction: 'účastníka',
});

export const PEOPLE: PluralForms = Object.freeze({
  one: 'člověk',
  few: 'lidé',
  many: 'lidí',
});

/** The verb agrees with the count: "čeká 1 člověk", "čekají 3 lidé", "čeká 5 lidí". */
export const WAIT_VERB: PluralForms = Object.freeze({
  one: 'čeká',
  few: 'čekají',
  many: 'čeká',
});

export const REGISTRATIONS: PluralForms = Object.freeze({
  one: 'registrace',
  few: 'registrace',
  many: 'registrací',
});

export const EVENTS: PluralForms = Object.freeze({
  one: 'akce',
  few: 'akce',
  many: 'akcí',
});

export const DAYS: PluralForms = Object.freeze({
  one: 'den',
  few: 'dny',
  many: 'dní',
  fraction: 'dne',
});

export const ANSWERS: PluralForms = Object.freeze({
  one: 'odpověď',
  few: 'odpovědi',
  many: 'odpovědí',
});

export const ORGANISATIONS: PluralForms = Object.freeze({
  one: 'organizace',
  few: 'organizace',
  many: 'organizací',
});
