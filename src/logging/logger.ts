// The product's structured logger: one JSON object per line (pino), level from LOG_LEVEL, secrets
// censored three ways (pino redact paths, secret-named keys at any depth, known secret values).
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { REDACTED, REDACT_PATHS, redactSecretKeys, secretScrubber } from './redaction.js';

export type { Logger } from 'pino';

/** Where log lines go: anything with `write(line)`; stdout by default. */
export type LogDestination = DestinationStream;

/** The configuration the logger reads: its level and the secret values it must never print. */
export type LoggerConfig = Pick<Config, 'LOG_LEVEL'> & Partial<Pick<Config, 'NEO4J_PASSWORD' | 'OPENAI_API_KEY'>>;

/** Builds the logger; tests pass a destination to capture lines, production writes to stdout. */
export function createLogger(config: LoggerConfig, destination?: LogDestination): Logger {
  const sink = destination ?? pino.destination({ dest: 1, sync: true });
  const scrub = secretScrubber([config.NEO4J_PASSWORD, config.OPENAI_API_KEY]);
  const scrubbed: DestinationStream = { write: (line: string) => sink.write(scrub(line)) };
  return pino(
    {
      name: 'park-kg',
      level: config.LOG_LEVEL,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        // Level names ("info") rather than numbers, for log shippers and humans alike.
        level: (label) => ({ level: label }),
        log: (object) => redactSecretKeys(object),
      },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    scrubbed,
  );
}
