/**
 * The functions log one JSON line per email, batch or job run. During a measurement those lines
 * are counted by their `msg` (or `job`) instead of printed; warnings and errors still print.
 */
export interface FunctionLogs {
  readonly counts: Map<string, number>;
  restore(): void;
}

export function captureFunctionLogs(): FunctionLogs {
  const counts = new Map<string, number>();
  const original = console.log;
  console.log = (...args: unknown[]) => {
    const [line] = args;
    if (args.length === 1 && typeof line === 'string' && line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; job?: string };
        const name = entry.msg ?? (entry.job ? `job.${entry.job}` : undefined);
        if (entry.level && name) {
          counts.set(name, (counts.get(name) ?? 0) + 1);
          if (entry.level === 'info') return;
        }
      } catch {
        // Not a log entry of a function: print it as it is.
      }
    }
    original(...args);
  };
  return {
    counts,
    restore() {
      console.log = original;
    },
  };
}
