// Graceful shutdown: no new connections, in-flight requests complete, idle keep-alive sockets go.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ParkKgError } from '../../src/errors.js';
import { createApp } from '../../src/http/create-app.js';
import { startServer } from '../../src/http/start-server.js';
import { ANSWER, FakeParkKgService } from './fake-service.js';
import { deferred, postJson } from './http-harness.js';

function slowService() {
  const service = new FakeParkKgService();
  const started = deferred();
  const release = deferred();
  service.chatBehaviour = async () => {
    started.resolve();
    await release.promise;
    return ANSWER;
  };
  return { service, started, release };
}

describe('startServer', () => {
  it('listens on an ephemeral port and reports its URL', async () => {
    const running = await startServer(createApp(new FakeParkKgService(), { logger: () => undefined }), { host: '127.0.0.1', port: 0 });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    await running.close();
    await running.close();
  });

  it('finishes in-flight requests, refuses new ones, then resolves close()', async () => {
    const { service, started, release } = slowService();
    const running = await startServer(createApp(service, { logger: () => undefined }), { host: '127.0.0.1', port: 0 });
    // A keep-alive connection left idle must not hold the shutdown up.
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const inFlight = postJson(`${running.url}/api/chat`, { question: '慢问题' });
    await started.promise;
    let closed = false;
    const closing = running.close().then(() => {
      closed = true;
    });
    // A fresh TCP connection (fetch might pick a pooled socket) proves the port no longer accepts.
    const refused = await new Promise<string | undefined>((resolve) => {
      const socket = connect(Number(new URL(running.url).port), '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
    });
    expect(refused).toBe('ECONNREFUSED');
    expect(closed).toBe(false);
    release.resolve();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(ANSWER);
    await closing;
    expect(closed).toBe(true);
  });

  it('cuts requests still running at the shutdown deadline', async () => {
    const { service, started, release } = slowService();
    const running = await startServer(createApp(service, { logger: () => undefined }), { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 50 });
    const inFlight = postJson(`${running.url}/api/chat`, { question: '永远不答' }).then(
      () => 'answered',
      () => 'cut',
    );
    await started.promise;
    await running.close();
    expect(await inFlight).toBe('cut');
    release.resolve();
  });

  it('rejects with CONFIG_INVALID when the port is taken', async () => {
    const first = await startServer(createApp(new FakeParkKgService(), { logger: () => undefined }), { host: '127.0.0.1', port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      const attempt = startServer(createApp(new FakeParkKgService(), { logger: () => undefined }), { host: '127.0.0.1', port });
      await expect(attempt).rejects.toBeInstanceOf(ParkKgError);
      await expect(attempt).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      await first.close();
    }
  });
});
