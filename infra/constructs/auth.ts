import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  type IUserPool,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface AuthProps {
  /** The organisers' user pool, which lives in the stateful stack (organiserUserPool). */
  userPool: IUserPool;
  /**
   * Where the organiser pages live (PUBLIC_BASE_URL, no trailing slash): the hosted UI returns
   * there. May be a token: the API's own URL when there is no custom domain.
   */
  publicBaseUrl: string;
  /**
   * The hosted UI's domain prefix (<prefix>.auth.<region>.amazoncognito.com), unique in the
   * region across all accounts. Without one, the stack name and the account id make one.
   */
  domainPrefix?: string;
}

/** Where Cognito sends the browser back with the authorization code (shared/web/auth/). */
export const signInCallbackPath = '/admin/prihlaseni/cognito';
/** Where Cognito's logout endpoint sends the browser afterwards: the sign-in page. */
export const signOutReturnPath = '/admin/prihlaseni';

/**
 * Organiser accounts: a Cognito user pool where only an administrator creates users (no sign-up),
 * with a strong password policy, TOTP MFA required and threat protection enforced (Plus plan).
 * The accounts are state: the pool is created in the stateful stack, retained and protected
 * from deletion, so replacing the stateless stack keeps every organiser's account.
 */
export function organiserUserPool(scope: Construct, id: string): UserPool {
  return new UserPool(scope, id, {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    signInCaseSensitive: false,
    autoVerify: { email: true },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    passwordPolicy: {
      minLength: 14,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa: Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    featurePlan: FeaturePlan.PLUS,
    standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * Sign-in to the organiser user pool. Organisers sign in on the pool's hosted UI: its client is
 * public (no secret, so the Lambda holds none) and uses the authorization code grant, which the
 * app protects with PKCE and checks itself (shared/web/auth/). The same client's tokens let
 * scripts call the admin API: `authorizer` is the HTTP API JWT authorizer that verifies them on
 * the /api/admin routes. Client and domain hold no data and live in the stateless stack, beside
 * the URLs they point at.
 */
export class Auth extends Construct {
  readonly userPool: IUserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly authorizer: HttpUserPoolAuthorizer;
  /** The `iss` of the pool's tokens (COGNITO_ISSUER). */
  readonly issuer: string;
  /** The hosted UI, https://<prefix>.auth.<region>.amazoncognito.com (COGNITO_DOMAIN). */
  readonly hostedUiUrl: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = props.userPool;
    this.domain = new UserPoolDomain(this, 'HostedUi', {
      userPool: this.userPool,
      cognitoDomain: { domainPrefix: props.domainPrefix ?? defaultDomainPrefix(this) },
    });
    const baseUrl = props.publicBaseUrl;
    this.client = new UserPoolClient(this, 'OrganiserClient', {
      userPool: this.userPool,
      generateSecret: false,
      // SRP stays for scripts that sign in to call the admin API with a bearer token.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${baseUrl}${signInCallbackPath}`],
        logoutUrls: [`${baseUrl}${signOutReturnPath}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.hostedUiUrl = this.domain.baseUrl();
    this.authorizer = new HttpUserPoolAuthorizer('OrganiserAuthorizer', this.userPool, {
      userPoolClients: [this.client],
    });
  }
}

/**
 * `<stack name>-<account id>`: unique per account and region without a name chosen by hand.
 * Prefixes are lowercase letters, digits and hyphens and must not contain aws, amazon or cognito.
 */
function defaultDomainPrefix(scope: Construct): string {
  const stackPart = Stack.of(scope)
    .stackName.toLowerCase()
    .replace(/aws|amazon|cognito/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return `${stackPart || 'skoleni'}-${Aws.ACCOUNT_ID}`;
}
