import type { Context } from 'hono';

interface PlatformBindings {
  /** hono/aws-lambda: API Gateway HTTP API's request context (payload format 2.0). */
  requestContext?: { http?: { sourceIp?: unknown } };
  /** @hono/node-server: the Node request, whose socket is the client's connection. */
  incoming?: { socket?: { remoteAddress?: unknown } };
}

/**
 * The client's address as the platform saw the connection: API Gateway's sourceIp in AWS, the
 * socket's remote address in the local runtime. Never a request header such as X-Forwarded-For,
 * which the client writes itself. Undefined for a request made in-process (tests).
 */
export function clientAddress(c: Context): string | undefined {
  const bindings = (c.env ?? {}) as PlatformBindings;
  const candidate =
    bindings.requestContext?.http?.sourceIp ?? bindings.incoming?.socket?.remoteAddress;
  return typeof candidate === 'string' && candidate.length > 0 ? candidate : undefined;
}
