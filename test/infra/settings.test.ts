import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/constructs/settings';
import type { FunctionName } from '../../shared/resources';
import { freshOutdir, functionIdOf, realSettings, resource, synthesise } from './support';

function settingsFrom(context: Record<string, unknown>) {
  return readSettings(new App({ outdir: freshOutdir(), context }));
}

describe('deployment settings', () => {
  it('takes every value from context', () => {
    expect(settingsFrom(realSettings)).toEqual({
      mailFrom: 'skoleni@kraj-example.cz',
      mailFromName: 'Chytrá školení',
      contactEmail: 'skoleni@kraj-example.cz',
      contactPhone: '+420 485 000 111',
      contactAddress: 'Náměstí 1, 460 01 Liberec',
      dpoContact: 'Mgr. Jana Ukázková, poverenec@kraj-example.cz, +420 485 000 222',
      publicBaseUrl: 'https://skoleni.kraj-example.cz',
      sesIdentity: 'kraj-example.cz',
      exportRecipients: 'analytik@kraj-example.cz,vedouci@kraj-example.cz',
      retentionDays: 1095,
      sesMaxSendRate: 1,
      reminderOffsetsHours: '168,24',
      organiserName: 'Liberecký kraj',
      organiserIco: '70891508',
      rateLimits: 'on',
      registrationsPerClientPerHour: 30,
      registrationsPerEmailPerDay: 5,
      alarmEmail: 'provoz@kraj-example.cz',
      certificateIssuer: 'Liberecký kraj',
      certificateIssuerIco: '70891508',
      certificateSignatoryName: 'Mgr. Jana Dvořáková',
      certificateSignatoryRole: 'vedoucí odboru regionálního rozvoje',
      certificateNumberPrefix: 'LK',
      certificateRetentionYears: 10,
      placeholders: [],
    });
  });

  it('takes the organiser from the context', () => {
    expect(
      settingsFrom({ ...realSettings, organiserName: 'Město Example', organiserIco: '00262978' }),
    ).toMatchObject({
      organiserName: 'Město Example',
      organiserIco: '00262978',
    });
    expect(() => settingsFrom({ ...realSettings, organiserIco: '1234' })).toThrow(/organiserIco/);
  });

  it('takes the registration limits from context, or turns them off', () => {
    expect(
      settingsFrom({
        ...realSettings,
        rateLimits: 'off',
        registrationsPerClientPerHour: '60',
        registrationsPerEmailPerDay: 3,
      }),
    ).toMatchObject({
      rateLimits: 'off',
      registrationsPerClientPerHour: 60,
      registrationsPerEmailPerDay: 3,
    });
  });

  it('defaults the SES identity to the domain of mailFrom', () => {
    const { sesIdentity: _, ...rest } = realSettings;
    expect(settingsFrom(rest).sesIdentity).toBe('kraj-example.cz');
  });

  it('takes the hosted UI domain prefix when given', () => {
    expect(settingsFrom({ ...realSettings, cognitoDomainPrefix: 'skoleni-kraj' })).toMatchObject({
      cognitoDomainPrefix: 'skoleni-kraj',
      placeholders: [],
    });
  });

  it('accepts an empty list of export recipients given explicitly', () => {
    expect(settingsFrom({ ...realSettings, exportRecipients: '' })).toMatchObject({
      exportRecipients: '',
      placeholders: [],
    });
  });

  it('replaces missing values by .invalid placeholders and lists them', () => {
    const settings = settingsFrom({});
    expect(settings.placeholders).toEqual([
      'mailFrom',
      'mailFromName',
      'contactEmail',
      'contactPhone',
      'contactAddress',
      'dpoContact',
      'exportRecipients',
      'retentionDays',
      'certificateSignatoryName',
      'certificateSignatoryRole',
    ]);
    expect(settings.mailFrom).toMatch(/\.invalid$/);
    // Not a placeholder: without it the stack uses the API's own URL (public-url.test.ts).
    expect(settings.publicBaseUrl).toBeUndefined();
    expect(settings.sesIdentity).toMatch(/\.invalid$/);
  });

  it.each([
    [{ mailFrom: 'not-an-address' }, /'mailFrom' must be an email address/],
    [{ publicBaseUrl: 'http://skoleni.kraj-example.cz' }, /'publicBaseUrl' must be an https URL/],
    [{ publicBaseUrl: 'skoleni' }, /'publicBaseUrl' must be a URL/],
    [{ sesIdentity: 'jiny-kraj.cz' }, /'sesIdentity' is the domain 'jiny-kraj.cz'/],
    [{ sesIdentity: 'jiny@kraj-example.cz' }, /so mailFrom must be that address/],
    [{ retentionDays: '0' }, /'retentionDays' must be a positive integer/],
    [{ retentionDays: 'roky' }, /'retentionDays' must be a positive integer/],
    [{ rateLimits: 'yes' }, /'rateLimits' must be 'on' or 'off'/],
    [{ registrationsPerClientPerHour: '0' }, /'registrationsPerClientPerHour' must be/],
    [{ exportRecipients: 'a@kraj-example.cz;b@kraj-example.cz' }, /'exportRecipients'/],
    [{ reminderOffsetsHours: '24h' }, /'reminderOffsetsHours'/],
    [{ alarmEmail: 'provoz' }, /'alarmEmail'/],
    [{ contactEmail: 'skoleni' }, /'contactEmail' must be an email address/],
    [{ contactPhone: 'volejte' }, /'contactPhone' must be a phone number/],
    [{ cognitoDomainPrefix: 'Skoleni_Kraj' }, /'cognitoDomainPrefix' must be lowercase/],
    [{ cognitoDomainPrefix: 'skoleni-cognito' }, /must not contain aws, amazon or cognito/],
    [{ certificateIssuerIco: '7089150' }, /'certificateIssuerIco' must be an IČO of 8 digits/],
    [{ certificateNumberPrefix: 'lk' }, /'certificateNumberPrefix' must be 1 to 8 capital letters/],
    [{ certificateRetentionYears: '0' }, /'certificateRetentionYears' must be a positive integer/],
  ])('rejects a malformed value %o', (override, message) => {
    expect(() => settingsFrom({ ...realSettings, ...override })).toThrow(message);
  });
});

describe('placeholder guard', () => {
  it('with real settings, the template has no guard and the functions get the values', () => {
    const { statelessTemplate, stateless } = synthesise();
    const template = statelessTemplate.toJSON();
    expect(template.Rules?.RealSettingsRequired).toBeUndefined();
    expect(template.Parameters?.PlaceholderSettings).toBeUndefined();
    expect(
      Annotations.fromStack(stateless).findWarning('*', Match.stringLikeRegexp('placeholder')),
    ).toEqual([]);
    // Each function gets the settings its own configuration reads.
    const variablesOf = (name: FunctionName) =>
      resource(statelessTemplate, functionIdOf(statelessTemplate, name)).Properties.Environment
        .Variables;
    expect(variablesOf('mailer')).toMatchObject({
      MAIL_FROM: 'skoleni@kraj-example.cz',
      MAIL_FROM_NAME: 'Chytrá školení',
      CONTACT_EMAIL: 'skoleni@kraj-example.cz',
      CONTACT_PHONE: '+420 485 000 111',
      CONTACT_ADDRESS: 'Náměstí 1, 460 01 Liberec',
      PUBLIC_BASE_URL: 'https://skoleni.kraj-example.cz',
      // The default account rate (a sandbox's 1/s) shared by the two mailer containers.
      SES_MAX_SEND_RATE: '0.5',
    });
    expect(variablesOf('indicators')).toMatchObject({
      EXPORT_RECIPIENTS: 'analytik@kraj-example.cz,vedouci@kraj-example.cz',
    });
    expect(variablesOf('retention')).toMatchObject({ RETENTION_DAYS: '1095' });
    expect(variablesOf('reminders')).toMatchObject({ REMINDER_OFFSETS_HOURS: '168,24' });
    expect(variablesOf('publications')).toMatchObject({ RETENTION_DAYS: '1095' });
    expect(variablesOf('site')).toMatchObject({
      // The registration limits are on in AWS unless a deployment turns them off.
      RATE_LIMITS: 'on',
      LIMIT_REGISTRATIONS_PER_CLIENT_PER_HOUR: '30',
      LIMIT_REGISTRATIONS_PER_EMAIL_PER_DAY: '5',
    });
    expect(variablesOf('certificateRenderer')).toMatchObject({
      CERTIFICATE_ISSUER: 'Liberecký kraj',
      CERTIFICATE_ISSUER_ICO: '70891508',
      CERTIFICATE_RETENTION_YEARS: '10',
    });
  });

  it('with placeholders, synth warns and CloudFormation refuses to deploy the template', () => {
    const { statelessTemplate, stateless } = synthesise({});
    const template = statelessTemplate.toJSON();
    expect(template.Parameters.PlaceholderSettings.Default).toBe(
      'mailFrom, mailFromName, contactEmail, contactPhone, contactAddress, dpoContact, exportRecipients, retentionDays, certificateSignatoryName, certificateSignatoryRole',
    );
    const [assertion] = template.Rules.RealSettingsRequired.Assertions;
    expect(assertion.Assert).toEqual({ 'Fn::Equals': [{ Ref: 'PlaceholderSettings' }, 'none'] });
    expect(assertion.AssertDescription).toContain('-c mailFrom=... -c mailFromName=...');
    expect(
      Annotations.fromStack(stateless).findWarning('*', Match.stringLikeRegexp('placeholder')),
    ).toHaveLength(1);
  });
});
