import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configVariableRequirements,
  configVariables,
  parseFunctionConfig,
  reminderOffsetsHours,
} from '../../shared/config';
import { type FunctionName, functions } from '../../shared/resources';

const organiser = (env: Record<string, string | undefined>) =>
  parseFunctionConfig('organiser', env);

const valid = {
  APP_ENV: 'aws',
  AWS_REGION: 'eu-central-1',
  TABLE_NAME: 'table',
  MAIL_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/mail',
  CERTIFICATES_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/certificates',
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
    expect(parseFunctionConfig('mailer', valid).SES_MAX_SEND_RATE).toBe(14);
    expect(reminderOffsetsHours(organiser(valid))).toEqual([168, 24]);
  });

  it('fails fast naming every missing or malformed variable', () => {
    const { TABLE_NAME, ...missing } = valid;
    expect(() => organiser({ ...missing, LINK_SIGNING_SECRET: 'short' })).toThrow(
      /organiser: TABLE_NAME is missing.*LINK_SIGNING_SECRET/,
    );
    expect(() => organiser({ ...valid, REMINDER_OFFSETS_HOURS: '7 days' })).toThrow(ConfigError);
  });

  it('refuses a DPO contact that is missing or a placeholder, so the privacy notice never shows one', () => {
    const { DPO_CONTACT: _, ...missing } = valid;
    expect(() => organiser(missing)).toThrow(/DPO_CONTACT is missing/);
    for (const placeholder of ['placeholder (set dpoContact)', '[doplňte pověřence]', '  ']) {
      expect(() => organiser({ ...valid, DPO_CONTACT: placeholder })).toThrow(/DPO_CONTACT/);
    }
  });

  it('reads the link key ring newest first, keeping a legacy single key as a verifier', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    const { LINK_SIGNING_SECRET: legacy, ...withoutLegacy } = valid;
    const ring = organiser({ ...withoutLegacy, LINK_SIGNING_SECRETS: `k2:${a}, k1:${b}` });
    expect(ring.linkKeys).toEqual([
      { id: 'k2', secret: a },
      { id: 'k1', secret: b },
    ]);
    expect(ring.LINK_SIGNING_SECRET).toBe(a);
    const migrating = organiser({ ...valid, LINK_SIGNING_SECRETS: `k1:${a}` });
    expect(migrating.linkKeys).toEqual([
      { id: 'k1', secret: a },
      { id: 'legacy', secret: legacy },
    ]);
    expect(migrating.LINK_SIGNING_SECRET).toBe(a);
    expect(organiser(valid).linkKeys).toEqual([{ id: 'legacy', secret: legacy }]);
    // A function that reads the keys does not start without one.
    expect(() => organiser(withoutLegacy)).toThrow(/LINK_SIGNING_SECRETS/);
    for (const bad of [`k1:${a},k1:${b}`, 'k1:short', `${a}`, `k 1:${a}`, `k1:${a},`]) {
      expect(() => organiser({ ...valid, LINK_SIGNING_SECRETS: bad }), bad).toThrow(
        /LINK_SIGNING_SECRETS/,
      );
    }
  });

  it('requires the Cognito issuer, client and hosted UI when Cognito authentication is chosen', () => {
    const { COGNITO_CLIENT_ID: _, COGNITO_DOMAIN: __, ...missing } = valid;
    expect(() => organiser(missing)).toThrow(
      /COGNITO_CLIENT_ID is missing.*COGNITO_DOMAIN is missing/,
    );
    expect(() => organiser({ ...valid, COGNITO_DOMAIN: 'skoleni-example' })).toThrow(
      /COGNITO_DOMAIN/,
    );
    // Token mode does not need them.
    const tokenMode = organiser({ ...missing, ADMIN_AUTH: 'token', ADMIN_TOKEN: 't'.repeat(16) });
    expect(tokenMode.ADMIN_AUTH).toBe('token');
    expect(() => organiser({ ...valid, ADMIN_AUTH: 'password' })).toThrow(/ADMIN_AUTH/);
  });

  it('requires the admin token when token authentication is chosen', () => {
    expect(() => organiser({ ...valid, ADMIN_AUTH: 'token' })).toThrow(/ADMIN_TOKEN/);
    const tokenMode = organiser({ ...valid, ADMIN_AUTH: 'token', ADMIN_TOKEN: 't'.repeat(16) });
    expect(tokenMode.ADMIN_AUTH === 'token' && tokenMode.ADMIN_TOKEN).toBe('t'.repeat(16));
  });
});

describe('each function reads its own settings', () => {
  const names = Object.keys(functions) as FunctionName[];

  it('only the organiser function reads the sign-in settings', () => {
    const readers = names.filter((name) => configVariables(name).has('COGNITO_ISSUER'));
    expect(readers).toEqual(['organiser']);
    expect(configVariableRequirements('organiser').get('ADMIN_AUTH')).toBe(true);
    expect(configVariableRequirements('organiser').get('ADMIN_TOKEN')).toBe(false);
  });

  it('a job starts without the settings of the pages, mail and sign-in', () => {
    const { DPO_CONTACT: _, MAIL_FROM: __, ADMIN_AUTH: ___, COGNITO_ISSUER: ____, ...jobs } = valid;
    expect(parseFunctionConfig('reminders', jobs).REMINDER_OFFSETS_HOURS).toBe('168,24');
    expect(() => parseFunctionConfig('publications', jobs)).toThrow(
      /publications: DPO_CONTACT is missing/,
    );
  });

  it('only the functions that need them read the resource names', () => {
    const reading = (variable: string) =>
      names.filter((name) => configVariables(name).has(variable)).sort();
    expect(reading('EXPORTS_BUCKET')).toEqual(
      ['certificateRenderer', 'indicators', 'organiser'].sort(),
    );
    expect(reading('CERTIFICATES_QUEUE_URL')).toEqual(['certificates', 'organiser']);
    expect(reading('MAIL_FROM')).toEqual(['mailer']);
  });
});
