// Start-up patience for a graph store that is still booting (Neo4j in compose takes a while):
// retries only "unavailable and worth retrying" failures, with backoff, until a deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { ParkKgError } from '../errors.js';

/** One failed attempt that will be retried, for the caller's log. */
export interface StoreWaitRetry {
  attempt: number;
  /** How long the next pause lasts. */
  delayMs: number;
  elapsedMs: number;
  error: ParkKgError;
}

export interface WaitForStoreOptions {
  /** Total time allowed for attempts and pauses (STARTUP_WAIT_MS). */
  timeoutMs: number;
  log?: (retry: StoreWaitRetry) => void;
  /** Stops waiting (a shutdown signal during start-up). */
  signal?: AbortSignal;
  /** First pause; doubles after each failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Only a store that is unreachable for now is worth waiting for; bad credentials are not. */
function isTransient(error: unknown): error is ParkKgError {
  return error instanceof ParkKgError && error.code === 'STORE_UNAVAILABLE' && error.retryable;
}

/**
 * Runs `open` until it succeeds, retrying STORE_UNAVAILABLE with backoff; other failures are
 * thrown at once. Past the deadline (or on abort) the last failure is thrown, saying how long
 * it waited, as STORE_UNAVAILABLE.
 */
export async function waitForStore<T>(open: () => Promise<T>, options: WaitForStoreOptions): Promise<T> {
  const started = Date.now();
  const maxDelay = options.maxDelayMs ?? 5_000;
  let delay = options.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await open();
    } catch (error) {
      if (!isTransient(error)) throw error;
      const elapsedMs = Date.now() - started;
      const remaining = options.timeoutMs - elapsedMs;
      if (remaining <= 0 || options.signal?.aborted) throw gaveUp(error, attempt, elapsedMs, options);
      // ±20 % jitter, so replicas restarted together do not knock in step.
      const delayMs = Math.max(1, Math.min(Math.round(delay * (0.8 + Math.random() * 0.4)), remaining));
      options.log?.({ attempt, delayMs, elapsedMs, error });
      try {
        await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
      } catch {
        throw gaveUp(error, attempt, Date.now() - started, options);
      }
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

function gaveUp(last: ParkKgError, attempts: number, elapsedMs: number, options: WaitForStoreOptions): ParkKgError {
  const why = options.signal?.aborted ? 'stopped while waiting' : `gave up after ${attempts} attempts in ${elapsedMs} ms (STARTUP_WAIT_MS=${options.timeoutMs})`;
  return new ParkKgError('STORE_UNAVAILABLE', `${last.message} — ${why}`, { cause: last, retryable: true });
}
