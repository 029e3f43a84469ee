// Structured logs (pino), one JSON line per event on stderr so that stdout
// stays free for command output (kiosque crawl's summary, sources export);
// plain lines for a person at a terminal (LOG_FORMAT, terminal-log.ts).
import pino from 'pino';
import { TerminalLog } from './terminal-log.ts';

export type Logger = pino.Logger;

/**
 * `format` 'text': plain lines for a person at a terminal, feed failures
 * summed up (terminal-log.ts); 'json' (the default): one JSON line each.
 */
export function createLogger(level = 'info', format: 'json' | 'text' = 'json'): Logger {
  if (format === 'text') {
    const terminal = new TerminalLog();
    // What is still gathered is said before the process ends.
    process.once('exit', () => terminal.flush());
    return pino({ level, base: { pid: process.pid } }, terminal);
  }
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that says nothing, for tests and for commands that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
