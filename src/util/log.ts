// Structured logs (pino), one JSON line per event on stderr so that stdout
// stays free for command output (kiosque crawl's summary, sources export).
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that says nothing, for tests and for commands that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
