import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localSecrets } from '../../infra/local/settings';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-secrets-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('localSecrets', () => {
  it('keeps the generated secrets between starts', () => {
    const dir = freshDir();
    const first = localSecrets(dir, {});
    expect(localSecrets(dir, {})).toEqual(first);
    expect(first.adminToken.length).toBeGreaterThanOrEqual(16);
  });

  it('honours ADMIN_TOKEN from the environment without writing it down', () => {
    const dir = freshDir();
    const generated = localSecrets(dir, {});
    const chosen = 'nas-spolecny-token-2026';
    const secrets = localSecrets(dir, { ADMIN_TOKEN: chosen });
    expect(secrets.adminToken).toBe(chosen);
    expect(secrets.linkSigningSecret).toBe(generated.linkSigningSecret);
    expect(readFileSync(join(dir, 'local-secrets.json'), 'utf8')).not.toContain(chosen);
    expect(localSecrets(dir, {}).adminToken).toBe(generated.adminToken);
  });

  it('refuses a short ADMIN_TOKEN with a message naming it', () => {
    expect(() => localSecrets(freshDir(), { ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN/);
  });
});
