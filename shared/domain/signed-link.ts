import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens embedded in e-mailed links (cancel a registration, answer a survey, check-in QR code).
 *
 * Format: `<base64url(JSON payload)>.<base64url(HMAC-SHA256 of the first segment)>`.
 * The payload is JSON rather than dot-joined fields so that ids may contain any character.
 *
 * Key rotation: the payload names the key that signed it (`k`), so a new key can sign while the
 * previous ones still verify the links already sent. A token without a key id (signed before
 * rotation existed) is checked against every key.
 */

export type TokenPurpose = 'cancel' | 'survey' | 'checkin';

export interface TokenPayload {
  purpose: TokenPurpose;
  id: string;
  /** Expiry as epoch milliseconds (same clock as `nowMs`); omitted = never expires. */
  exp?: number;
}

/** One HMAC key of the ring; `id` is written into every token it signs. */
export interface SigningKey {
  id: string;
  secret: string;
}

/**
 * The keys links are signed and verified with: newest first (it signs; all verify). A plain
 * string is one key without an id, as before rotation.
 */
export type LinkKeys = string | readonly SigningKey[];

export const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

function signingKey(keys: LinkKeys): { id?: string; secret: string } {
  if (typeof keys === 'string') return { secret: keys };
  const [newest] = keys;
  if (!newest) throw new Error('Signed-link key ring is empty; check the configuration.');
  return newest;
}

/** The keys a token may have been signed with: the one it names, or all for an unnamed one. */
function verifyingSecrets(keys: LinkKeys, keyId: string | undefined): string[] {
  if (typeof keys === 'string') return [keys];
  if (keyId === undefined) return keys.map((key) => key.secret);
  return keys.filter((key) => key.id === keyId).map((key) => key.secret);
}

export type VerifyResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' };

export const MIN_SECRET_LENGTH = 32;

const PURPOSES: readonly TokenPurpose[] = ['cancel', 'survey', 'checkin'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Bounds the work an attacker can cause with a huge query string before any HMAC is computed. */
const MAX_TOKEN_LENGTH = 2048;

interface WirePayload {
  p: TokenPurpose;
  i: string;
  e?: number;
  k?: string;
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `Signed-link secret must be at least ${MIN_SECRET_LENGTH} characters long; check the configuration.`,
    );
  }
}

function sign(secret: string, encodedPayload: string): string {
  return createHmac('sha256', secret).update(encodedPayload).digest('base64url');
}

function isPurpose(value: unknown): value is TokenPurpose {
  return typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
}

export function signToken(keys: LinkKeys, payload: TokenPayload): string {
  const key = signingKey(keys);
  const secret = key.secret;
  assertSecret(secret);
  if (!isPurpose(payload.purpose)) {
    throw new Error(`Unknown token purpose: ${String(payload.purpose)}`);
  }
  if (typeof payload.id !== 'string' || payload.id.length === 0) {
    throw new Error('Token id must be a non-empty string');
  }
  if (payload.exp !== undefined && !Number.isSafeInteger(payload.exp)) {
    throw new Error(`Token expiry must be an integer epoch in milliseconds, got ${payload.exp}`);
  }
  const wire: WirePayload = { p: payload.purpose, i: payload.id };
  if (payload.exp !== undefined) {
    wire.e = payload.exp;
  }
  if (key.id !== undefined) {
    wire.k = key.id;
  }
  const encodedPayload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  const token = `${encodedPayload}.${sign(secret, encodedPayload)}`;
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new Error(`Token would exceed ${MAX_TOKEN_LENGTH} characters; the id is too long`);
  }
  return token;
}

function decodePayload(encodedPayload: string): WirePayload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }
  const { p, i, e, k } = parsed as Record<string, unknown>;
  if (!isPurpose(p) || typeof i !== 'string' || i.length === 0) {
    return undefined;
  }
  if (e !== undefined && !Number.isSafeInteger(e)) {
    return undefined;
  }
  if (k !== undefined && (typeof k !== 'string' || !keyIdPattern.test(k))) {
    return undefined;
  }
  return {
    p,
    i,
    ...(e === undefined ? {} : { e: e as number }),
    ...(k === undefined ? {} : { k: k as string }),
  };
}

/** The key id a token names, read before its signature is checked: it only picks the key. */
function claimedKeyId(encodedPayload: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
    const k = (parsed as { k?: unknown } | null)?.k;
    return typeof k === 'string' ? k : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Never throws for any `token` value; only a misconfigured secret or a non-finite clock throws,
 * since those are deployment bugs rather than hostile input.
 */
export function verifyToken(
  keys: LinkKeys,
  token: string,
  expectedPurpose: TokenPurpose,
  nowMs: number,
): VerifyResult {
  for (const secret of verifyingSecrets(keys, undefined)) assertSecret(secret);
  if (!Number.isFinite(nowMs)) {
    throw new Error(`nowMs must be a finite number, got ${nowMs}`);
  }
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, reason: 'malformed' };
  }
  const segments = token.split('.');
  const [encodedPayload, signature] = segments;
  if (
    segments.length !== 2 ||
    encodedPayload === undefined ||
    signature === undefined ||
    !BASE64URL.test(encodedPayload) ||
    !BASE64URL.test(signature)
  ) {
    return { ok: false, reason: 'malformed' };
  }

  // Compare the canonical base64url text, not decoded bytes: Node's decoder ignores the unused
  // low bits of the last character, so several spellings would otherwise decode to a valid MAC.
  const actual = Buffer.from(signature, 'utf8');
  const signedByAKey = verifyingSecrets(keys, claimedKeyId(encodedPayload)).some((secret) => {
    const expected = Buffer.from(sign(secret, encodedPayload), 'utf8');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  if (!signedByAKey) {
    return { ok: false, reason: 'bad-signature' };
  }

  const payload = decodePayload(encodedPayload);
  if (!payload) {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.p !== expectedPurpose) {
    return { ok: false, reason: 'wrong-purpose' };
  }
  if (payload.e !== undefined && nowMs >= payload.e) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, id: payload.i };
}
