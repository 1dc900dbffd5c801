import { describe, expect, it } from 'vitest';
import { isJwtProtectedPath, jwtProtectedRoutePaths } from '../../shared/routes';

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
