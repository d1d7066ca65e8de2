// `park-kg ask` and `park-kg serve`: the chat from the terminal, and the API plus web app.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLlmWriter } from '../answer/llm-writer.js';
import { RETRIEVAL_MODES, type RetrievalMode } from '../answer/types.js';
import { openRuntime } from '../app/runtime.js';
import type { Config } from '../config/config.js';
import { ParkKgError } from '../errors.js';
import { createApp } from '../http/create-app.js';
import { startServer } from '../http/start-server.js';
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

/** `park-kg serve [--port N]`: ingests when needed, serves until SIGTERM/SIGINT, then drains. */
export async function serveCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { port: { type: 'string' }, host: { type: 'string' } } });
  const port = values.port === undefined ? config.PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ParkKgError('INPUT_INVALID', `--port must be 0..65535, not "${values.port}"`);
  const runtime = await openRuntime(config, { ingestIfNeeded: true, onProgress: ingestProgressBar(), createWriter: createLlmWriter, log: (m) => io.err(`${m}\n`) });
  const webRoot = path.resolve('web/dist');
  const app = createApp(runtime.service, { ...(existsSync(webRoot) ? { webRoot } : {}) });
  const server = await startServer(app, { host: values.host ?? config.HOST, port });
  io.out(`park-kg 已启动: ${server.url}  (存储: ${runtime.store.kind}, 回答: ${config.llmEnabled ? `LLM ${config.LLM_MODEL}` : '离线生成'})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  io.out('正在停止…\n');
  await server.close();
  await runtime.close();
  return 0;
}
