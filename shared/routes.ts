/**
 * The routes of the HTTP API and their protection, read by the CDK API construct
 * (infra/constructs/api.ts) and by the local runtime (infra/local/authorizer.ts), so that
 * locally a request is refused exactly where API Gateway refuses it.
 *
 * These paths carry the Cognito JWT authorizer: API Gateway answers 401 before the function runs
 * when the Authorization header is missing (or its token is not valid). Everything else goes
 * through the `$default` route with no authorizer: the public part and the organiser pages and
 * downloads under /admin, which a browser loads with the session cookie only, so the app guards
 * them itself (shared/web/auth/). The prefix is protected both as itself and with everything
 * below it: `{proxy+}` does not match the bare prefix, which would otherwise fall through to the
 * public default route.
 */
export const jwtProtectedRoutePaths = ['/api/admin', '/api/admin/{proxy+}'] as const;

/** API Gateway's answer when the JWT authorizer refuses a request. */
export const gatewayUnauthorized = { status: 401, body: { message: 'Unauthorized' } } as const;

const greedySuffix = '/{proxy+}';

/** Whether a request path falls on a route with the JWT authorizer. */
export function isJwtProtectedPath(path: string): boolean {
  return jwtProtectedRoutePaths.some((route) =>
    route.endsWith(greedySuffix)
      ? path.startsWith(`${route.slice(0, -greedySuffix.length)}/`)
      : path === route,
  );
}
