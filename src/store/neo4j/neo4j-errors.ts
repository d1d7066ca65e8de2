// Turns whatever the Neo4j driver throws into a ParkKgError naming the config key to fix.
import { ParkKgError } from '../../errors.js';
import type { Config } from '../../config/config.js';

/** The config keys an error message may name; the password itself is never among the values shown. */
export type Neo4jErrorContext = Pick<Config, 'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_DATABASE' | 'NEO4J_TIMEOUT_MS'>;

const AUTH_CODES = new Set([
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.CredentialsExpired',
  'Neo.ClientError.Security.Forbidden',
  'Neo.ClientError.Security.TokenExpired',
]);
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);
const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);
const DATABASE_CODES = new Set(['Neo.ClientError.Database.DatabaseNotFound']);
// Socket-level failures the driver sometimes passes through without a Neo4j code.
const NETWORK_PATTERN = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|acquisition timed out|Failed to connect|connection (was )?(closed|terminated|lost)/i;

const START_HINT = 'Start the local Neo4j with `npm run neo4j:start` (or `docker compose up -d neo4j`).';

/** Maps one driver failure to STORE_AUTH_FAILED / STORE_UNAVAILABLE / INTERNAL; messages carry no stack or password. */
export function toStoreError(error: unknown, context: Neo4jErrorContext): ParkKgError {
  if (error instanceof ParkKgError) return error;
  const code = errorCode(error);
  const detail = shortReason(error);
  const uri = `NEO4J_URI=${redactUri(context.NEO4J_URI)}`;
  if (AUTH_CODES.has(code)) {
    return new ParkKgError(
      'STORE_AUTH_FAILED',
      `Neo4j at ${uri} rejected the credentials of NEO4J_USER=${context.NEO4J_USER}: check NEO4J_USER and NEO4J_PASSWORD (${code}).`,
      { cause: error, retryable: false },
    );
  }
  if (DATABASE_CODES.has(code)) {
    return new ParkKgError(
      'STORE_UNAVAILABLE',
      `Neo4j at ${uri} has no database NEO4J_DATABASE=${context.NEO4J_DATABASE} (Community edition has only "neo4j").`,
      { cause: error, retryable: false },
    );
  }
  if (TIMEOUT_CODES.has(code)) {
    return new ParkKgError(
      'STORE_UNAVAILABLE',
      `Neo4j at ${uri} did not finish a transaction within NEO4J_TIMEOUT_MS=${context.NEO4J_TIMEOUT_MS}.`,
      { cause: error },
    );
  }
  if (UNAVAILABLE_CODES.has(code) || NETWORK_PATTERN.test(detail)) {
    return new ParkKgError(
      'STORE_UNAVAILABLE',
      `Cannot reach Neo4j at ${uri} (${detail}). ${START_HINT}`,
      { cause: error },
    );
  }
  return new ParkKgError('INTERNAL', `Neo4j error${code ? ` ${code}` : ''}: ${detail}`, { cause: error });
}

/**
 * Rejects with STORE_UNAVAILABLE when `work` has not settled within `timeoutMs`. A server that is
 * hung (frozen JVM, dropped packets) keeps the socket open and sends nothing, and the driver would
 * wait for it far longer than a probe or a request may; `work` itself is left to finish or fail.
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, context: Neo4jErrorContext, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const uri = `NEO4J_URI=${redactUri(context.NEO4J_URI)}`;
      reject(new ParkKgError('STORE_UNAVAILABLE', `Neo4j at ${uri} did not answer ${what} within ${timeoutMs} ms (stopped, overloaded or hung?).`, { retryable: true }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one driver call and rethrows its failure mapped, so every store method fails the same way. */
export async function withStoreErrors<T>(context: Neo4jErrorContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error, context);
  }
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

// Driver messages are long and may span lines; the socket reason ("connect ECONNREFUSED ...",
// "getaddrinfo ENOTFOUND ...") after "Caused by:", here or in a nested cause, says the most.
function shortReason(error: unknown): string {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const socketReason = /Caused by: ([^\n]+)/.exec(current.message);
    if (socketReason?.[1]) return socketReason[1].trim().slice(0, 200);
  }
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  return line.trim().slice(0, 200);
}

// A URI may carry user:password@ (bolt://user:secret@host); show it without the userinfo.
function redactUri(uri: string): string {
  return uri.replace(/^([a-z0-9+]+:\/\/)[^@/]*@/i, '$1');
}
