import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../support/test-stack';

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

/** Local addresses of the sockets listening on `port`, from the kernel's tables (Linux). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const listening = '0A';
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    for (const row of rows) {
      const [, local, , state] = row.trim().split(/\s+/);
      const [address, rowPort] = (local ?? '').split(':');
      if (rowPort === hexPort && state === listening) found.push(address ?? '');
    }
  }
  return found;
}

/** 127.0.0.1 as /proc/net/tcp writes it, and as tcp6 writes ::ffff:127.0.0.1. */
const loopbackForms = new Set(['0100007F', '0000000000000000FFFF00000100007F']);

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('DynamoDB Local', () => {
  it('listens on 127.0.0.1 only, not on every interface', async () => {
    const port = Number(new URL(env.config.AWS_ENDPOINT_URL_DYNAMODB ?? '').port);
    const addresses = listeningAddresses(port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(loopbackForms, address).toContain(address);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    // From this machine's other addresses, where there are any, nothing answers.
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a?.address as string);
    for (const address of external) {
      expect(await canConnect(address, port), address).toBe(false);
    }
  });
});
