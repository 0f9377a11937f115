import pino, { type Logger } from 'pino';

/** The process logger: JSON lines on stdout (pino), one child per role. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'faultline' } });
}
