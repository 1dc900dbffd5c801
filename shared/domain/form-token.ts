import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * A signed timestamp in the registration form: the page carries the moment it was rendered,
 * signed for its event, and the submission must come after a person could have filled it in
 * and before the page is a day old. No script is needed, so the form works without JavaScript,
 * and no CAPTCHA asks anything of the person.
 */

export interface FormTokenBounds {
  /** Faster than this, no person has read the page and typed a name and an address. */
  minFillMs: number;
  /** Older than this, the page has been open since yesterday: the token is stale. */
  maxAgeMs: number;
}

export const formTokenBounds: FormTokenBounds = { minFillMs: 3_000, maxAgeMs: 12 * 3_600_000 };

export type FormTokenCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'foreign' | 'too-fast' | 'stale' };

const maxTokenLength = 100;

function signature(secret: string, eventId: string, issued: string): Buffer {
  const key = createHmac('sha256', secret).update('registration-form/v1').digest();
  return createHmac('sha256', key).update(`${eventId}.${issued}`).digest();
}

/** The hidden field's value for the form of `eventId`, rendered at `nowMs`. */
export function issueFormToken(secret: string, eventId: string, nowMs: number): string {
  const issued = Math.floor(nowMs).toString(36);
  return `${issued}.${signature(secret, eventId, issued).toString('base64url')}`;
}

export function checkFormToken(
  secret: string,
  token: string | undefined,
  eventId: string,
  nowMs: number,
  bounds: FormTokenBounds = formTokenBounds,
): FormTokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token.slice(0, maxTokenLength));
  if (!match?.[1] || !match[2] || token.length > maxTokenLength) {
    return { ok: false, reason: 'foreign' };
  }
  const given = Buffer.from(match[2], 'base64url');
  const expected = signature(secret, eventId, match[1]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'foreign' };
  }
  const age = nowMs - Number.parseInt(match[1], 36);
  if (age < bounds.minFillMs) return { ok: false, reason: 'too-fast' };
  if (age > bounds.maxAgeMs) return { ok: false, reason: 'stale' };
  return { ok: true };
}

/** What the person reads in the form's error summary; the form comes back filled in. */
export const formTokenMessages: Record<Exclude<FormTokenCheck, { ok: true }>['reason'], string> = {
  missing:
    'Formulář se nepodařilo ověřit. Načtěte prosím stránku akce znovu a formulář odešlete z ní.',
  foreign:
    'Formulář se nepodařilo ověřit. Načtěte prosím stránku akce znovu a formulář odešlete z ní.',
  'too-fast':
    'Formulář přišel rychleji, než ho člověk stihne vyplnit. Zkontrolujte prosím údaje a odešlete ho znovu.',
  stale:
    'Stránka byla otevřená příliš dlouho (déle než 12 hodin). Zkontrolujte prosím údaje a odešlete formulář znovu.',
};
