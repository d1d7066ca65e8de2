// waitForStore: retries a store that is not up yet (a real closed port), gives up at the
// deadline with STORE_UNAVAILABLE, and returns as soon as an attempt succeeds.
import { describe, expect, it } from 'vitest';
import { waitForStore, type StoreWaitRetry } from '../../src/app/wait-for-store.js';
import { loadConfig } from '../../src/config/config.js';
import { ParkKgError } from '../../src/errors.js';
import { openNeo4jStore } from '../../src/store/neo4j/neo4j-store.js';

const unavailable = () => new ParkKgError('STORE_UNAVAILABLE', 'Cannot reach Neo4j (test)');

describe('waitForStore', () => {
  it('retries a real Neo4j URI with nothing listening, then gives up with STORE_UNAVAILABLE', async () => {
    // Port 1 on loopback: connections are refused at once, as while Neo4j is still booting.
    const config = loadConfig({ NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_TIMEOUT_MS: '2000' });
    const retries: StoreWaitRetry[] = [];
    let attempts = 0;
    const open = () => {
      attempts += 1;
      return openNeo4jStore(config);
    };
    const error = await waitForStore(open, { timeoutMs: 600, initialDelayMs: 50, log: (retry) => retries.push(retry) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParkKgError);
    expect((error as ParkKgError).code).toBe('STORE_UNAVAILABLE');
    expect((error as ParkKgError).message).toMatch(/127\.0\.0\.1:1/);
    expect((error as ParkKgError).message).toMatch(/gave up after \d+ attempts .*STARTUP_WAIT_MS=600/);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(retries.length).toBe(attempts - 1);
    expect(retries.map((retry) => retry.attempt)).toEqual(retries.map((_, index) => index + 1));
    for (const retry of retries) expect(retry.error.code).toBe('STORE_UNAVAILABLE');
  });

  it('returns the store once an attempt succeeds (fails twice, then opens)', async () => {
    let calls = 0;
    const retries: StoreWaitRetry[] = [];
    const value = await waitForStore(
      async () => {
        calls += 1;
        if (calls <= 2) throw unavailable();
        return 'store';
      },
      { timeoutMs: 10_000, initialDelayMs: 5, log: (retry) => retries.push(retry) },
    );
    expect(value).toBe('store');
    expect(calls).toBe(3);
    expect(retries.map((retry) => retry.attempt)).toEqual([1, 2]);
    // Backoff: the second pause is about twice the first (±20 % jitter each).
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(retries[0]!.delayMs);
  });

  it('does not retry failures that waiting cannot fix', async () => {
    for (const failure of [
      new ParkKgError('STORE_AUTH_FAILED', 'wrong password'),
      new ParkKgError('STORE_UNAVAILABLE', 'no such database', { retryable: false }),
      new Error('bug'),
    ]) {
      let calls = 0;
      const open = async () => {
        calls += 1;
        throw failure;
      };
      await expect(waitForStore(open, { timeoutMs: 10_000, initialDelayMs: 5 })).rejects.toBe(failure);
      expect(calls).toBe(1);
    }
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const open = async () => {
      calls += 1;
      if (calls === 1) setTimeout(() => controller.abort(), 20);
      throw unavailable();
    };
    const error = (await waitForStore(open, { timeoutMs: 60_000, initialDelayMs: 30_000, signal: controller.signal }).catch((caught: unknown) => caught)) as ParkKgError;
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/stopped while waiting/);
    expect(calls).toBe(1);
  });

  it('makes one attempt when the deadline is zero', async () => {
    let calls = 0;
    const open = async () => {
      calls += 1;
      throw unavailable();
    };
    await expect(waitForStore(open, { timeoutMs: 0 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(calls).toBe(1);
  });
});
