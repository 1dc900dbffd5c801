import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens embedded in e-mailed links (cancel a registration, answer a survey, check-in QR code).
 *
 * Format: `<base64url(JSON payload)>.<base64url(HMAC-SHA256 of the first segment)>`.
 * The payload is JSON rather than dot-joined fields so that ids may contain any character.
 */

export type TokenPurpose = 'cancel' | 'survey' | 'checkin';

export interface TokenPayload {
  purpose: TokenPurpose;
  id: string;
  /** Expiry as epoch milliseconds (same clock as `nowMs`); omitted = never expires. */
  exp?: number;
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

export function signToken(secret: string, payload: TokenPayload): string {
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
  const { p, i, e } = parsed as Record<string, unknown>;
  if (!isPurpose(p) || typeof i !== 'string' || i.length === 0) {
    return undefined;
  }
  if (e !== undefined && !Number.isSafeInteger(e)) {
    return undefined;
  }
  return e === undefined ? { p, i } : { p, i, e: e as number };
}

/**
 * Never throws for any `token` value; only a misconfigured secret or a non-finite clock throws,
 * since those are deployment bugs rather than hostile input.
 */
export function verifyToken(
  secret: string,
  token: string,
  expectedPurpose: TokenPurpose,
  nowMs: number,
): VerifyResult {
  assertSecret(secret);
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
  const expected = Buffer.from(sign(secret, encodedPayload), 'utf8');
  const actual = Buffer.from(signature, 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
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
