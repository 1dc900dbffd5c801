import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-style identifier: 10 characters of time, 16 of randomness, Crockford base32. Sorting
 * ids sorts by creation, which gives the waiting list its order without another attribute.
 */
export function newId(nowMs: number = Date.now()): string {
  let time = '';
  let remaining = nowMs;
  for (let i = 0; i < 10; i++) {
    time = alphabet[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (const byte of random) tail += alphabet[byte % 32];
  return time + tail;
}

export const idPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
