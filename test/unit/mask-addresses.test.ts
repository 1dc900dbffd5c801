import { describe, expect, it } from 'vitest';
import { maskEmailAddresses } from '../../shared/web/mask-addresses';

describe('maskEmailAddresses', () => {
  it('blanks the addresses an AWS error message quotes and keeps the rest', () => {
    expect(
      maskEmailAddresses(
        'Email address is not verified: "jana.novakova@example.cz" (recipient <petr+x@úřad.cz>).',
      ),
    ).toBe('Email address is not verified: "[address]" (recipient <[address]>).');
    expect(maskEmailAddresses('Throughput exceeded; retry in 2 s.')).toBe(
      'Throughput exceeded; retry in 2 s.',
    );
  });

  it('finishes on a long run without a separator, where a backtracking pattern is quadratic', () => {
    // The former pattern needed about ten seconds for 40,000 characters and four times as long
    // for each doubling; this input would hold the test far beyond its timeout.
    const hostile = `x@${'a'.repeat(200_000)}`;
    expect(maskEmailAddresses(hostile)).toBe('[address]');
    expect(maskEmailAddresses(`${'a'.repeat(200_000)}@`)).toBe('[address]');
    expect(maskEmailAddresses('a.'.repeat(100_000))).toBe('a.'.repeat(100_000));
  });
});
