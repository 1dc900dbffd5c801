import { inspect } from 'node:util';
import { personSurnames } from './hostile-input';

/**
 * Everything this test process writes to its logs: console.* and direct writes to stdout and
 * stderr (what Lambda ships to CloudWatch). Lines are kept and still written, so a failing run
 * shows them as usual.
 */
export interface LogCapture {
  lines: string[];
  stop: () => void;
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const undo: (() => void)[] = [];
  for (const method of consoleMethods) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
      original.apply(console, args);
    };
    undo.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    undo.push(() => {
      stream.write = original;
    });
  }
  return {
    lines,
    stop: () => {
      for (const restore of undo.reverse()) restore();
    },
  };
}

const emailAddress = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * Personal data in log lines: email addresses, and the surnames the suites register people
 * under (every name the suites send contains one of them). `extraNames` adds others.
 */
export function personalDataIn(lines: readonly string[], extraNames: readonly string[] = []) {
  const found: string[] = [];
  const names = [...personSurnames, ...extraNames];
  for (const line of lines) {
    for (const match of line.matchAll(emailAddress)) found.push(`address ${match[0]} in: ${line}`);
    for (const name of names) {
      if (line.includes(name)) found.push(`name ${name} in: ${line}`);
    }
  }
  return found;
}
