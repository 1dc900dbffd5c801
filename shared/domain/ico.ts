/**
 * Czech company identification number (IČO) as issued by the ARES registry.
 */

const ICO_PATTERN = /^\d{8}$/;
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2] as const;

/**
 * People paste IČO from letterheads and PDFs where it is often grouped ("708 91 508")
 * or separated by non-breaking spaces, so all whitespace is removed.
 */
export function normaliseIco(input: string): string {
  return input.replace(/[\s\u00a0\u2007\u202f]/g, '');
}

/**
 * Expects an already normalised value; deliberately does not normalise itself so that
 * callers store exactly the string that was validated.
 */
export function isValidIco(ico: string): boolean {
  if (!ICO_PATTERN.test(ico)) {
    return false;
  }
  let sum = 0;
  for (const [index, weight] of WEIGHTS.entries()) {
    sum += Number(ico[index]) * weight;
  }
  const checkDigit = (11 - (sum % 11)) % 10;
  return checkDigit === Number(ico[7]);
}
