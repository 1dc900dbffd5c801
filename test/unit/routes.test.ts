import { describe, expect, it } from 'vitest';
import { httpFunctionFor, isJwtProtectedPath, jwtProtectedRoutePaths } from '../../shared/routes';

describe('routes with the JWT authorizer', () => {
  it('are the admin API, bare and with everything below it', () => {
    expect(jwtProtectedRoutePaths).toEqual(['/api/admin', '/api/admin/{proxy+}']);
  });

  it.each([
    ['/api/admin', true],
    ['/api/admin/events', true],
    ['/api/admin/events/abc/registrations.csv', true],
    ['/api/admin/indicators/2025.csv', true],
    ['/api/administrace', false],
    ['/api/events', false],
    ['/admin', false],
    ['/admin/akce/abc/registrace.csv', false],
    ['/admin/ukazatele/2025.csv', false],
    ['/', false],
  ])('%s → %s', (path, isProtected) => {
    expect(isJwtProtectedPath(path)).toBe(isProtected);
  });
});

describe('which function serves a path', () => {
  it.each([
    ['/', 'site'],
    ['/akce/01J0000000000000000000000', 'site'],
    ['/api/registrations', 'site'],
    ['/api/indicators', 'publications'],
    ['/opendata/udalosti.jsonld', 'publications'],
    ['/akce/01J0000000000000000000000/kalendar.ics', 'publications'],
    ['/osvedceni/LK-2026-000001/abc', 'publications'],
    ['/ochrana-osobnich-udaju', 'publications'],
    ['/health', 'site'],
    ['/administrace', 'site'],
    ['/api/administrators', 'site'],
    ['/admin', 'organiser'],
    ['/admin/prihlaseni', 'organiser'],
    ['/api/admin', 'organiser'],
    ['/api/admin/events', 'organiser'],
  ] as const)('%s → %s', (path, name) => {
    expect(httpFunctionFor(path)).toBe(name);
  });
});
