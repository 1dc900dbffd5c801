/**
 * The one logger of every function: one JSON line per entry, always the keys `level` and
 * `message`, then the caller's fields. CloudWatch Logs Insights reads the fields as they are.
 *
 * Fields carry ids, counts, outcomes and error names, never names, addresses or message texts
 * that could quote them (test/hostile/logs.test.ts looks for them in everything logged).
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogWriter = (level: LogLevel, line: string) => void;

const consoleWriter: LogWriter = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

export function createLogger(write: LogWriter = consoleWriter): Logger {
  const entry = (level: LogLevel) => (message: string, fields?: LogFields) =>
    // The caller's fields come first so that they cannot overwrite the level or the message.
    write(level, JSON.stringify({ ...fields, level, message }));
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}

export const log: Logger = createLogger();
