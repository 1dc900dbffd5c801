import { createServer, request, type Server } from 'node:http';

/**
 * A proxy in front of the SES emulator, which never throttles, that enforces an account's
 * maximum send rate the way SES does: a token bucket holding one second's worth of sends,
 * refilled at the rate; a SendEmail beyond it is refused with 429 TooManyRequestsException
 * ("Maximum sending rate exceeded."), the SES v2 throttling error the SDK and the mailer
 * recognise. Every other request passes untouched.
 */
export interface SesThrottle {
  url: string;
  ratePerSecond: number;
  /** Epoch ms of every SendEmail the emulator accepted. */
  readonly accepted: number[];
  /** Epoch ms of every SendEmail refused for the rate. */
  readonly throttled: number[];
  stop(): Promise<void>;
}

export async function startSesThrottle(
  upstream: string,
  ratePerSecond: number,
): Promise<SesThrottle> {
  const target = new URL(upstream);
  const accepted: number[] = [];
  const throttled: number[] = [];
  let tokens = ratePerSecond;
  let refilledAt = performance.now();

  function take(): boolean {
    const now = performance.now();
    tokens = Math.min(ratePerSecond, tokens + ((now - refilledAt) / 1000) * ratePerSecond);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  const server: Server = createServer((incoming, outgoing) => {
    const isSend = incoming.method === 'POST' && incoming.url === '/v2/email/outbound-emails';
    if (isSend && !take()) {
      throttled.push(Date.now());
      incoming.resume();
      outgoing.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException',
      });
      outgoing.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
      return;
    }
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (response) => {
        if (isSend && response.statusCode === 200) accepted.push(Date.now());
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => {
      outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ratePerSecond,
    accepted,
    throttled,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
