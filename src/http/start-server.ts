// Listens with an app and stops it gracefully: no new connections, in-flight requests finish,
// idle keep-alive sockets are closed, and a deadline bounds the wait.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ParkKgError } from '../errors.js';

export interface ServerOptions {
  host: string;
  port: number;
  /** After this long, connections still busy are cut so shutdown always ends (default 10 s). */
  shutdownTimeoutMs?: number;
}

/** A listening server; `close` may be called more than once and resolves when all sockets are gone. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts listening; rejects with CONFIG_INVALID naming the address when the port is taken. */
export async function startServer(app: RequestListener, options: ServerOptions): Promise<RunningServer> {
  const server = createServer();
  // Slow-loris bounds: whole request within 60 s, headers within 20 s. Responses (SSE) are unaffected.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  const connections = trackConnections(server);
  // Registered after the tracker so it sees each request before the app does.
  server.on('request', app);
  await listen(server, options);

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    server,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => connections.destroyAll(), options.shutdownTimeoutMs ?? 10_000);
        deadline.unref();
        server.close((error) => {
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        });
        connections.drain();
      });
      return closed;
    },
  };
}

/**
 * Counts requests per socket. Node's own idle tracking misses sockets that never sent a request
 * (fetch clients pre-open them), which would hold `server.close()` until they time out.
 */
function trackConnections(server: Server) {
  const active = new Map<Socket, number>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    active.set(socket, 0);
    socket.once('close', () => active.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    res.once('close', () => {
      if (!active.has(socket)) return;
      const left = (active.get(socket) ?? 1) - 1;
      active.set(socket, left);
      // Graceful end (FIN), so the response bytes already queued still reach the client.
      if (draining && left === 0) socket.end();
    });
  });

  return {
    /** Closes idle sockets now and busy ones as soon as their response is done. */
    drain() {
      draining = true;
      for (const [socket, requests] of active) if (requests === 0) socket.destroy();
    },
    destroyAll() {
      for (const socket of active.keys()) socket.destroy();
    },
  };
}

function listen(server: Server, options: ServerOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        new ParkKgError(
          'CONFIG_INVALID',
          `Cannot listen on ${options.host}:${options.port} (${error.code ?? error.message}); choose another HOST or PORT (--port)`,
          { cause: error },
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
}
