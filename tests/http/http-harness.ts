// Starts createApp + startServer on 127.0.0.1:0 for a test file and offers small request helpers.
import { expect } from 'vitest';
import { createApp, type HttpLogEntry, type HttpOptions } from '../../src/http/create-app.js';
import { startServer, type RunningServer } from '../../src/http/start-server.js';
import { FakeParkKgService } from './fake-service.js';

export interface Harness {
  service: FakeParkKgService;
  logs: HttpLogEntry[];
  url: string;
  running: RunningServer;
  close(): Promise<void>;
}

/** A real listening server around a fresh fake service; logs are captured, not printed. */
export async function startHarness(options: HttpOptions = {}, service = new FakeParkKgService()): Promise<Harness> {
  const logs: HttpLogEntry[] = [];
  const app = createApp(service, { logger: (entry) => logs.push(entry), ...options });
  const running = await startServer(app, { host: '127.0.0.1', port: 0 });
  return { service, logs, url: running.url, running, close: () => running.close() };
}

/** POSTs a JSON value (or raw text/bytes when `raw` is given) to a path. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

// Traces of a stack or of our source tree must never reach a client.
const LEAK = /\bat .+:\d+|\.ts:\d+|node_modules|\/work\/|Error: /;

/** Asserts the error contract: status, exactly `{error:{code,message}}`, no stack or path leaks. */
export async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await response.text();
  expect(text).not.toMatch(LEAK);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

/** One parsed Server-Sent Event. */
export interface ServerEvent {
  event: string;
  data: unknown;
}

/** Splits an SSE body into events, ignoring comment (heartbeat) lines. */
export function parseEvents(text: string): ServerEvent[] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? 'message';
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { event, data: data === '' ? undefined : (JSON.parse(data) as unknown) };
    });
}

/** A promise with its resolve function outside, for pacing fakes from a test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
