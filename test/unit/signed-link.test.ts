import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MIN_SECRET_LENGTH,
  signToken,
  type TokenPurpose,
  verifyToken,
} from '../../shared/domain/signed-link';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklm';
const NOW = Date.parse('2025-10-22T07:00:00Z');
const HOUR = 3_600_000;

/** Replaces the character at `index` with a different base64url character. */
function mutateAt(token: string, index: number): string {
  const i = index < 0 ? token.length + index : index;
  const original = token[i];
  const replacement = original === 'A' ? 'B' : 'A';
  return token.slice(0, i) + replacement + token.slice(i + 1);
}

describe('signToken', () => {
  it('produces a compact URL-safe token', () => {
    const token = signToken(SECRET, { purpose: 'cancel', id: '01JBCDEF8KQ3M4N5P6R7S8T9VW' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(token.length).toBeLessThan(120);
  });

  it('is deterministic for the same input and differs per secret, purpose and id', () => {
    const payload = { purpose: 'survey', id: 'reg-1', exp: NOW + HOUR } as const;
    const token = signToken(SECRET, payload);
    expect(signToken(SECRET, payload)).toBe(token);
    expect(signToken(OTHER_SECRET, payload)).not.toBe(token);
    expect(signToken(SECRET, { ...payload, purpose: 'cancel' })).not.toBe(token);
    expect(signToken(SECRET, { ...payload, id: 'reg-2' })).not.toBe(token);
  });

  it('rejects a short secret as a configuration error', () => {
    const short = 'x'.repeat(MIN_SECRET_LENGTH - 1);
    expect(() => signToken(short, { purpose: 'cancel', id: 'a' })).toThrow(/at least 32/);
    expect(() =>
      signToken('x'.repeat(MIN_SECRET_LENGTH), { purpose: 'cancel', id: 'a' }),
    ).not.toThrow();
  });

  it('rejects an empty id, unknown purpose and non-integer expiry', () => {
    expect(() => signToken(SECRET, { purpose: 'cancel', id: '' })).toThrow();
    expect(() => signToken(SECRET, { purpose: 'delete' as TokenPurpose, id: 'a' })).toThrow(
      /purpose/,
    );
    expect(() => signToken(SECRET, { purpose: 'cancel', id: 'a', exp: Number.NaN })).toThrow();
    expect(() => signToken(SECRET, { purpose: 'cancel', id: 'a', exp: 1.5 })).toThrow();
  });
});

describe('verifyToken', () => {
  it.each(['cancel', 'survey', 'checkin'] as const)('accepts a valid %s token', (purpose) => {
    const token = signToken(SECRET, { purpose, id: 'reg-42', exp: NOW + HOUR });
    expect(verifyToken(SECRET, token, purpose, NOW)).toEqual({ ok: true, id: 'reg-42' });
  });

  it('accepts a token without expiry at any time', () => {
    const token = signToken(SECRET, { purpose: 'checkin', id: 'reg-1' });
    expect(verifyToken(SECRET, token, 'checkin', Date.parse('2099-01-01T00:00:00Z'))).toEqual({
      ok: true,
      id: 'reg-1',
    });
  });

  it('round-trips ids with dots, unicode and URL-special characters', () => {
    for (const id of ['a.b.c', 'EVT#2025/10?x=1&y=2', 'Školení – Liberec 😀', '   ']) {
      const token = signToken(SECRET, { purpose: 'survey', id });
      expect(verifyToken(SECRET, token, 'survey', NOW)).toEqual({ ok: true, id });
    }
  });

  it('reports expiry at and after exp, not before', () => {
    const exp = NOW + HOUR;
    const token = signToken(SECRET, { purpose: 'survey', id: 'reg-1', exp });
    expect(verifyToken(SECRET, token, 'survey', exp - 1)).toEqual({ ok: true, id: 'reg-1' });
    expect(verifyToken(SECRET, token, 'survey', exp)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(SECRET, token, 'survey', exp + HOUR)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('reports a token used for a different purpose', () => {
    const token = signToken(SECRET, { purpose: 'survey', id: 'reg-1' });
    expect(verifyToken(SECRET, token, 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'wrong-purpose',
    });
  });

  it('rejects a token signed with another secret', () => {
    const token = signToken(OTHER_SECRET, { purpose: 'cancel', id: 'reg-1' });
    expect(verifyToken(SECRET, token, 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a token whose last character was tampered with', () => {
    const token = signToken(SECRET, { purpose: 'cancel', id: 'reg-1' });
    // The last base64url character of a 32-byte MAC carries two unused bits; Node decodes
    // e.g. "…A" and "…B" to the same bytes, so this only fails if the text is compared.
    for (const replacement of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (replacement === token.at(-1)) {
        continue;
      }
      const tampered = token.slice(0, -1) + replacement;
      expect(verifyToken(SECRET, tampered, 'cancel', NOW)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('rejects a token with a tampered payload', () => {
    const token = signToken(SECRET, { purpose: 'cancel', id: 'reg-1' });
    expect(verifyToken(SECRET, mutateAt(token, 0), 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('cannot be upgraded by swapping the purpose inside the payload', () => {
    const survey = signToken(SECRET, { purpose: 'survey', id: 'reg-1' });
    const [, signature] = survey.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ p: 'cancel', i: 'reg-1' })).toString(
      'base64url',
    );
    expect(verifyToken(SECRET, `${forgedPayload}.${signature}`, 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('cannot extend expiry by editing the payload', () => {
    const token = signToken(SECRET, { purpose: 'survey', id: 'reg-1', exp: NOW - HOUR });
    const [, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ p: 'survey', i: 'reg-1', e: NOW + HOUR }),
    ).toString('base64url');
    expect(verifyToken(SECRET, `${forgedPayload}.${signature}`, 'survey', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it.each([
    ['empty', ''],
    ['no separator', 'abcdef'],
    ['three segments', 'a.b.c'],
    ['empty payload', '.abc'],
    ['empty signature', 'abc.'],
    ['only a dot', '.'],
    ['standard base64 characters', 'ab+c.de/f='],
    ['unicode', 'Školení.😀'],
    ['whitespace', ' abc.def '],
    ['very long', `${'a'.repeat(100_000)}.${'b'.repeat(43)}`],
  ])('reports %s input as malformed', (_label, token) => {
    expect(verifyToken(SECRET, token, 'cancel', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reports non-string tokens as malformed instead of throwing', () => {
    for (const value of [undefined, null, 42, {}, ['a.b']]) {
      expect(verifyToken(SECRET, value as unknown as string, 'cancel', NOW)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('reports a correctly signed but structurally invalid payload as malformed', () => {
    // Simulates a token minted by an older/buggy version with the same secret.
    const forge = (payload: unknown) => {
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const mac = createHmac('sha256', SECRET).update(encoded).digest('base64url');
      return `${encoded}.${mac}`;
    };
    for (const payload of [
      null,
      [],
      'cancel',
      { p: 'cancel' },
      { p: 'cancel', i: '' },
      { p: 'cancel', i: 7 },
      { p: 'delete', i: 'reg-1' },
      { p: 'cancel', i: 'reg-1', e: 'tomorrow' },
    ]) {
      expect(verifyToken(SECRET, forge(payload), 'cancel', NOW)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('never throws on random garbage', () => {
    const alphabet = 'ABCxyz019-_.+/=%$ \u0000\u00e9\ud83d\ude00';
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(1 + (i % 200));
      const asBase64 = bytes.toString('base64url');
      const asText = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
      const dotted = `${asBase64.slice(0, 20)}.${asBase64.slice(20)}`;
      for (const token of [asBase64, asText, dotted]) {
        const result = verifyToken(SECRET, token, 'survey', NOW);
        expect(result.ok).toBe(false);
      }
    }
  });

  it('throws a clear error for a short secret even on garbage input', () => {
    expect(() => verifyToken('short', 'whatever', 'cancel', NOW)).toThrow(/at least 32/);
  });

  it('throws for a non-finite clock rather than treating every token as unexpired', () => {
    const token = signToken(SECRET, { purpose: 'cancel', id: 'reg-1', exp: NOW });
    expect(() => verifyToken(SECRET, token, 'cancel', Number.NaN)).toThrow(/nowMs/);
  });
});

describe('key rotation', () => {
  const k1 = { id: 'k1', secret: SECRET };
  const k0 = { id: 'k0', secret: OTHER_SECRET };
  const payload = { purpose: 'cancel', id: 'E1.R1', exp: NOW + HOUR } as const;
  const keyIdOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')).k;

  it('signs with the newest key and names it in the token', () => {
    const token = signToken([k1, k0], payload);
    expect(keyIdOf(token)).toBe('k1');
    expect(verifyToken([k1, k0], token, 'cancel', NOW)).toEqual({ ok: true, id: 'E1.R1' });
    // Only the named key verifies: the same MAC under the previous key's id is refused.
    expect(verifyToken([k1], token, 'cancel', NOW).ok).toBe(true);
    expect(verifyToken([k0], token, 'cancel', NOW)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('verifies links of the previous key after a rotation, and refuses them once it is dropped', () => {
    const before = signToken([k0], payload);
    const rotated = [{ id: 'k2', secret: 'a-third-secret-0123456789-abcdefghijk' }, k0];
    expect(verifyToken(rotated, before, 'cancel', NOW)).toEqual({ ok: true, id: 'E1.R1' });
    expect(verifyToken([rotated[0] as typeof k0], before, 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('verifies tokens without a key id (signed before rotation) against every key', () => {
    const legacy = signToken(OTHER_SECRET, payload);
    expect(keyIdOf(legacy)).toBeUndefined();
    expect(verifyToken([k1, k0], legacy, 'cancel', NOW).ok).toBe(true);
    expect(verifyToken([k1], legacy, 'cancel', NOW).ok).toBe(false);
  });

  it('refuses a token that names another key id than the one that signed it', () => {
    const encoded = Buffer.from(JSON.stringify({ p: 'cancel', i: 'E1.R1', k: 'k0' })).toString(
      'base64url',
    );
    const forged = `${encoded}.${createHmac('sha256', SECRET).update(encoded).digest('base64url')}`;
    expect(verifyToken([k1, k0], forged, 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const unknownId = signToken([{ id: 'zz', secret: SECRET }], payload);
    expect(verifyToken([k1, k0], unknownId, 'cancel', NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });
});
