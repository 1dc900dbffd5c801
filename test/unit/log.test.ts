import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../shared/log';

describe('logger', () => {
  it('writes one JSON line per entry with level, message and the fields', () => {
    const lines: [LogLevel, string][] = [];
    const log = createLogger((level, line) => lines.push([level, line]));
    log.info('mail.sent', { kind: 'confirmation', eventId: 'e1' });
    log.error('mail.failed', { error: 'Throttling', status: 400 });
    expect(lines.map(([level]) => level)).toEqual(['info', 'error']);
    expect(JSON.parse(lines[0]?.[1] ?? '')).toEqual({
      level: 'info',
      message: 'mail.sent',
      kind: 'confirmation',
      eventId: 'e1',
    });
    expect(lines[1]?.[1]).not.toContain('\n');
  });

  it('keeps its own level and message when a field has the same name', () => {
    const lines: string[] = [];
    const log = createLogger((_, line) => lines.push(line));
    log.warn('limit.reached', { level: 'debug', message: 'spoofed' });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'warn', message: 'limit.reached' });
  });
});
