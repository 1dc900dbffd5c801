import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminRoutePaths } from '../../infra/constructs/api';
import { functions, httpApiThrottle } from '../../shared/resources';
import { type HttpFunctionName, httpRoutes } from '../../shared/routes';
import {
  functionIdOf,
  realSettings,
  referencedId,
  resource,
  resourcesOfType,
  synthesise,
  synthTimeout,
} from './support';

let template: Template;
/** The user pool is in the stateful stack (it holds the organisers' accounts). */
let statefulTemplate: Template;

beforeAll(() => {
  const synthesised = synthesise();
  template = synthesised.statelessTemplate;
  statefulTemplate = synthesised.statefulTemplate;
}, synthTimeout);

/** The stateless stack refers to the pool through an import of the stateful stack's export. */
function importOf(logicalId: string | undefined) {
  return {
    'Fn::ImportValue': expect.stringMatching(new RegExp(`^ChytraSkoleni-Stateful:.*${logicalId}`)),
  };
}

function routes() {
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map((r) => r.properties);
}

describe('HTTP API routes', () => {
  it('protects the admin API, with and without a sub-path, with the JWT authorizer', () => {
    expect([...adminRoutePaths].sort()).toEqual(['/api/admin', '/api/admin/{proxy+}']);
    const [authorizer] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');
    for (const path of adminRoutePaths) {
      const route = routes().find((r) => r.RouteKey === `ANY ${path}`);
      expect(route, path).toMatchObject({ AuthorizationType: 'JWT' });
      expect(referencedId(route?.AuthorizerId)).toBe(authorizer?.logicalId);
    }
  });

  it('has no JWT authorizer on the /admin pages: a page load sends no Authorization header, the app checks the ID token cookie', () => {
    const pages = routes().filter((r) => /^ANY \/admin(\/|$)/.test(r.RouteKey as string));
    expect(pages.map((r) => r.RouteKey).sort()).toEqual(['ANY /admin', 'ANY /admin/{proxy+}']);
    for (const page of pages) expect(page.AuthorizationType).toBe('NONE');
    for (const route of routes().filter((r) => r.AuthorizationType === 'JWT')) {
      expect(route.RouteKey).toMatch(/^ANY \/api\/admin(\/|$)/);
    }
  });

  it('leaves open the public default route, the published paths and the organiser pages, and no other route', () => {
    const open = routes().filter((r) => r.AuthorizationType === 'NONE');
    const expected = httpRoutes.filter((route) => !route.jwtAuthorizer).map((r) => `ANY ${r.path}`);
    expect(open.map((r) => r.RouteKey).sort()).toEqual(['$default', ...expected].sort());
    expect(open.map((r) => r.RouteKey)).toContain('ANY /admin/{proxy+}');
    expect(routes()).toHaveLength(httpRoutes.length + 1);
  });

  it('sends each route to the function shared/routes.ts names, the default route to the site', () => {
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(3);
    const integrationOf = (name: HttpFunctionName) =>
      integrations.find((integration) =>
        JSON.stringify(integration.properties.IntegrationUri).includes(
          functionIdOf(template, name),
        ),
      )?.logicalId as string;
    for (const route of routes()) {
      const path = String(route.RouteKey).replace(/^ANY /, '');
      const expected =
        route.RouteKey === '$default'
          ? 'site'
          : (httpRoutes.find((r) => r.path === path)?.function as HttpFunctionName);
      expect(JSON.stringify(route.Target), String(route.RouteKey)).toContain(
        integrationOf(expected),
      );
    }
    const organiserRoutes = routes()
      .filter((route) => JSON.stringify(route.Target).includes(integrationOf('organiser')))
      .map((route) => route.RouteKey)
      .sort();
    expect(organiserRoutes).toEqual([
      'ANY /admin',
      'ANY /admin/{proxy+}',
      'ANY /api/admin',
      'ANY /api/admin/{proxy+}',
    ]);
  });

  it('writes access logs from the $default stage', () => {
    const [stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage?.properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
    expect(stage?.properties.AccessLogSettings.DestinationArn).toBeDefined();
    expect(JSON.parse(stage?.properties.AccessLogSettings.Format)).toHaveProperty('requestId');
  });
});

describe('organiser sign-in', () => {
  it('verifies tokens of the user pool issued to its client', () => {
    const [authorizer] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');
    const [pool] = resourcesOfType(statefulTemplate, 'AWS::Cognito::UserPool');
    const [client] = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
    expect(authorizer?.properties.AuthorizerType).toBe('JWT');
    expect(authorizer?.properties.JwtConfiguration.Audience).toEqual([{ Ref: client?.logicalId }]);
    expect(JSON.stringify(authorizer?.properties.JwtConfiguration.Issuer)).toContain(
      pool?.logicalId,
    );
  });

  it('lets only administrators create users, requires strong passwords and TOTP MFA', () => {
    const [pool] = resourcesOfType(statefulTemplate, 'AWS::Cognito::UserPool');
    expect(pool?.properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: {
        PasswordPolicy: {
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    expect(pool?.properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool?.raw.DeletionPolicy).toBe('Retain');
  });

  it('has a public client (no secret) for the authorization code grant of the hosted UI', () => {
    const [client] = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
    expect(client?.properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: ['https://skoleni.kraj-example.cz/admin/prihlaseni/cognito'],
      LogoutURLs: ['https://skoleni.kraj-example.cz/admin/prihlaseni'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect([...(client?.properties.AllowedOAuthScopes ?? [])].sort()).toEqual([
      'email',
      'openid',
      'profile',
    ]);
  });

  it('has a hosted UI domain named after the stack and the account, or the given prefix', () => {
    const [domain] = resourcesOfType(template, 'AWS::Cognito::UserPoolDomain');
    const [pool] = resourcesOfType(statefulTemplate, 'AWS::Cognito::UserPool');
    expect(domain?.properties.UserPoolId).toEqual(importOf(pool?.logicalId));
    expect(domain?.properties.Domain).toEqual({
      'Fn::Join': ['', ['chytraskoleni-stateless-', { Ref: 'AWS::AccountId' }]],
    });
    const given = synthesise({ ...realSettings, cognitoDomainPrefix: 'skoleni-kraj' });
    const [givenDomain] = resourcesOfType(given.statelessTemplate, 'AWS::Cognito::UserPoolDomain');
    expect(givenDomain?.properties.Domain).toBe('skoleni-kraj');
  });

  it('gives the functions the issuer, client and hosted UI the app verifies and redirects to', () => {
    const [pool] = resourcesOfType(statefulTemplate, 'AWS::Cognito::UserPool');
    const [client] = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
    const [domain] = resourcesOfType(template, 'AWS::Cognito::UserPoolDomain');
    const variables = resource(template, functionIdOf(template, 'organiser')).Properties.Environment
      .Variables;
    expect(variables.COGNITO_CLIENT_ID).toEqual({ Ref: client?.logicalId });
    expect(variables.COGNITO_ISSUER).toEqual({
      'Fn::Join': [
        '',
        [
          'https://cognito-idp.',
          { Ref: 'AWS::Region' },
          '.amazonaws.com/',
          importOf(pool?.logicalId),
        ],
      ],
    });
    expect(variables.COGNITO_DOMAIN).toEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: domain?.logicalId },
          '.auth.',
          { Ref: 'AWS::Region' },
          '.amazoncognito.com',
        ],
      ],
    });
  });
});

it('the API stage URL is an output', () => {
  const outputs = template.toJSON().Outputs;
  const [api] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
  expect(JSON.stringify(outputs.ApiUrl.Value)).toContain(api?.logicalId);
  const [pool] = resourcesOfType(statefulTemplate, 'AWS::Cognito::UserPool');
  expect(outputs.UserPoolId.Value).toEqual(importOf(pool?.logicalId));
  expect(resource(template, referencedId(outputs.UserPoolClientId.Value) as string).Type).toBe(
    'AWS::Cognito::UserPoolClient',
  );
  expect(resource(template, referencedId(outputs.AlarmTopicArn.Value) as string).Type).toBe(
    'AWS::SNS::Topic',
  );
});

describe('edge limits', () => {
  it('throttles the stage with the rate and burst of shared/resources.ts', () => {
    const [stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage?.properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: httpApiThrottle.rateLimit,
      ThrottlingBurstLimit: httpApiThrottle.burstLimit,
    });
  });

  it('caps the concurrency of the functions any caller can invoke, and only those', () => {
    for (const name of ['site', 'publications', 'organiser'] as const) {
      const fn = resource(template, functionIdOf(template, name));
      expect(functions[name].reservedConcurrency).toBeGreaterThan(0);
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(functions[name].reservedConcurrency);
    }
    const capped = resourcesOfType(template, 'AWS::Lambda::Function').filter(
      (fn) => fn.properties.ReservedConcurrentExecutions !== undefined,
    );
    expect(capped.map((fn) => fn.logicalId).sort()).toEqual(
      [
        functionIdOf(template, 'site'),
        functionIdOf(template, 'publications'),
        functionIdOf(template, 'organiser'),
      ].sort(),
    );
  });
});
