// `park-kg ask` and `park-kg serve`: the chat from the terminal, and the API plus web app.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLlmWriter } from '../answer/llm-writer.js';
import { RETRIEVAL_MODES, type RetrievalMode } from '../answer/types.js';
import { openRuntime, type Runtime } from '../app/runtime.js';
import { waitForStore } from '../app/wait-for-store.js';
import type { Config } from '../config/config.js';
import { asParkKgError, ParkKgError } from '../errors.js';
import { createApp } from '../http/create-app.js';
import { startServer, type RunningServer } from '../http/start-server.js';
import { httpLogger } from '../logging/http-log.js';
import { createLogger, type Logger } from '../logging/logger.js';
import type { CliIo } from './run-cli.js';
import { ingestProgressBar } from './progress.js';

function modeOption(value: string | undefined): RetrievalMode {
  if (value === undefined) return 'graph';
  if ((RETRIEVAL_MODES as readonly string[]).includes(value)) return value as RetrievalMode;
  throw new ParkKgError('INPUT_INVALID', `--mode must be one of ${RETRIEVAL_MODES.join(', ')}, not "${value}"`);
}

/** `park-kg ask "问题" [--json] [--mode graph|hybrid|…]`. */
export async function askCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { json: { type: 'boolean', default: false }, mode: { type: 'string' } } });
  const question = positionals.join(' ').trim();
  if (!question) throw new ParkKgError('INPUT_INVALID', '请提供问题，例如: park-kg ask "哪些园区科协和西安交通大学合作过？"');
  const mode = modeOption(values.mode);
  const runtime = await openRuntime(config, { ingestIfNeeded: true, onProgress: ingestProgressBar(), createWriter: createLlmWriter });
  try {
    const answer = await runtime.service.chat({ question, mode });
    if (values.json) {
      const { answer: text, answerable, intent, citations, graph } = answer;
      io.out(`${JSON.stringify({ answer: text, answerable, intent, citations, graph, mode: answer.mode, composer: answer.composer, notes: answer.notes }, null, 2)}\n`);
      return 0;
    }
    io.out(`${answer.answer}\n`);
    if (answer.citations.length > 0) {
      io.out('\n引用：\n');
      answer.citations.forEach((citation, index) => {
        io.out(`[${index + 1}] 案例${citation.case}《${citation.title}》${citation.association} · ${citation.section}\n`);
      });
    }
    for (const note of answer.notes) io.out(`注：${note}\n`);
    return 0;
  } finally {
    await runtime.close();
  }
}

// Shutdown budget: the drain deadline plus closing the store stay inside the 10 s that
// orchestrators (compose's default stop_grace_period, Kubernetes' minus a margin) allow.
const DRAIN_TIMEOUT_MS = 8_000;
const STORE_CLOSE_TIMEOUT_MS = 1_000;
const SHUTDOWN_WATCHDOG_MS = 9_500;

/**
 * `park-kg serve [--port N]`: waits for the store (STARTUP_WAIT_MS), ingests when needed, serves
 * with JSON logs on stdout until SIGTERM/SIGINT, then drains in-flight requests, closes the store
 * and returns 0. The human start-up line is printed only when stdout is a terminal.
 */
export async function serveCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { port: { type: 'string' }, host: { type: 'string' } } });
  const port = values.port === undefined ? config.PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ParkKgError('INPUT_INVALID', `--port must be 0..65535, not "${values.port}"`);
  const logger = createLogger(config, { write: (line: string) => io.out(line) });
  const interactive = process.stdout.isTTY === true;
  const stop = stopSignals(logger);
  try {
    const runtime = await openServeRuntime(config, logger, stop.signal);
    if (stop.signal.aborted) {
      await runtime.close();
      logger.info({ event: 'stopped', signal: stop.received() }, 'stopped before listening');
      stop.completed();
      return 0;
    }
    const webRoot = path.resolve('web/dist');
    const hasWebApp = existsSync(webRoot);
    let server: RunningServer;
    try {
      const app = createApp(runtime.service, {
        ...(hasWebApp ? { webRoot } : {}),
        logger: httpLogger(logger),
        maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
        ...(config.CHAT_RATE_LIMIT_PER_MINUTE > 0 ? { chatRateLimit: { windowMs: 60_000, max: config.CHAT_RATE_LIMIT_PER_MINUTE } } : {}),
        ...(config.TRUST_PROXY ? { trustProxy: trustProxySetting(config.TRUST_PROXY) } : {}),
      });
      server = await startServer(app, { host: values.host ?? config.HOST, port, shutdownTimeoutMs: DRAIN_TIMEOUT_MS });
    } catch (error) {
      await runtime.close();
      throw error;
    }
    logger.info(
      {
        event: 'started',
        url: server.url,
        store: runtime.store.kind,
        vectorStore: config.VECTOR_STORE,
        llm: config.llmEnabled,
        ...(config.llmEnabled ? { llmModel: config.LLM_MODEL } : {}),
        ingested: runtime.ingested,
        webApp: hasWebApp,
        chatRateLimitPerMinute: config.CHAT_RATE_LIMIT_PER_MINUTE,
      },
      `park-kg listening on ${server.url}`,
    );
    if (interactive) io.out(`park-kg 已启动: ${server.url}  (存储: ${runtime.store.kind}, 回答: ${config.llmEnabled ? `LLM ${config.LLM_MODEL}` : '离线生成'})\n`);

    const signal = await stop.wait;
    const stopping = Date.now();
    logger.info({ event: 'stopping', signal }, 'no new connections; draining in-flight requests');
    if (interactive) io.out('正在停止…\n');
    await server.close();
    if (Date.now() - stopping >= DRAIN_TIMEOUT_MS) {
      logger.warn({ event: 'drain-timeout', timeoutMs: DRAIN_TIMEOUT_MS }, 'requests still running at the drain deadline were cut');
    }
    await closeWithin(runtime.close(), STORE_CLOSE_TIMEOUT_MS, logger);
    logger.info({ event: 'stopped', signal, durationMs: Date.now() - stopping }, 'stopped');
    stop.completed();
    return 0;
  } catch (error) {
    if (stop.signal.aborted && error instanceof ParkKgError && error.code === 'STORE_UNAVAILABLE') {
      logger.info({ event: 'stopped', signal: stop.received() }, 'stopped while waiting for the graph store');
      stop.completed();
      return 0;
    }
    const failure = asParkKgError(error);
    logger.fatal({ event: 'failed', code: failure.code }, failure.message);
    throw error;
  } finally {
    stop.dispose();
  }
}

/** Opens the runtime, waiting up to STARTUP_WAIT_MS for a store that is still starting. */
function openServeRuntime(config: Config, logger: Logger, signal: AbortSignal): Promise<Runtime> {
  const open = () =>
    openRuntime(config, {
      ingestIfNeeded: true,
      onProgress: ingestProgressBar(),
      createWriter: createLlmWriter,
      log: (message) => logger.info({ event: 'runtime' }, message),
    });
  if (config.STARTUP_WAIT_MS === 0) return open();
  return waitForStore(open, {
    timeoutMs: config.STARTUP_WAIT_MS,
    signal,
    log: ({ attempt, delayMs, elapsedMs, error }) =>
      logger.warn({ event: 'store-wait', attempt, delayMs, elapsedMs, code: error.code }, `graph store not available yet, retrying: ${error.message}`),
  });
}

/**
 * SIGTERM/SIGINT handling for serve: the first signal starts a graceful stop (and arms a watchdog
 * so the process ends within 10 s whatever hangs); a second signal exits at once.
 */
function stopSignals(logger: Logger) {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  let done = false;
  let resolveWait: (signal: NodeJS.Signals) => void = () => {};
  const wait = new Promise<NodeJS.Signals>((resolve) => {
    resolveWait = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      logger.warn({ event: 'forced-exit', signal }, 'second signal: exiting without draining');
      process.exit(1);
    }
    received = signal;
    controller.abort();
    resolveWait(signal);
    const watchdog = setTimeout(() => {
      if (done) logger.warn({ event: 'exit-forced' }, 'an open handle kept the process alive after shutdown');
      else logger.error({ event: 'shutdown-timeout' }, 'shutdown did not finish in time');
      process.exit(done ? 0 : 1);
    }, SHUTDOWN_WATCHDOG_MS);
    watchdog.unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    wait,
    received: () => received,
    completed: () => {
      done = true;
    },
    dispose: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

/** Closing the store must not hold shutdown hostage; a slow close is logged and abandoned. */
async function closeWithin(closing: Promise<void>, timeoutMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([closing.then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') logger.warn({ event: 'store-close-timeout', timeoutMs }, 'graph store did not close in time');
  } catch (error) {
    logger.warn({ event: 'store-close-failed', code: asParkKgError(error).code }, asParkKgError(error).message);
  } finally {
    clearTimeout(timer);
  }
}

/** TRUST_PROXY text to Express's setting: a hop count, true/false, or proxy addresses. */
function trustProxySetting(value: string): boolean | number | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
