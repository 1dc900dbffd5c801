/**
 * The routes of the HTTP API: which function serves a path and which paths carry the JWT
 * authorizer. Read by the CDK API construct (infra/constructs/api.ts) and by the local runtime
 * (infra/local/gateway.ts), so that locally a request reaches the function, or is refused,
 * exactly where API Gateway sends or refuses it.
 *
 * The publications function serves what the region publishes, read-only: open data, calendars,
 * the indicators API, certificate verification, the legal pages, robots and sitemap. The
 * organiser function serves /admin (pages and downloads, which a browser loads with the
 * session cookie only, so the app guards them itself: shared/web/auth/) and /api/admin (the
 * admin API, behind the Cognito JWT authorizer: API Gateway answers 401 before the function runs
 * when the Authorization header is missing or its token is not valid). Everything else goes
 * through the `$default` route, with no authorizer, to the public site function (event pages,
 * registration, cancel and survey links). A prefix is
 * routed both as itself and with everything below it: `{proxy+}` does not match the bare prefix,
 * which would otherwise fall through to the default route.
 */
export type HttpFunctionName = 'site' | 'publications' | 'organiser';

export interface HttpRoute {
  path: string;
  function: HttpFunctionName;
  jwtAuthorizer: boolean;
}

const published = (path: string): HttpRoute => ({
  path,
  function: 'publications',
  jwtAuthorizer: false,
});

export const httpRoutes: readonly HttpRoute[] = [
  ...[
    '/opendata/{proxy+}',
    '/kalendar.ics',
    '/akce/{id}/kalendar.ics',
    '/api/indicators',
    '/api/indicators/{proxy+}',
    '/osvedceni/{proxy+}',
    '/ochrana-osobnich-udaju',
    '/prohlaseni-o-pristupnosti',
    '/robots.txt',
    '/sitemap.xml',
    '/favicon.svg',
    '/favicon.ico',
  ].map(published),
  { path: '/admin', function: 'organiser', jwtAuthorizer: false },
  { path: '/admin/{proxy+}', function: 'organiser', jwtAuthorizer: false },
  { path: '/api/admin', function: 'organiser', jwtAuthorizer: true },
  { path: '/api/admin/{proxy+}', function: 'organiser', jwtAuthorizer: true },
];

/** The function of the `$default` route: every path no route above names. */
export const defaultRouteFunction: HttpFunctionName = 'site';

/** The routes with the JWT authorizer: the admin API. */
export const jwtProtectedRoutePaths = httpRoutes
  .filter((route) => route.jwtAuthorizer)
  .map((route) => route.path);

/** API Gateway's answer when the JWT authorizer refuses a request. */
export const gatewayUnauthorized = { status: 401, body: { message: 'Unauthorized' } } as const;

/**
 * A route path as API Gateway matches it: `{name}` is one whole segment, a trailing
 * `{proxy+}` one or more. Literal segments match exactly.
 */
function routePattern(route: string): RegExp {
  const segments = route.split('/').map((segment) => {
    if (segment === '{proxy+}') return '.+';
    if (/^\{\w+\}$/.test(segment)) return '[^/]+';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}$`);
}

const patterns = new Map<string, RegExp>();

function routeMatches(route: string, path: string): boolean {
  let pattern = patterns.get(route);
  if (!pattern) {
    pattern = routePattern(route);
    patterns.set(route, pattern);
  }
  return pattern.test(path);
}

/** The route API Gateway picks for a request path; undefined for the `$default` route. */
export function routeFor(path: string): HttpRoute | undefined {
  return httpRoutes.find((route) => routeMatches(route.path, path));
}

/** Whether a request path falls on a route with the JWT authorizer. */
export function isJwtProtectedPath(path: string): boolean {
  return routeFor(path)?.jwtAuthorizer ?? false;
}

/** The function that serves a request path. */
export function httpFunctionFor(path: string): HttpFunctionName {
  return routeFor(path)?.function ?? defaultRouteFunction;
}
