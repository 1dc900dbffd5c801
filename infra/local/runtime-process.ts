import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { JobName } from '../../shared/resources';
import { type Runtime, type RuntimeOptions, startRuntime } from './runtime';
import { projectRoot } from './settings';

/**
 * The local runtime (HTTP, queue pollers, schedules) in a process of its own, apart from the
 * emulators. fauxqs keeps queued messages in the memory of the process that runs it, so with the
 * runtime outside it, killing the runtime (even with SIGKILL) loses nothing that was queued:
 * messages it had received come back after their visibility timeout, as in Lambda.
 *
 * Protocol: the options travel as JSON in one environment variable; the child answers on the IPC
 * channel with `{ type: 'ready', url }`, writes its log lines to stdout, stops cleanly on SIGTERM,
 * and stops when its parent goes away (the IPC channel closes), so it is never orphaned. A
 * `{ type: 'run-job', name, at }` message runs a scheduled job inside the runtime as its schedule
 * would, as of `at`; the child answers `{ type: 'job-done', name, summary }` or `{ type:
 * 'job-failed', name, error }`.
 */

export type RuntimeProcessOptions = Omit<RuntimeOptions, 'log'>;

export const runtimeOptionsVariable = 'CHYTRA_RUNTIME_OPTIONS';

const entry = join(projectRoot, 'infra/local/runtime-process.ts');

export interface ReadyMessage {
  type: 'ready';
  url: string;
}

export interface RunJobMessage {
  type: 'run-job';
  name: JobName;
  /** ISO 8601 instant the job runs as of. */
  at: string;
}

export type JobResultMessage =
  | { type: 'job-done'; name: JobName; summary: unknown }
  | { type: 'job-failed'; name: JobName; error: string };

function isRunJobMessage(message: unknown): message is RunJobMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'run-job' &&
    typeof (message as { name?: unknown }).name === 'string' &&
    typeof (message as { at?: unknown }).at === 'string'
  );
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
  io: { stdout?: 'inherit' | 'ignore' } = {},
): RuntimeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: {
      ...process.env,
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

export interface SupervisedRuntime {
  url: string;
  /** The process serving now (a new one after each restart). */
  pid(): number | undefined;
  /** Stops the runtime for good: SIGTERM, then SIGKILL if it has not exited after a while. */
  stop(): Promise<void>;
}

/** How long a clean stop may take before the runtime process is killed. */
const stopGraceMs = 10_000;

/**
 * Runs the runtime in a child process and starts it again whenever it dies (a crash, an
 * out-of-memory kill, `kill -9`). Messages it had received come back after their visibility
 * timeout, so nothing is lost, only delayed. Restarts of a runtime that keeps dying back off
 * up to half a minute.
 */
export async function superviseRuntimeProcess(
  options: RuntimeProcessOptions,
  log: (line: string) => void = (line) => console.log(line),
  io: { stdout?: 'inherit' | 'ignore' } = {},
): Promise<SupervisedRuntime> {
  const spawnOne = () => spawnRuntimeProcess(options, io);
  let current = spawnOne();
  const url = await current.ready;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const recentExits: number[] = [];

  const watch = (running: RuntimeProcess) => {
    void running.exited.then(({ code, signal }) => {
      if (stopping) return;
      const now = Date.now();
      recentExits.push(now);
      while ((recentExits[0] ?? now) < now - 60_000) recentExits.shift();
      const delayMs = Math.min(30_000, 500 * 2 ** (recentExits.length - 1));
      log(
        `The runtime process (pid ${running.child.pid}) exited (${signal ?? `code ${code}`}); starting it again in ${(delayMs / 1000).toFixed(1)} s. Messages it was handling come back after their visibility timeout.`,
      );
      restartTimer = setTimeout(() => {
        restartTimer = undefined;
        if (stopping) return;
        current = spawnOne();
        watch(current);
        current.ready.then(
          () => log(`The runtime is running again (pid ${current.child.pid}).`),
          () => undefined,
        );
      }, delayMs);
    });
  };
  watch(current);

  return {
    url,
    pid: () => current.child.pid,
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const running = current;
      if (running.child.exitCode !== null || running.child.signalCode !== null) return;
      running.child.kill('SIGTERM');
      const timer = setTimeout(() => running.child.kill('SIGKILL'), stopGraceMs);
      await running.exited;
      clearTimeout(timer);
    },
  };
}

async function main(): Promise<void> {
  const raw = process.env[runtimeOptionsVariable];
  if (!raw) throw new Error(`${runtimeOptionsVariable} is not set`);
  const options = JSON.parse(raw) as RuntimeProcessOptions;
  let runtime: Runtime | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // Ctrl+C reaches the whole process group; a supervised runtime waits for its parent's SIGTERM,
  // so that the parent never mistakes the stop for a crash.
  process.on('SIGINT', () => {
    if (!process.connected) void stop();
  });
  process.on('disconnect', () => void stop());
  runtime = await startRuntime({ ...options, log: (line) => console.log(line) });
  const started = runtime;
  process.on('message', (message) => {
    if (!isRunJobMessage(message)) return;
    started.runJob(message.name, new Date(message.at)).then(
      (summary) =>
        process.send?.({
          type: 'job-done',
          name: message.name,
          summary,
        } satisfies JobResultMessage),
      (error: unknown) =>
        process.send?.({
          type: 'job-failed',
          name: message.name,
          error: error instanceof Error ? error.message : String(error),
        } satisfies JobResultMessage),
    );
  });
  process.send?.({ type: 'ready', url: runtime.url } satisfies ReadyMessage);
}

if (process.argv[1] === entry) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
