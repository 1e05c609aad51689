import { type DestinationStream, type Logger, pino } from 'pino';
import { redactSecrets } from './redact.ts';

export type { Logger };

export interface LoggerOptions {
  name?: string;
  /** Secrets from configuration blanked wherever they appear (the bot token, a webhook path's secret). */
  secrets?: readonly string[];
  /** Where lines go (stdout by default): a test reads them. */
  destination?: DestinationStream;
}

/**
 * Structured logs. Personal data (IIN, phone, names, message text) must never reach them: the
 * redaction list is a safety net for field names, not a licence to log objects wholesale.
 * Tokens travel in addresses (signed links, tap links, the Bot API's path) and come back in error
 * messages, so every finished line passes through redactSecrets, whichever field carries them.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const { name = 'emhana', secrets = [], destination } = options;
  const settings = {
    name,
    level,
    hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) },
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
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/** A logger that drops everything: for CLI helpers and tests that only care about behaviour. */
export const silentLogger: Logger = pino({ level: 'silent' });
