// .env.example documents every configuration key (and nothing else), with its default and an
// empty value for secrets; docker-compose.yml passes scripts/validate-compose.sh.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Keys of the zod schema in config.ts (not exported, so read from its source). */
function schemaKeys(): string[] {
  const source = read('src/config/config.ts');
  const body = /const schema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source)?.[1];
  if (!body) throw new Error('could not find `const schema = z.object({ … });` in src/config/config.ts');
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

interface ExampleEntry {
  key: string;
  value: string;
  comment: string;
}

/** `KEY=value` lines of .env.example with the comment line right above each. */
function exampleEntries(): ExampleEntry[] {
  const lines = read('.env.example').split('\n');
  const entries: ExampleEntry[] = [];
  lines.forEach((line, index) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) entries.push({ key: match[1]!, value: match[2]!, comment: lines[index - 1] ?? '' });
  });
  return entries;
}

const SECRETS = ['NEO4J_PASSWORD', 'OPENAI_API_KEY'];

describe('.env.example', () => {
  const keys = schemaKeys();
  const entries = exampleEntries();

  it('reads the schema keys from config.ts (every defaulted key of loadConfig among them)', () => {
    expect(keys.length).toBeGreaterThan(10);
    const defaulted = Object.keys(loadConfig({}, ROOT)).filter((key) => /^[A-Z]/.test(key));
    expect(keys).toEqual(expect.arrayContaining(defaulted));
  });

  it('lists every configuration key exactly once, and no other key', () => {
    const listed = entries.map((entry) => entry.key);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...keys].sort());
  });

  it('puts one comment line above each key', () => {
    for (const entry of entries) expect(entry.comment, entry.key).toMatch(/^# \S/);
  });

  it('leaves secrets empty and shows every other default as the value', () => {
    const defaults = loadConfig({}, ROOT) as unknown as Record<string, unknown>;
    for (const { key, value, comment } of entries) {
      if (SECRETS.includes(key)) {
        expect(value, key).toBe('');
        expect(comment, key).toMatch(/Secret/);
        continue;
      }
      const fallback = defaults[key];
      expect(value, key).toBe(fallback === undefined ? '' : String(fallback));
      if (fallback !== undefined) expect(comment, key).toContain(`default: ${String(fallback)}`);
    }
  });

  it('is a valid configuration as written', () => {
    const env = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
    expect(() => loadConfig(env, ROOT)).not.toThrow();
  });
});

const composeInstalled = spawnSync('sh', ['-c', 'command -v docker-compose || docker compose version'], { stdio: 'ignore' }).status === 0;
const required = Boolean(process.env.CI);
if (!composeInstalled && !required) {
  console.warn('docker-compose.yml validation skipped: docker-compose is not installed (apt-get install docker-compose). Set CI=1 to make this a failure.');
}

describe('docker-compose.yml', () => {
  it.skipIf(!composeInstalled && !required)('passes scripts/validate-compose.sh', () => {
    expect(composeInstalled, 'docker-compose is required when CI is set').toBe(true);
    const result = spawnSync('bash', [path.join(ROOT, 'scripts/validate-compose.sh')], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/is valid/);
  });

  it('binds every published port to 127.0.0.1 and waits for a healthy Neo4j', () => {
    const text = read('docker-compose.yml');
    const published = [...text.matchAll(/^\s+- "([^"]+:\d+)"$/gm)].map((match) => match[1]!);
    expect(published.length).toBeGreaterThanOrEqual(3);
    for (const mapping of published) expect(mapping).toMatch(/^127\.0\.0\.1:/);
    expect(text).toMatch(/condition: service_healthy/);
    expect(text).toMatch(/NEO4J_dbms_security_allow__csv__import__from__file__urls: "false"/);
    expect(text).not.toMatch(/^name:/m);
    expect(text).not.toMatch(/:\/import/);
  });
});
