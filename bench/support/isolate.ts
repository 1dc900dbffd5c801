import { fork } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs `exportName(...args)` of a bench module in a process of its own and resolves with what
 * it returns (JSON-serialisable). Each measurement gets fresh emulators and fresh function
 * modules: the functions read their configuration once per process, as a Lambda container does,
 * so two stacks cannot share one process, and a measurement never inherits another's heap.
 */
export function inChild<T>(moduleUrl: string, exportName: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(
      join(import.meta.dirname, 'child.ts'),
      [moduleUrl, exportName, JSON.stringify(args)],
      {
        // The tsx loader the parent runs under.
        execArgv: process.execArgv,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: 'inherit',
      },
    );
    let settled = false;
    child.on('message', (message: { ok: boolean; result?: T; error?: string }) => {
      settled = true;
      if (message.ok) resolve(message.result as T);
      else reject(new Error(`${exportName} failed in its process:\n${message.error}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`${exportName} exited with code ${code} before answering`));
    });
  });
}
