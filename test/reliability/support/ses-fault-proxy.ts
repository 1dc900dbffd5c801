import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressOf } from './mail-store';

/**
 * An HTTP proxy in front of the SES emulator that makes SendEmail fail on purpose. A failed
 * request is answered with a 5xx before anything is forwarded, so that email really was not
 * sent. Every other request passes through untouched.
 */

export interface FaultPlan {
  /** Share of SendEmail requests that fail, decided per recipient and attempt from the seed. */
  failureRate?: number;
  seed?: string;
  /** Recipients whose first this-many requests all fail (then the plan above applies). */
  failFirst?: (recipient: string) => number;
  /** Recipients for whom every request fails: poison. */
  alwaysFail?: (recipient: string) => boolean;
  /**
   * Held this long before forwarding, so that sends are in flight for a while; a request whose
   * sender disconnects meanwhile is dropped, never forwarded.
   */
  delayMs?: number;
}

export interface RecipientStats {
  requests: number;
  failed: number;
  /** Forwarded and accepted by the emulator (2xx). */
  sent: number;
}

export interface SesFaultProxy {
  url: string;
  plan: FaultPlan;
  /** Per recipient address (lower-case). */
  stats: Map<string, RecipientStats>;
  totals(): { requests: number; failed: number; sent: number };
  /** SendEmail requests received and not yet answered. */
  inFlight(): number;
  close(): Promise<void>;
}

const sendEmailPath = '/v2/email/outbound-emails';

/** A uniform number in [0, 1) from the seed, the recipient and the attempt: same plan, same faults. */
function draw(seed: string, recipient: string, attempt: number): number {
  const digest = createHash('sha256').update(`${seed}|${recipient}|${attempt}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function recipientOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      Destination?: { ToAddresses?: string[] };
    };
    // The mailer names the recipient (`"Name" <address>`, the name in encoded words).
    return addressOf(parsed.Destination?.ToAddresses?.[0] ?? '');
  } catch {
    return '';
  }
}

function fail(res: ServerResponse): void {
  res.writeHead(500, {
    'content-type': 'application/json',
    'x-amzn-errortype': 'InternalFailure',
  });
  res.end(JSON.stringify({ message: 'Injected failure: the email was not sent.' }));
}

export async function startSesFaultProxy(target: string, plan: FaultPlan): Promise<SesFaultProxy> {
  const targetUrl = new URL(target);
  const stats = new Map<string, RecipientStats>();
  const statsOf = (recipient: string) => {
    let entry = stats.get(recipient);
    if (!entry) {
      entry = { requests: 0, failed: 0, sent: 0 };
      stats.set(recipient, entry);
    }
    return entry;
  };

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    onStatus?: (status: number) => void,
  ) {
    const upstream = request(
      {
        hostname: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: targetUrl.host },
      },
      (answer) => {
        onStatus?.(answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  }

  let inFlight = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.method !== 'POST' || !req.url?.startsWith(sendEmailPath)) {
        forward(req, res, body);
        return;
      }
      inFlight += 1;
      res.once('close', () => {
        inFlight -= 1;
      });
      const recipient = recipientOf(body);
      const entry = statsOf(recipient);
      entry.requests += 1;
      const attempt = entry.requests;
      const injected =
        plan.alwaysFail?.(recipient) === true ||
        attempt <= (plan.failFirst?.(recipient) ?? 0) ||
        draw(plan.seed ?? 'seed', recipient, attempt) < (plan.failureRate ?? 0);
      if (plan.delayMs) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise((resolve) => {
            timer = setTimeout(resolve, plan.delayMs);
          }),
          new Promise((resolve) => res.once('close', resolve)),
        ]);
        clearTimeout(timer);
      }
      // The sender went away while the request was held: SES never got it.
      if (res.destroyed) return;
      if (injected) {
        entry.failed += 1;
        fail(res);
        return;
      }
      forward(req, res, body, (status) => {
        if (status >= 200 && status < 300) entry.sent += 1;
      });
    })();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    plan,
    stats,
    totals() {
      let requests = 0;
      let failed = 0;
      let sent = 0;
      for (const entry of stats.values()) {
        requests += entry.requests;
        failed += entry.failed;
        sent += entry.sent;
      }
      return { requests, failed, sent };
    },
    inFlight: () => inFlight,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
