import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/constructs/settings';
import {
  freshOutdir,
  functionIdOf,
  type Json,
  realSettings,
  resource,
  resourcesOfType,
  synthesise,
  synthTimeout,
} from './support';

const { publicBaseUrl: _, ...withoutUrl } = realSettings;
const certificateArn =
  'arn:aws:acm:eu-central-1:111122223333:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

function publicUrlOf(synthesised: ReturnType<typeof synthesise>): Json {
  const template = synthesised.statelessTemplate;
  return resource(template, functionIdOf(template, 'site')).Properties.Environment.Variables
    .PUBLIC_BASE_URL;
}

function organiserClient(synthesised: ReturnType<typeof synthesise>): Json {
  const [client, ...others] = resourcesOfType(
    synthesised.statelessTemplate,
    'AWS::Cognito::UserPoolClient',
  );
  expect(others).toEqual([]);
  return client?.properties;
}

describe('without a custom domain or publicBaseUrl', () => {
  it(
    "points emailed links and the sign-in return at the API's own URL",
    () => {
      const synthesised = synthesise(withoutUrl);
      const [api] = resourcesOfType(synthesised.statelessTemplate, 'AWS::ApiGatewayV2::Api');
      const apiUrlParts = [
        'https://',
        { Ref: api?.logicalId },
        '.execute-api.',
        { Ref: 'AWS::Region' },
        '.',
        { Ref: 'AWS::URLSuffix' },
      ];
      expect(publicUrlOf(synthesised)).toEqual({ 'Fn::Join': ['', apiUrlParts] });
      const client = organiserClient(synthesised);
      const withPath = (path: string) => ({ 'Fn::Join': ['', [...apiUrlParts, path]] });
      expect(client.CallbackURLs).toEqual([withPath('/admin/prihlaseni/cognito')]);
      expect(client.LogoutURLs).toEqual([withPath('/admin/prihlaseni')]);
      expect(
        resourcesOfType(synthesised.statelessTemplate, 'AWS::ApiGatewayV2::DomainName'),
      ).toEqual([]);
      expect(synthesised.statelessTemplate.toJSON().Rules?.RealSettingsRequired).toBeUndefined();
    },
    synthTimeout,
  );
});

describe('with a custom domain', () => {
  it(
    'creates the domain name and its mapping to the stage, outputs the DNS target and links to the domain',
    () => {
      const synthesised = synthesise({
        ...withoutUrl,
        domainName: 'skoleni.kraj-example.cz',
        certificateArn,
      });
      const template = synthesised.statelessTemplate;
      const [domain, ...otherDomains] = resourcesOfType(template, 'AWS::ApiGatewayV2::DomainName');
      expect(otherDomains).toEqual([]);
      expect(domain?.properties).toMatchObject({
        DomainName: 'skoleni.kraj-example.cz',
        DomainNameConfigurations: [
          expect.objectContaining({ CertificateArn: certificateArn, EndpointType: 'REGIONAL' }),
        ],
      });
      const [api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
      const [stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
      const [mapping, ...otherMappings] = resourcesOfType(
        template,
        'AWS::ApiGatewayV2::ApiMapping',
      );
      expect(otherMappings).toEqual([]);
      expect(mapping?.properties).toEqual({
        ApiId: { Ref: api?.logicalId },
        DomainName: { Ref: domain?.logicalId },
        Stage: '$default',
      });
      expect(mapping?.raw.DependsOn).toContain(stage?.logicalId);
      const outputs = template.toJSON().Outputs;
      expect(outputs.DomainTarget.Value).toEqual({
        'Fn::GetAtt': [domain?.logicalId, 'RegionalDomainName'],
      });
      expect(outputs.DomainTargetZoneId.Value).toEqual({
        'Fn::GetAtt': [domain?.logicalId, 'RegionalHostedZoneId'],
      });
      expect(publicUrlOf(synthesised)).toBe('https://skoleni.kraj-example.cz');
      expect(organiserClient(synthesised).CallbackURLs).toEqual([
        'https://skoleni.kraj-example.cz/admin/prihlaseni/cognito',
      ]);
    },
    synthTimeout,
  );

  it('takes both the domain name and the certificate, or neither', () => {
    const read = (context: Record<string, unknown>) =>
      readSettings(new App({ outdir: freshOutdir(), context }));
    expect(() => read({ ...withoutUrl, domainName: 'skoleni.kraj-example.cz' })).toThrow(
      /'certificateArn' is needed too/,
    );
    expect(() => read({ ...withoutUrl, certificateArn })).toThrow(/'domainName' is needed too/);
    expect(() =>
      read({ ...withoutUrl, domainName: 'skoleni.kraj-example.cz', certificateArn: 'cert' }),
    ).toThrow(/'certificateArn' must be the ARN/);
    expect(
      read({ ...withoutUrl, domainName: 'skoleni.kraj-example.cz', certificateArn }),
    ).toMatchObject({
      publicBaseUrl: 'https://skoleni.kraj-example.cz',
      customDomain: { domainName: 'skoleni.kraj-example.cz', certificateArn },
      placeholders: [],
    });
  });
});

describe('organiser accounts', () => {
  it(
    'live in the stateful stack, retained and protected; the stateless stack only refers to them',
    () => {
      const synthesised = synthesise();
      expect(resourcesOfType(synthesised.statelessTemplate, 'AWS::Cognito::UserPool')).toEqual([]);
      const [pool, ...others] = resourcesOfType(
        synthesised.statefulTemplate,
        'AWS::Cognito::UserPool',
      );
      expect(others).toEqual([]);
      expect(pool?.raw).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(pool?.properties.DeletionProtection).toBe('ACTIVE');
      expect(JSON.stringify(organiserClient(synthesised).UserPoolId)).toContain('Fn::ImportValue');
    },
    synthTimeout,
  );
});
