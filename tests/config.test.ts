// Configuration: defaults work with no environment; bad values name the keys, never the secrets.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';

const messageOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to reject');
};

describe('loadConfig', () => {
  it('defaults to the embedded memory store under data/', () => {
    const config = loadConfig({}, '/srv/park-kg');
    expect(config).toMatchObject({ GRAPH_STORE: 'memory', dataDir: '/srv/park-kg/data', PORT: 3000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad key', () => {
    const message = messageOf({ GRAPH_STORE: 'mongo', PORT: '99999', NEO4J_URI: 'http://x' });
    expect(message).toMatch(/^Invalid configuration/);
    for (const key of ['GRAPH_STORE', 'PORT', 'NEO4J_URI']) expect(message).toContain(key);
  });

  it('never prints a secret value', () => {
    const message = messageOf({ NEO4J_PASSWORD: 'hunter2', NEO4J_TIMEOUT_MS: '-5', NEO4J_URI: 'bolt://neo4j:hunter2@' });
    expect(message).toContain('NEO4J_TIMEOUT_MS');
    expect(message).not.toContain('hunter2');
  });
});
