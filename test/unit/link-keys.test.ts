import { describe, expect, it } from 'vitest';
import { ConfigError, parseFunctionConfig, usesLinkKeys } from '../../shared/config';
import { loadLinkKeys } from '../../shared/link-keys';
import { awsModeConfig } from '../support/fixtures';

const configEnv = { APP_ENV: 'aws', ADMIN_AUTH: 'cognito', ...awsModeConfig };

const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:LinkSigningSecret-AbCdEf';
const key = 'k'.repeat(64);

describe('loadLinkKeys', () => {
  it('reads the secret once in AWS: a plain value is one key, a ring is LINK_SIGNING_SECRETS', async () => {
    const reads: string[] = [];
    const reader = async (id: string) => {
      reads.push(id);
      return ` ${key} `;
    };
    const plain: Record<string, string | undefined> = {
      APP_ENV: 'aws',
      LINK_SIGNING_SECRETS_ARN: arn,
    };
    await loadLinkKeys(plain, reader);
    expect(plain.LINK_SIGNING_SECRET).toBe(key);
    await loadLinkKeys(plain, reader);
    expect(reads).toEqual([arn]);

    const ring: Record<string, string | undefined> = {
      APP_ENV: 'aws',
      LINK_SIGNING_SECRETS_ARN: arn,
    };
    await loadLinkKeys(ring, async () => `k2:${'n'.repeat(40)},legacy:${key}`);
    expect(ring.LINK_SIGNING_SECRETS).toBe(`k2:${'n'.repeat(40)},legacy:${key}`);
    expect(ring.LINK_SIGNING_SECRET).toBeUndefined();
  });

  it('refuses a malformed ring and does nothing locally or without the ARN', async () => {
    await expect(
      loadLinkKeys({ APP_ENV: 'aws', LINK_SIGNING_SECRETS_ARN: arn }, async () => 'k2:short'),
    ).rejects.toThrow(/LINK_SIGNING_SECRETS/);
    const never = async (): Promise<string> => {
      throw new Error('must not be read');
    };
    const local = { APP_ENV: 'local', LINK_SIGNING_SECRETS_ARN: arn };
    await loadLinkKeys(local, never);
    await loadLinkKeys({ APP_ENV: 'aws' }, never);
    expect(local).toEqual({ APP_ENV: 'local', LINK_SIGNING_SECRETS_ARN: arn });
  });
});

describe('a function without the link keys', () => {
  it('neither reads nor is given them, and one with them refuses to start without them', () => {
    const { LINK_SIGNING_SECRET: _, ...withoutKeys } = configEnv;
    const reminders = parseFunctionConfig('reminders', withoutKeys);
    expect(reminders.TABLE_NAME).toBe(configEnv.TABLE_NAME);
    expect(reminders).not.toHaveProperty('linkKeys');
    expect(usesLinkKeys('reminders')).toBe(false);
    expect(usesLinkKeys('site')).toBe(true);
    expect(() => parseFunctionConfig('retention', withoutKeys)).toThrow(ConfigError);
    expect(() => parseFunctionConfig('retention', withoutKeys)).toThrow(/LINK_SIGNING_SECRETS/);
  });
});
