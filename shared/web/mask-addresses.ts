/**
 * Characters that end a word of free text for the purpose of finding addresses in it. The
 * pattern is one character class repeated, so each character is looked at once: a pattern with
 * two adjacent classes around "@" backtracks over every start position and is quadratic on a
 * long run without a separator, which an attacker can put in a request (a log line per request).
 */
const word = /[^\s<>"'(),;:[\]]+/g;

/** Blanks every word containing "@" in free text, e.g. an AWS error message quoting a recipient. */
export function maskEmailAddresses(text: string): string {
  return text.replace(word, (token) => (token.includes('@') ? '[address]' : token));
}
