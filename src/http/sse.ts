// Server-Sent Events over an Express response: named events with JSON data, heartbeats, and a
// closed flag so nothing is written after the client has gone.
import type { Response } from 'express';

const HEARTBEAT_MS = 15_000;

/** A one-way event channel for one response. */
export interface EventChannel {
  send(event: string, data: unknown): void;
  /** True once the client disconnected or `end` was called. */
  readonly closed: boolean;
  end(): void;
}

/** Starts the stream: sends the headers at once so the client sees the response begin. */
export function openEventChannel(res: Response): EventChannel {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Connection', 'keep-alive');
  // Reverse proxies (nginx) would otherwise buffer the tokens.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();

  let closed = false;
  // Comment lines keep idle proxies from cutting a long generation.
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    closed = true;
    clearInterval(heartbeat);
  };
  res.on('close', stop);

  return {
    get closed() {
      return closed || res.destroyed;
    },
    send(event, data) {
      if (closed || res.destroyed) return;
      // JSON.stringify escapes newlines, so one `data:` line always holds the whole payload.
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (closed) return;
      stop();
      res.end();
    },
  };
}
