// A pino destination that keeps every line, for asserting on what the logger really writes.
import type { LogDestination } from '../../src/logging/logger.js';

export interface CapturedLogs extends LogDestination {
  text(): string;
  entries(): Array<Record<string, unknown>>;
}

/** Collects raw lines; `entries()` parses each as JSON (a line that is not JSON fails the test). */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  return {
    write: (line: string) => {
      lines.push(line);
    },
    text: () => lines.join(''),
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
