import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type RuntimeOptions, startRuntime } from './runtime';
import { projectRoot } from './settings';

/**
 * The local runtime (HTTP, queue pollers, schedules) in a process of its own, apart from the
 * emulators. fauxqs keeps queued messages in the memory of the process that runs it, so with the
 * runtime outside it, killing the runtime (even with SIGKILL) loses nothing that was queued:
 * messages it had received come back after their visibility timeout, as in Lambda.
 *
 * Protocol: the options travel as JSON in one environment variable; the child answers on the IPC
 * channel with `{ type: 'ready', url }`, writes its log lines to stdout, stops cleanly on SIGTERM
 * or SIGINT, and stops when its parent goes away (the IPC channel closes), so it is never orphaned.
 */

export type RuntimeProcessOptions = Omit<RuntimeOptions, 'log'>;

export const runtimeOptionsVariable = 'CHYTRA_RUNTIME_OPTIONS';

const entry = join(projectRoot, 'infra/local/runtime-process.ts');

export interface ReadyMessage {
  type: 'ready';
  url: string;
}

function isReadyMessage(message: unknown): message is ReadyMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'ready' &&
    typeof (message as { url?: unknown }).url === 'string'
  );
}

export interface RuntimeProcess {
  child: ChildProcess;
  /** Resolves with the application URL once the runtime serves; rejects if the child exits first. */
  ready: Promise<string>;
  /** Resolves when the child has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the runtime in a child process: node with tsx, like every other local command. */
export function spawnRuntimeProcess(
  options: RuntimeProcessOptions,
  io: { stdout?: 'inherit' | 'pipe' | 'ignore'; env?: Record<string, string> } = {},
): RuntimeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...io.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [runtimeOptionsVariable]: JSON.stringify(options),
    },
    stdio: ['ignore', io.stdout ?? 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (message) => {
      if (isReadyMessage(message)) resolve(message.url);
    });
    child.once('error', reject);
    void exited.then(({ code, signal }) =>
      reject(new Error(`The runtime process exited before it was ready (${signal ?? code}).`)),
    );
  });
  // The caller may never wait for readiness (a supervisor that only watches exits).
  ready.catch(() => undefined);
  return { child, ready, exited };
}

async function main(): Promise<void> {
  const raw = process.env[runtimeOptionsVariable];
  if (!raw) throw new Error(`${runtimeOptionsVariable} is not set`);
  const options = JSON.parse(raw) as RuntimeProcessOptions;
  const runtime = await startRuntime({ ...options, log: (line) => console.log(line) });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  process.send?.({ type: 'ready', url: runtime.url } satisfies ReadyMessage);
}

if (process.argv[1] === entry) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
