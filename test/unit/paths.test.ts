import { describe, expect, it } from 'vitest';
import { cancelUrl, eventUrl } from '../../shared/web/links';
import { paths } from '../../shared/web/paths';

describe('route paths', () => {
  it('fill their parameters, percent-encoded', () => {
    expect(paths.attendance.fill({ id: 'abc' })).toBe('/admin/akce/abc/prezence');
    expect(paths.cancel.fill({ token: 'a/b?c' })).toBe('/zruseni/a%2Fb%3Fc');
  });

  it('give the pattern of a route group mounted below the root, and refuse another prefix', () => {
    expect(paths.checkIn.under('/admin')).toBe('/prezence/:token');
    expect(() => paths.event.under('/admin')).toThrow('/akce/:id is not under /admin');
  });

  it('are what the emailed links point to', () => {
    const settings = { publicBaseUrl: 'https://skoleni.example.cz/', linkSecret: 'k'.repeat(32) };
    expect(eventUrl(settings, 'abc')).toBe('https://skoleni.example.cz/akce/abc');
    const cancel = new URL(
      cancelUrl(settings, { id: 'abc', endsAt: '2030-01-01T10:00:00Z' }, 'r1'),
    );
    expect(cancel.pathname).toMatch(/^\/zruseni\/[^/]+$/);
  });
});
