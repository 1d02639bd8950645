import { type Logger, pino } from 'pino';

/**
 * The relay's structured logger: JSON lines on stdout. Message text and contact details are never
 * logged at info; ids are.
 * @example const logger = createLogger('debug')
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'switchboard' } });
}
