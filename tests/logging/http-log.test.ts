// HTTP log lines through pino: one JSON line per request carrying the request id, and error
// lines that an operator can join to the response the client saw.
import { afterEach, describe, expect, it } from 'vitest';
import { httpLogger } from '../../src/logging/http-log.js';
import { createLogger } from '../../src/logging/logger.js';
import { startHarness, type Harness } from '../http/http-harness.js';
import { captureLogs } from './capture.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start() {
  const logs = captureLogs();
  harness = await startHarness({ logger: httpLogger(createLogger({ LOG_LEVEL: 'info' }, logs)) });
  return { logs, harness };
}

describe('httpLogger', () => {
  it('writes one request line with the request id the response carried', async () => {
    const { logs, harness } = await start();
    const response = await fetch(`${harness.url}/healthz?q=private-question`, { headers: { 'X-Request-Id': 'trace-42' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    await expect.poll(() => logs.entries().length).toBeGreaterThan(0);
    const [line] = logs.entries();
    expect(line).toMatchObject({
      level: 'info',
      name: 'park-kg',
      component: 'http',
      event: 'request',
      requestId: 'trace-42',
      method: 'GET',
      path: '/healthz',
      status: 200,
      msg: 'GET /healthz 200',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.time).toBe('string');
    // The query string (a user's question) is never logged.
    expect(logs.text()).not.toContain('private-question');
  });

  it('gives generated request ids to requests without one, and logs errors with the same id', async () => {
    const { logs, harness } = await start();
    harness.service.failure = new Error('database exploded');
    const response = await fetch(`${harness.url}/api/stats`);
    expect(response.status).toBe(500);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => logs.entries().filter((entry) => entry.event === 'request').length).toBe(1);
    const lines = logs.entries().filter((entry) => entry.requestId === id);
    const error = lines.find((entry) => entry.event === 'error');
    const request = lines.find((entry) => entry.event === 'request');
    expect(error).toMatchObject({ level: 'error', code: 'INTERNAL' });
    expect(String(error?.detail)).toContain('database exploded');
    expect(request).toMatchObject({ level: 'info', status: 500, path: '/api/stats' });
    // The client saw neither the detail nor a stack.
    expect(await response.text()).not.toContain('database exploded');
  });
});
