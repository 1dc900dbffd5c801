import { describe, expect, it } from 'vitest';
import { isValidIco, normaliseIco } from '../../shared/domain/ico';

describe('normaliseIco', () => {
  it('removes ordinary, non-breaking and narrow spaces', () => {
    expect(normaliseIco(' 708 91 508 ')).toBe('70891508');
    expect(normaliseIco('002\u00a062\u202f340')).toBe('00262340');
    expect(normaliseIco('\t00260428\n')).toBe('00260428');
  });

  it('keeps other characters so that validation can reject them', () => {
    expect(normaliseIco('CZ70891508')).toBe('CZ70891508');
    expect(normaliseIco('708-91-508')).toBe('708-91-508');
  });
});

describe('isValidIco', () => {
  it.each([
    ['Liberecký kraj', '70891508'],
    ['Statutární město Jablonec nad Nisou', '00262340'],
    ['Město Česká Lípa', '00260428'],
    ['Statutární město Liberec', '00262978'],
  ])('accepts the real IČO of %s', (_name, ico) => {
    expect(isValidIco(ico)).toBe(true);
  });

  it('maps remainder 0 to check digit 1 and remainder 1 to check digit 0', () => {
    // 0000000 → weighted sum 0 → remainder 0 → (11 − 0) mod 10 = 1
    expect(isValidIco('00000001')).toBe(true);
    expect(isValidIco('00000000')).toBe(false);
    // 0000006 → 6 × 2 = 12 → remainder 1 → (11 − 1) mod 10 = 0
    expect(isValidIco('00000060')).toBe(true);
    expect(isValidIco('00000061')).toBe(false);
  });

  it.each([
    ['wrong check digit', '70891509'],
    ['wrong check digit (Liberec)', '00262979'],
    ['transposed digits', '07891508'],
    ['only 7 digits', '0262340'],
    ['9 digits', '708915080'],
    ['letters', '7089150A'],
    ['country prefix', 'CZ70891508'],
    ['spaces not normalised', '708 91 508'],
    ['empty', ''],
    ['fullwidth digits', '７０８９１５０８'],
  ])('rejects %s: %s', (_reason, ico) => {
    expect(isValidIco(ico)).toBe(false);
  });

  it('accepts a normalised pasted value', () => {
    expect(isValidIco(normaliseIco('708 91 508'))).toBe(true);
  });
});
