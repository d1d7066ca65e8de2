// Static checks on the Dockerfile (no Docker engine here): the hadolint-style rules we rely on,
// and that the runtime image holds every file the app reads at run time.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
const lines = dockerfile.split('\n');
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

describe('Dockerfile', () => {
  it('uses one pinned Node base image for every stage', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(base).toMatch(/^node:20\.\d+\.\d+-(bookworm-)?slim$/);
    const froms = lines.filter((line) => line.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(3);
    for (const from of froms) expect(from).toMatch(/^FROM \$\{NODE_IMAGE\} AS [a-z-]+$/);
  });

  it('runs production code as the node user, on port 3000, with the serve command', () => {
    expect(runtimeStage).toMatch(/^ENV NODE_ENV=production/m);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toMatch(/^EXPOSE 3000$/m);
    expect(runtimeStage).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(lines.filter((line) => line.startsWith('CMD '))).toEqual(['CMD ["node","bin/park-kg.js","serve"]']);
  });

  it('installs production dependencies without lifecycle scripts, then builds only hnswlib-node', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(dockerfile).toMatch(/npm rebuild hnswlib-node/);
    const allowed = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> }).allowScripts);
    expect(allowed).toContain('hnswlib-node');
  });

  it('copies every run-time file the compiled code reads', () => {
    for (const source of ['bin', 'graph/schema.cypher', 'graph/queries', 'prompts', 'seeds', 'package.json']) {
      expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(runtimeStage, source).toMatch(new RegExp(`^COPY ${source.replace('.', '\\.')}[ /]`, 'm'));
    }
    expect(runtimeStage).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtimeStage).toMatch(/^COPY --from=build \/app\/web\/dist \.\/web\/dist$/m);
    expect(runtimeStage).toMatch(/^COPY --from=prod-deps \/app\/node_modules \.\/node_modules$/m);
  });

  it('bakes in no secret and keeps .env out of the build context', () => {
    for (const line of lines.filter((text) => /^(ENV|ARG)\b/.test(text) || /^\s+\w+=/.test(text))) {
      expect(line).not.toMatch(/PASSWORD|API_KEY|SECRET|TOKEN/i);
    }
    expect(dockerignore).toContain('.env');
    expect(dockerignore).toContain('node_modules');
    expect(dockerignore).toContain('data');
  });
});
