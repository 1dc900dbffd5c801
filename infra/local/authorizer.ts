import { gatewayUnauthorized, isJwtProtectedPath } from '../../shared/routes';

type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/**
 * The HTTP API's JWT authorizer, as far as it can be emulated without Cognito: on the routes
 * shared/routes.ts protects, a request without an Authorization header gets API Gateway's 401
 * before the function runs. A request with one goes on to the app, which checks the local
 * organiser token itself (in AWS, API Gateway verifies the Cognito token).
 */
export function withJwtAuthorizer<F extends Fetch>(fetch: F): F {
  return ((request: Request, ...rest: never[]) => {
    const path = new URL(request.url).pathname;
    if (isJwtProtectedPath(path) && !request.headers.get('authorization')) {
      return new Response(JSON.stringify(gatewayUnauthorized.body), {
        status: gatewayUnauthorized.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    return fetch(request, ...rest);
  }) as F;
}
