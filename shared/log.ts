import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured logs. Personal data (IIN, phone, names, message text) must never reach them: the
 * redaction list is a safety net for field names, not a licence to log objects wholesale.
 */
export function createLogger(level: string, name = 'emhana'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'iin',
        '*.iin',
        'phone',
        '*.phone',
        'password',
        '*.password',
        'text',
        '*.text',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything: for CLI helpers and tests that only care about behaviour. */
export const silentLogger: Logger = pino({ level: 'silent' });
