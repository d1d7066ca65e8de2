// Bridges the HTTP layer's HttpLogEntry (kept free of any logging library) to pino.
import type { HttpLogEntry, HttpLogger } from '../http/http-types.js';
import type { Logger } from './logger.js';

/** A one-line human summary; the structured fields carry the detail. */
function messageOf(entry: HttpLogEntry): string {
  if (entry.event === 'request') return `${entry.method ?? '?'} ${entry.path ?? '?'} ${entry.status ?? '?'}`;
  return entry.code ? `${entry.event} ${entry.code}` : entry.event;
}

/** The HttpLogger createApp expects, writing each entry (request id included) as one pino line. */
export function httpLogger(logger: Logger): HttpLogger {
  const http = logger.child({ component: 'http' });
  return (entry) => {
    const { level, ...fields } = entry;
    http[level](fields, messageOf(entry));
  };
}
