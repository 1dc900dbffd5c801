import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusedCounter } from '../../shared/adapters/rate-limit-counters';
import { checkFormToken, issueFormToken } from '../../shared/domain/form-token';
import {
  clientSubject,
  createAddressHasher,
  createSubjectHasher,
  eventAllowanceCounter,
  rateLimitMessage,
  registrationCounters,
  retryAfterSeconds,
  tryAgainIn,
} from '../../shared/domain/rate-limit';

const settings = { enabled: true, perClientPerHour: 30, perEmailPerDay: 5 };
const at = (iso: string) => Date.parse(iso);
const secret = 'test-secret-0123456789-abcdefghijklmnop';

describe('registration counters', () => {
  it('counts a client per clock hour and an email address per UTC day', () => {
    const [client, email] = registrationCounters(
      settings,
      { clientHash: 'c1', emailHash: 'e1' },
      at('2026-12-06T10:42:10Z'),
    );
    expect(client).toMatchObject({
      limitedBy: 'client',
      key: 'client#c1#2026-12-06T10:00:00.000Z',
      limit: 30,
      windowEndsAtMs: at('2026-12-06T11:00:00Z'),
    });
    expect(email).toMatchObject({
      limitedBy: 'email',
      key: 'email#e1#2026-12-06T00:00:00.000Z',
      limit: 5,
      windowEndsAtMs: at('2026-12-07T00:00:00Z'),
    });
    // TTL only after the window: an item deleted early would let its window start over.
    expect(client?.expiresAt).toBeGreaterThan(at('2026-12-06T11:00:00Z') / 1000);
  });

  it('moves to a fresh counter in the next window', () => {
    const before = registrationCounters(
      settings,
      { clientHash: 'c', emailHash: 'e' },
      at('2026-12-06T10:59:59.999Z'),
    );
    const after = registrationCounters(
      settings,
      { clientHash: 'c', emailHash: 'e' },
      at('2026-12-06T11:00:00Z'),
    );
    expect(after[0]?.key).not.toBe(before[0]?.key);
    expect(after[1]?.key).toBe(before[1]?.key);
    const nextDay = registrationCounters(
      settings,
      { clientHash: 'c', emailHash: 'e' },
      at('2026-12-07T00:00:00Z'),
    );
    expect(nextDay[1]?.key).not.toBe(before[1]?.key);
  });

  it('counts nothing when the limits are off, and no client without an address', () => {
    expect(
      registrationCounters({ ...settings, enabled: false }, { clientHash: 'c', emailHash: 'e' }, 0),
    ).toEqual([]);
    expect(registrationCounters(settings, { emailHash: 'e' }, 0).map((c) => c.limitedBy)).toEqual([
      'email',
    ]);
  });

  it('gives an event with a raised allowance the difference, counted for that event alone', () => {
    const counter = eventAllowanceCounter(
      settings,
      50,
      { clientHash: 'c', eventId: 'ev' },
      at('2026-12-06T10:05:00Z'),
    );
    expect(counter).toMatchObject({
      limitedBy: 'event-client',
      limit: 20,
      key: 'event-client#ev#c#2026-12-06T10:00:00.000Z',
    });
    expect(
      eventAllowanceCounter(settings, 30, { clientHash: 'c', eventId: 'ev' }, 0),
    ).toBeUndefined();
    expect(
      eventAllowanceCounter(settings, 10, { clientHash: 'c', eventId: 'ev' }, 0),
    ).toBeUndefined();
    expect(
      eventAllowanceCounter(settings, undefined, { clientHash: 'c', eventId: 'ev' }, 0),
    ).toBeUndefined();
  });

  it('tells when to try again, in whole seconds and in Czech', () => {
    const [client] = registrationCounters(
      settings,
      { clientHash: 'c', emailHash: 'e' },
      at('2026-12-06T10:35:00.400Z'),
    );
    expect(client && retryAfterSeconds(client, at('2026-12-06T10:35:00.400Z'))).toBe(25 * 60);
    expect(tryAgainIn(25 * 60)).toBe('za 25 minut');
    expect(tryAgainIn(61)).toBe('za 2 minuty');
    expect(tryAgainIn(30)).toBe('za 1 minutu');
    expect(tryAgainIn(3 * 3600)).toBe('za 3 hodiny');
    expect(tryAgainIn(23 * 3600)).toBe('za 23 hodin');
    expect(rateLimitMessage('client', 600)).toContain('za 10 minut');
    expect(rateLimitMessage('client', 600)).toContain('pořadateli akce');
    expect(rateLimitMessage('email', 7200)).toContain('za 2 hodiny');
  });

  it('maps the cancelled transaction to the counter whose condition failed', () => {
    const counters = registrationCounters(settings, { clientHash: 'c', emailHash: 'e' }, 0);
    const none = { Code: 'None' };
    const failed = { Code: 'ConditionalCheckFailed' };
    expect(refusedCounter([none, none, none, none, failed], counters)?.limitedBy).toBe('email');
    expect(refusedCounter([failed, none, none, failed, none], counters)?.limitedBy).toBe('client');
    // The event's or the claim's condition is not a rate limit.
    expect(refusedCounter([failed, failed, none, none, none], counters)).toBeUndefined();
    expect(
      refusedCounter([{ Code: 'TransactionConflict' }, none, none, none, none], counters),
    ).toBeUndefined();
    expect(refusedCounter(undefined, counters)).toBeUndefined();
    expect(refusedCounter([failed], [])).toBeUndefined();
  });
});

describe('client subjects', () => {
  it('takes an IPv4 address as it is and an IPv6 address by its /64', () => {
    expect(clientSubject('192.0.2.7')).toBe('192.0.2.7');
    expect(clientSubject('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientSubject('2001:db8:0:12:aaaa::1')).toBe('2001:db8:0:12::/64');
    expect(clientSubject('2001:DB8:0000:0012:bbbb:cccc:dddd:eeee')).toBe('2001:db8:0:12::/64');
    expect(clientSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientSubject('::1')).toBe('0:0:0:0::/64');
  });

  it('hashes with a key of its own: stable, distinct per kind and per secret, never the address', () => {
    const hasher = createSubjectHasher(secret);
    const other = createSubjectHasher(`${secret}-other`);
    expect(hasher.client('192.0.2.7')).toBe(hasher.client('192.0.2.7'));
    expect(hasher.client('2001:db8:0:12::1')).toBe(hasher.client('2001:db8:0:12::2'));
    expect(hasher.client('192.0.2.7')).not.toBe(hasher.client('192.0.2.8'));
    expect(hasher.client('192.0.2.7')).not.toBe(other.client('192.0.2.7'));
    expect(hasher.email('a@example.cz')).not.toBe(hasher.client('a@example.cz'));
    expect(hasher.client('192.0.2.7')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hasher.client('192.0.2.7')).not.toContain('192');
  });

  it('keys addresses for the table with a key of their own, never the plain SHA-256', () => {
    const address = createAddressHasher(secret);
    const plain = createHash('sha256').update('jana@example.cz').digest('base64url');
    expect(address('jana@example.cz')).toBe(address('jana@example.cz'));
    expect(address('jana@example.cz')).not.toBe(plain);
    expect(address('jana@example.cz')).not.toBe(
      createAddressHasher(`${secret}-x`)('jana@example.cz'),
    );
    expect(address('jana@example.cz')).not.toBe(address('jana.n@example.cz'));
    // Not the rate limiter's hash of the same address either: one key per use.
    expect(address('jana@example.cz').slice(0, 22)).not.toBe(
      createSubjectHasher(secret).email('jana@example.cz'),
    );
    expect(address('jana@example.cz')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('form token', () => {
  const rendered = at('2026-12-06T10:00:00Z');
  const token = issueFormToken(secret, 'event-1', rendered);

  it('accepts a form sent after a person could fill it and before it goes stale', () => {
    expect(checkFormToken(secret, token, 'event-1', rendered + 3_000)).toEqual({ ok: true });
    expect(checkFormToken(secret, token, 'event-1', rendered + 12 * 3_600_000)).toEqual({
      ok: true,
    });
  });

  it('refuses a form sent faster than a person can, or a stale one', () => {
    expect(checkFormToken(secret, token, 'event-1', rendered + 2_999)).toEqual({
      ok: false,
      reason: 'too-fast',
    });
    expect(checkFormToken(secret, token, 'event-1', rendered + 12 * 3_600_000 + 1)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it("refuses a missing, forged, altered or other event's token", () => {
    const later = rendered + 60_000;
    expect(checkFormToken(secret, undefined, 'event-1', later)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(checkFormToken(secret, '', 'event-1', later)).toEqual({ ok: false, reason: 'missing' });
    expect(checkFormToken(secret, token, 'event-2', later)).toEqual({
      ok: false,
      reason: 'foreign',
    });
    expect(checkFormToken(`${secret}x`, token, 'event-1', later)).toEqual({
      ok: false,
      reason: 'foreign',
    });
    // An earlier timestamp with the old signature: the signature covers the time.
    const [, signature] = token.split('.');
    const backdated = `${(rendered - 60_000).toString(36)}.${signature}`;
    expect(checkFormToken(secret, backdated, 'event-1', later)).toEqual({
      ok: false,
      reason: 'foreign',
    });
    expect(checkFormToken(secret, `${token}x`, 'event-1', later)).toEqual({
      ok: false,
      reason: 'foreign',
    });
    expect(checkFormToken(secret, 'x'.repeat(5000), 'event-1', later)).toEqual({
      ok: false,
      reason: 'foreign',
    });
  });
});
