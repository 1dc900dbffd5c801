import { createServer } from 'node:net';

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}

/** Fails with a message a person can act on when something else already listens on the port. */
export async function assertPortFree(port: number, what: string, envVar: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(
        new PortTakenError(
          `Port ${port} (${what}) is already in use. Stop the program that uses it, or choose another port with ${envVar}=<port>.`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** A port the operating system reports free right now (for tests and benchmarks). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
