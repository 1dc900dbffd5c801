import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, reminderOffsetsHours } from '../../shared/config';

const valid = {
  APP_ENV: 'aws',
  AWS_REGION: 'eu-central-1',
  TABLE_NAME: 'table',
  MAIL_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/mail',
  EXPORTS_BUCKET: 'exports',
  MAIL_FROM: 'skoleni@example.cz',
  MAIL_FROM_NAME: 'Chytrá školení',
  ORGANISER_NAME: 'Liberecký kraj',
  ORGANISER_ICO: '70891508',
  CONTACT_EMAIL: 'skoleni@example.cz',
  CONTACT_PHONE: '+420 485 000 111',
  CONTACT_ADDRESS: 'Náměstí 1, 460 01 Liberec',
  DPO_CONTACT: 'Mgr. Jana Ukázková, poverenec@example.cz, +420 485 000 222',
  SES_MAX_SEND_RATE: '14',
  PUBLIC_BASE_URL: 'https://skoleni.example.cz',
  LINK_SIGNING_SECRET: 'x'.repeat(32),
  ADMIN_AUTH: 'cognito',
  COGNITO_ISSUER: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example',
  COGNITO_CLIENT_ID: 'example-client-id',
  COGNITO_DOMAIN: 'https://skoleni-example.auth.eu-central-1.amazoncognito.com',
  RETENTION_DAYS: '180',
  REMINDER_OFFSETS_HOURS: '168,24',
};

describe('configuration', () => {
  it('parses a complete environment', () => {
    const config = parseConfig(valid);
    expect(config.SES_MAX_SEND_RATE).toBe(14);
    expect(reminderOffsetsHours(config)).toEqual([168, 24]);
  });

  it('fails fast naming every missing or malformed variable', () => {
    const { TABLE_NAME, ...missing } = valid;
    expect(() => parseConfig({ ...missing, LINK_SIGNING_SECRET: 'short' })).toThrow(
      /TABLE_NAME is missing.*LINK_SIGNING_SECRET/,
    );
    expect(() => parseConfig({ ...valid, REMINDER_OFFSETS_HOURS: '7 days' })).toThrow(ConfigError);
  });

  it('refuses a DPO contact that is missing or a placeholder, so the privacy notice never shows one', () => {
    const { DPO_CONTACT: _, ...missing } = valid;
    expect(() => parseConfig(missing)).toThrow(/DPO_CONTACT is missing/);
    for (const placeholder of ['placeholder (set dpoContact)', '[doplňte pověřence]', '  ']) {
      expect(() => parseConfig({ ...valid, DPO_CONTACT: placeholder })).toThrow(/DPO_CONTACT/);
    }
  });

  it('reads the link key ring newest first, keeping a legacy single key as a verifier', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    const { LINK_SIGNING_SECRET: legacy, ...withoutLegacy } = valid;
    const ring = parseConfig({ ...withoutLegacy, LINK_SIGNING_SECRETS: `k2:${a}, k1:${b}` });
    expect(ring.linkKeys).toEqual([
      { id: 'k2', secret: a },
      { id: 'k1', secret: b },
    ]);
    expect(ring.LINK_SIGNING_SECRET).toBe(a);
    const migrating = parseConfig({ ...valid, LINK_SIGNING_SECRETS: `k1:${a}` });
    expect(migrating.linkKeys).toEqual([
      { id: 'k1', secret: a },
      { id: 'legacy', secret: legacy },
    ]);
    expect(migrating.LINK_SIGNING_SECRET).toBe(a);
    expect(parseConfig(valid).linkKeys).toEqual([{ id: 'legacy', secret: legacy }]);
    // Without any key the function starts; only using a key fails (see link-keys.test.ts).
    expect(() => parseConfig(withoutLegacy).linkKeys).toThrow(/LINK_SIGNING_SECRETS/);
    for (const bad of [`k1:${a},k1:${b}`, 'k1:short', `${a}`, `k 1:${a}`, `k1:${a},`]) {
      expect(() => parseConfig({ ...valid, LINK_SIGNING_SECRETS: bad }), bad).toThrow(
        /LINK_SIGNING_SECRETS/,
      );
    }
  });

  it('requires the Cognito issuer, client and hosted UI when Cognito authentication is chosen', () => {
    const { COGNITO_CLIENT_ID: _, COGNITO_DOMAIN: __, ...missing } = valid;
    expect(() => parseConfig(missing)).toThrow(
      /COGNITO_CLIENT_ID, COGNITO_DOMAIN are required when ADMIN_AUTH=cognito/,
    );
    expect(() => parseConfig({ ...valid, COGNITO_DOMAIN: 'skoleni-example' })).toThrow(
      /COGNITO_DOMAIN/,
    );
    // Token mode does not need them.
    expect(
      parseConfig({ ...missing, ADMIN_AUTH: 'token', ADMIN_TOKEN: 't'.repeat(16) }).ADMIN_AUTH,
    ).toBe('token');
  });

  it('requires the admin token when token authentication is chosen', () => {
    expect(() => parseConfig({ ...valid, ADMIN_AUTH: 'token' })).toThrow(/ADMIN_TOKEN/);
    expect(
      parseConfig({ ...valid, ADMIN_AUTH: 'token', ADMIN_TOKEN: 't'.repeat(16) }).ADMIN_TOKEN,
    ).toBe('t'.repeat(16));
  });
});
