// Configuration is parsed once, here, from the environment; nothing else reads process.env.
import path from 'node:path';
import { z } from 'zod';
import { ParkKgError } from '../errors.js';

const SECRET_KEYS = new Set(['NEO4J_PASSWORD', 'OPENAI_API_KEY']);

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const schema = z.object({
  DATA_DIR: z.string().min(1).default('data'),
  SEEDS_DIR: z.string().min(1).default('seeds'),
  GRAPH_STORE: z.enum(['memory', 'neo4j']).default('memory'),
  NEO4J_URI: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'must be a bolt:// or neo4j:// URI').default('bolt://127.0.0.1:7687'),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().min(1).default('parkkg-dev-password'),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_TIMEOUT_MS: z.coerce.number().int().positive().max(600_000).default(15_000),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  // LLM generation (optional): any OpenAI-compatible server (OpenAI, DeepSeek, Qwen, Ollama, vLLM …).
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().max(600_000).default(60_000),
  // Embeddings through the same server (optional; default: the offline hashing embedder).
  EMBEDDINGS_MODEL: z.string().min(1).optional(),
  // Where chunk vectors live: hnswlib-node files under DATA_DIR, or a Neo4j vector index.
  VECTOR_STORE: z.enum(['hnswlib', 'neo4j']).default('hnswlib'),
  // Default extractor for ingest: rules (offline), llm, or both merged.
  EXTRACTOR: z.enum(['rules', 'llm', 'both']).default('rules'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Read-only Cypher for analysts (Neo4j store only); off unless switched on.
  CYPHER_ENDPOINT: flag.default(false),
  CYPHER_ROW_LIMIT: z.coerce.number().int().positive().max(100_000).default(1_000),
  CYPHER_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(5_000),
  CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(0),
  HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
  // Reverse proxies whose X-Forwarded-For to believe (hop count, addresses, or loopback); unset: none.
  TRUST_PROXY: z.string().min(1).optional(),
  // How long start-up waits for the graph store (e.g. Neo4j still booting in compose).
  STARTUP_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(0),
});

/** The validated, frozen configuration every module receives from main.ts. */
export type Config = Readonly<z.infer<typeof schema> & { dataDir: string; seedsDir: string; llmEnabled: boolean }>;

/** Parses env once; bad values raise CONFIG_INVALID naming the keys, never echoing secret values. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      return SECRET_KEYS.has(key) ? `${key}: invalid` : `${key}: ${issue.message}`;
    });
    throw new ParkKgError('CONFIG_INVALID', `Invalid configuration — ${problems.join('; ')}`);
  }
  return Object.freeze({
    ...parsed.data,
    dataDir: path.resolve(cwd, parsed.data.DATA_DIR),
    seedsDir: path.resolve(cwd, parsed.data.SEEDS_DIR),
    // A model name plus a key or a base URL (local servers often need no key) turns the LLM on.
    llmEnabled: Boolean(parsed.data.LLM_MODEL && (parsed.data.OPENAI_API_KEY || parsed.data.OPENAI_BASE_URL)),
  });
}
