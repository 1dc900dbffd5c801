import {
  gatewayUnauthorized,
  type HttpFunctionName,
  httpFunctionFor,
  isJwtProtectedPath,
} from '../../shared/routes';

/**
 * An app's fetch: the request and what the server adapter passes along with it (the node
 * server's socket, from which the app takes the client address; in AWS the Lambda event).
 */
type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * The HTTP API on one machine: each request goes to the function whose route matches it
 * (shared/routes.ts), as API Gateway sends it. On the routes with the JWT authorizer a request
 * without an Authorization header gets API Gateway's 401 before any function runs; a request
 * with one goes on to the app, which checks the local organiser token itself (in AWS, API
 * Gateway verifies the Cognito token).
 */
export function httpGateway(
  functions: Record<HttpFunctionName, Fetch>,
  options: { jwtAuthorizer: boolean } = { jwtAuthorizer: true },
): Fetch {
  return (request, env) => {
    const path = new URL(request.url).pathname;
    if (
      options.jwtAuthorizer &&
      isJwtProtectedPath(path) &&
      !request.headers.get('authorization')
    ) {
      return new Response(JSON.stringify(gatewayUnauthorized.body), {
        status: gatewayUnauthorized.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    return functions[httpFunctionFor(path)](request, env);
  };
}
