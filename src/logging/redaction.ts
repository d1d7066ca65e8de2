// What the logs must never show: secret-named fields at any depth, and the configured secret
// values wherever they appear (an error message that echoes a connection string, say).

/** The one censor string every redaction layer writes. */
export const REDACTED = '[redacted]';

// Exact key spellings pino's own `redact` handles (top level and one level down).
const SECRET_KEYS = [
  'password',
  'passwd',
  'apiKey',
  'api_key',
  'apikey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'token',
  'accessToken',
  'secret',
  'NEO4J_PASSWORD',
  'NEO4J_AUTH',
  'OPENAI_API_KEY',
  'x-api-key',
  'set-cookie',
];

const pathSegment = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

/**
 * Paths for pino's `redact` option. Its wildcards reach one level only, so `redactSecretKeys`
 * covers deeper objects; these paths stay as the fast, declared first line.
 */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const segment = pathSegment(key);
  const top = segment.startsWith('.') ? segment.slice(1) : segment;
  return [top, `*${segment}`];
}).concat(['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]']);

// Substrings of a normalised key (lower case, letters and digits only) that mark it secret.
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'apikey', 'authorization', 'cookie', 'secret', 'credential', 'privatekey', 'neo4jauth'];

/** Whether a field name holds a secret; `*token` counts, `*tokens` (usage counts) does not. */
export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return normalised.endsWith('token') || SECRET_WORDS.some((word) => normalised.includes(word));
}

const MAX_DEPTH = 8;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Copies plain objects and arrays, replacing the value under every secret-named key at any depth.
 * Errors and other class instances are left to pino's serializers; the input is never mutated.
 */
export function redactSecretKeys<T>(value: T): T {
  const seen = new WeakSet<object>();
  const walk = (current: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH || typeof current !== 'object' || current === null || seen.has(current)) return current;
    if (Array.isArray(current)) {
      seen.add(current);
      return current.map((item) => walk(item, depth + 1));
    }
    if (!isPlainObject(current)) return current;
    seen.add(current);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(current)) {
      copy[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : walk(item, depth + 1);
    }
    return copy;
  };
  return walk(value, 0) as T;
}

// Shorter values would censor ordinary words; no real password or key is this short.
const MIN_SECRET_LENGTH = 4;

/**
 * A function that censors each known secret value in a serialized line, in its raw and its
 * JSON-escaped form. Covers messages and stacks, which key-based redaction cannot see.
 */
export function secretScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret containing another is censored whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (line) => line;
  return (line) => ordered.reduce((text, needle) => (text.includes(needle) ? text.split(needle).join(REDACTED) : text), line);
}
