// Secrets never reach a log line: secret-named fields at any depth, header-style keys, and the
// configured secret values wherever they appear (messages, error stacks).
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { isSecretKey, redactSecretKeys, REDACTED, secretScrubber } from '../../src/logging/redaction.js';
import { captureLogs } from './capture.js';

const NEO4J_PASSWORD = 'neo4j-pw-Xy7!q"z';
const OPENAI_API_KEY = 'sk-test-4f9c2a7e1b';

function logger(level: 'info' | 'debug' = 'info') {
  const logs = captureLogs();
  return { logs, log: createLogger({ LOG_LEVEL: level, NEO4J_PASSWORD, OPENAI_API_KEY }, logs) };
}

describe('createLogger redaction', () => {
  it('censors password and api key fields at the top level, one level down and deeper', () => {
    const { logs, log } = logger();
    log.info(
      {
        password: 'top-secret-1',
        apiKey: 'top-secret-2',
        OPENAI_API_KEY: 'top-secret-3',
        headers: { authorization: 'Bearer top-secret-4', cookie: 'sid=top-secret-5', 'x-api-key': 'top-secret-6' },
        config: { NEO4J_PASSWORD: 'top-secret-7', nested: { deeper: { api_key: 'top-secret-8', Password: 'top-secret-9' } } },
        list: [{ accessToken: 'top-secret-10' }],
        event: 'configured',
        requestId: 'req-1',
        usage: { prompt_tokens: 12 },
      },
      'configured',
    );
    const text = logs.text();
    for (let index = 1; index <= 10; index += 1) expect(text).not.toContain(`top-secret-${index}`);
    const [entry] = logs.entries();
    expect(entry).toMatchObject({
      password: REDACTED,
      apiKey: REDACTED,
      headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED },
      config: { NEO4J_PASSWORD: REDACTED, nested: { deeper: { api_key: REDACTED, Password: REDACTED } } },
      list: [{ accessToken: REDACTED }],
      // Ordinary fields stay readable.
      event: 'configured',
      requestId: 'req-1',
      usage: { prompt_tokens: 12 },
      level: 'info',
      name: 'park-kg',
    });
  });

  it('censors the configured secret values inside messages and error stacks', () => {
    const { logs, log } = logger();
    const error = new Error(`connect failed for bolt://neo4j:${NEO4J_PASSWORD}@db:7687`);
    log.error({ err: error, note: `key ${OPENAI_API_KEY} rejected` }, `login with ${NEO4J_PASSWORD} failed`);
    const text = logs.text();
    expect(text).not.toContain(NEO4J_PASSWORD);
    expect(text).not.toContain(JSON.stringify(NEO4J_PASSWORD).slice(1, -1));
    expect(text).not.toContain(OPENAI_API_KEY);
    const [entry] = logs.entries();
    expect(entry?.msg).toBe(`login with ${REDACTED} failed`);
    expect((entry?.err as { message: string }).message).toContain(REDACTED);
  });

  it('does not mutate the objects it logs', () => {
    const { log } = logger();
    const fields = { password: 'keep-me', nested: { apiKey: 'keep-me-too' } };
    log.info(fields, 'x');
    expect(fields).toEqual({ password: 'keep-me', nested: { apiKey: 'keep-me-too' } });
  });

  it('honours LOG_LEVEL', () => {
    const quiet = logger('info');
    quiet.log.debug({ event: 'noise' }, 'debug line');
    expect(quiet.logs.text()).toBe('');
    const verbose = logger('debug');
    verbose.log.debug({ event: 'noise' }, 'debug line');
    expect(verbose.logs.entries()[0]).toMatchObject({ level: 'debug', event: 'noise' });
  });
});

describe('redaction helpers', () => {
  it('knows secret key names but leaves usage counts alone', () => {
    for (const key of ['password', 'NEO4J_PASSWORD', 'apiKey', 'x-api-key', 'Authorization', 'set-cookie', 'token', 'refreshToken', 'clientSecret', 'NEO4J_AUTH']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['prompt_tokens', 'maxTokens', 'requestId', 'path', 'status', 'detail', 'event', 'url']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it('survives cycles and keeps class instances as they are', () => {
    const cyclic: Record<string, unknown> = { password: 'p' };
    cyclic.self = cyclic;
    const error = new Error('kept');
    const copy = redactSecretKeys({ cyclic, error });
    expect((copy.cyclic as Record<string, unknown>).password).toBe(REDACTED);
    expect(copy.error).toBe(error);
  });

  it('ignores secrets too short to be real, so ordinary words survive', () => {
    const scrub = secretScrubber(['abc', undefined, 'long-secret-value']);
    expect(scrub('abc long-secret-value')).toBe(`abc ${REDACTED}`);
  });
});
