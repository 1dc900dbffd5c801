import { describe, expect, it } from 'vitest';
import {
  ANSWERS,
  countCs,
  DAYS,
  EVENTS,
  FREE_SEATS,
  ORGANISATIONS,
  PARTICIPANTS,
  type PluralForms,
  pluralCs,
  REGISTRATIONS,
  YEARS_GENITIVE,
} from '../../shared/domain/czech-plural';

const HOURS: PluralForms = { one: 'hodina', few: 'hodiny', many: 'hodin' };

describe('pluralCs', () => {
  it.each([
    [0, 'hodin'],
    [1, 'hodina'],
    [2, 'hodiny'],
    [3, 'hodiny'],
    [4, 'hodiny'],
    [5, 'hodin'],
    [11, 'hodin'],
    [12, 'hodin'],
    [21, 'hodin'],
    [22, 'hodin'],
    [101, 'hodin'],
    [1000, 'hodin'],
  ])('%d → %s', (n, expected) => {
    expect(pluralCs(n, HOURS)).toBe(expected);
  });

  it('uses the absolute value for negative counts', () => {
    expect(pluralCs(-1, HOURS)).toBe('hodina');
    expect(pluralCs(-3, HOURS)).toBe('hodiny');
    expect(pluralCs(-7, HOURS)).toBe('hodin');
  });

  it('uses the few form for decimals when no fraction form is given', () => {
    expect(pluralCs(1.5, HOURS)).toBe('hodiny');
    expect(pluralCs(0.5, HOURS)).toBe('hodiny');
    expect(pluralCs(7.25, HOURS)).toBe('hodiny');
  });

  it('prefers an explicit fraction form for decimals', () => {
    expect(pluralCs(1.5, DAYS)).toBe('dne');
    expect(pluralCs(2, DAYS)).toBe('dny');
  });

  it('falls back to the many form for non-finite values', () => {
    expect(pluralCs(Number.NaN, HOURS)).toBe('hodin');
    expect(pluralCs(Number.POSITIVE_INFINITY, HOURS)).toBe('hodin');
  });
});

describe('countCs', () => {
  it('formats free seats', () => {
    expect(countCs(0, FREE_SEATS)).toBe('0 volných míst');
    expect(countCs(1, FREE_SEATS)).toBe('1 volné místo');
    expect(countCs(3, FREE_SEATS)).toBe('3 volná místa');
    expect(countCs(5, FREE_SEATS)).toBe('5 volných míst');
  });

  it('groups thousands with a non-breaking space and uses a decimal comma', () => {
    expect(countCs(1000, PARTICIPANTS)).toBe('1\u00a0000 účastníků');
    expect(countCs(1.5, HOURS)).toBe('1,5 hodiny');
  });

  it.each([
    [PARTICIPANTS, 1, '1 účastník'],
    [PARTICIPANTS, 2, '2 účastníci'],
    [PARTICIPANTS, 5, '5 účastníků'],
    [REGISTRATIONS, 1, '1 registrace'],
    [REGISTRATIONS, 4, '4 registrace'],
    [REGISTRATIONS, 5, '5 registrací'],
    [EVENTS, 1, '1 akce'],
    [EVENTS, 2, '2 akce'],
    [EVENTS, 10, '10 akcí'],
    [DAYS, 1, '1 den'],
    [DAYS, 3, '3 dny'],
    [DAYS, 5, '5 dní'],
    [ANSWERS, 1, '1 odpověď'],
    [ANSWERS, 2, '2 odpovědi'],
    [ANSWERS, 12, '12 odpovědí'],
    [ORGANISATIONS, 1, '1 organizace'],
    [ORGANISATIONS, 3, '3 organizace'],
    [ORGANISATIONS, 0, '0 organizací'],
  ])('ready phrase: %j × %d → %s', (forms, n, expected) => {
    expect(countCs(n, forms)).toBe(expected);
  });

  it('exposes frozen phrase constants so callers cannot corrupt shared wording', () => {
    expect(Object.isFrozen(FREE_SEATS)).toBe(true);
    expect(() => {
      (FREE_SEATS as { one: string }).one = 'x';
    }).toThrow(TypeError);
  });
});

describe('years after "po dobu"', () => {
  it('takes the genitive', () => {
    expect(countCs(1, YEARS_GENITIVE)).toBe('1 roku');
    expect(countCs(3, YEARS_GENITIVE)).toBe('3 let');
    expect(countCs(10, YEARS_GENITIVE)).toBe('10 let');
  });
});
