import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { httpApiThrottle } from '../../shared/resources';
import { type HttpFunctionName, httpRoutes, jwtProtectedRoutePaths } from '../../shared/routes';
import { AppFunction, type FunctionEnvironment } from './app-function';
import { acknowledge } from './nag';
import type { CustomDomain } from './settings';
import type { WorkQueue } from './work-queue';

/** The routes with the JWT authorizer: the admin API (shared/routes.ts). */
export const adminRoutePaths = jwtProtectedRoutePaths;

export interface ApiProps {
  table: ITable;
  mailQueue: WorkQueue;
  authorizer: IHttpRouteAuthorizer;
  environment: FunctionEnvironment;
  /** Serves the API on this domain too, with its certificate. */
  customDomain?: CustomDomain;
}

/**
 * The HTTP API in front of the three HTTP functions (routes in shared/routes.ts). The `$default`
 * route goes to the public `site` function, with no authorizer: event pages, the registration
 * form, signed cancel/survey links. The published paths (open data, calendars, indicators,
 * certificate verification, legal pages) go to the read-only `publications` function. /admin
 * and /api/admin go to the `organiser` function: the pages, which the app guards with the
 * hosted UI sign-in, and the admin API, whose routes carry the Cognito JWT authorizer.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly site: AppFunction;
  readonly publications: AppFunction;
  readonly organiser: AppFunction;
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.site = new AppFunction(this, 'Site', { name: 'site', environment: props.environment })
      .bindTable(props.table, 'readWrite')
      .bindQueue(props.mailQueue, 'send');
    // Read-only: what the region publishes is computed by the jobs and read here.
    this.publications = new AppFunction(this, 'Publications', {
      name: 'publications',
      environment: props.environment,
    }).bindTable(props.table, 'read');
    this.organiser = new AppFunction(this, 'Organiser', {
      name: 'organiser',
      environment: props.environment,
    })
      .bindTable(props.table, 'readWrite')
      .bindQueue(props.mailQueue, 'send');

    const integrations: Record<HttpFunctionName, HttpLambdaIntegration> = {
      site: new HttpLambdaIntegration('SiteFunction', this.site.fn),
      publications: new HttpLambdaIntegration('PublicationsFunction', this.publications.fn),
      organiser: new HttpLambdaIntegration('OrganiserFunction', this.organiser.fn),
    };
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Chytrá školení: public pages, registration and the organiser API',
      createDefaultStage: false,
      defaultIntegration: integrations.site,
    });
    const defaultRoute = this.httpApi.node.findChild('DefaultRoute');
    acknowledge(defaultRoute, 'AwsSolutions-APIG4', {
      reason:
        'The default route serves the public part only (event pages, the registration form, links signed with the link keys, open data); the organiser paths have routes of their own.',
    });

    for (const route of httpRoutes) {
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod.ANY],
        integration: integrations[route.function],
        ...(route.jwtAuthorizer ? { authorizer: props.authorizer } : {}),
      });
      if (!route.jwtAuthorizer) {
        for (const added of routes) {
          acknowledge(added, 'AwsSolutions-APIG4', {
            reason:
              route.function === 'organiser'
                ? 'The organiser pages are loaded by a browser with the session cookie only; the function guards them itself with the Cognito ID token from the hosted UI sign-in (shared/web/auth/).'
                : 'What the region publishes (open data, calendars, certificate verification, legal pages) is public by design and read-only.',
          });
        }
      }
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: httpApiThrottle.rateLimit, burstLimit: httpApiThrottle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    if (props.customDomain) {
      const certificate = Certificate.fromCertificateArn(
        this,
        'Certificate',
        props.customDomain.certificateArn,
      );
      this.domainName = new DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate,
      });
      new ApiMapping(this, 'DomainMapping', {
        api: this.httpApi,
        domainName: this.domainName,
        stage: this.stage,
      });
    }
  }

  /** The API's own endpoint, without a trailing slash (the `$default` stage serves it). */
  get defaultEndpoint(): string {
    return `https://${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  /** The API's base URL (the `$default` stage), with a trailing slash. */
  get url(): string {
    return this.stage.url;
  }
}
