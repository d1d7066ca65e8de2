// Command-line entry: parses arguments and runs one command against the configured store.
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { ParkKgError } from '../errors.js';
import { toGraphml } from '../graph/export-graphml.js';
import { ingestSources, openIndexes, openStoreForIngest } from '../app/runtime.js';
import { previousFiles } from '../pipeline/corpus-file.js';
import { extractorMode } from '../pipeline/extractors.js';
import { EXTRACTION_REPORT_FILE } from '../pipeline/extraction-report.js';
import { seedFiles } from '../pipeline/ingest.js';
import { planSources } from '../pipeline/source-files.js';
import { openStore, type StoreKind } from '../store/open-store.js';
import { askCommand, serveCommand } from './chat-commands.js';
import { ingestProgressBar } from './progress.js';

export const USAGE = `用法 (usage):
  park-kg ingest [--store memory|neo4j] [--extractor rules|llm|both] [FILE.txt|FILE.pdf...]
                                                      导入案例汇编 (no FILE: everything in seeds/;
                                                      FILE: add a compilation to the last ingest)
  park-kg export --format json|graphml [--store …] [--out FILE]
  park-kg stats [--store memory|neo4j] [--json]       节点与关系计数
  park-kg ask "问题" [--json] [--mode graph|hybrid|vector|keyword|naive]   提问（带引用）
  park-kg serve [--port N]                            启动 API 与网页 (默认 127.0.0.1:3000)
  park-kg help`;

/** Output sinks, injectable so tests capture what a user would see. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs a command; resolves to the process exit code. Errors print one line, never a stack. */
export async function runCli(argv: readonly string[], config: Config, io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ingest':
        return await ingestCommand(rest, config, io);
      case 'export':
        return await exportCommand(rest, config, io);
      case 'stats':
        return await statsCommand(rest, config, io);
      case 'ask':
        return await askCommand(rest, config, io);
      case 'serve':
        return await serveCommand(rest, config, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(`${USAGE}\n`);
        return 0;
      default:
        io.err(`park-kg: 未知命令 "${command}" (unknown command)\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ParkKgError) {
      io.err(`park-kg: [${error.code}] ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(`${(error as { code?: string }).code} ${error.message}`)) {
      io.err(`park-kg: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    io.err(`park-kg: [INTERNAL] ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function storeOption(value: string | undefined, config: Config): StoreKind {
  if (value === undefined) return config.GRAPH_STORE;
  if (value === 'memory' || value === 'neo4j') return value;
  throw new ParkKgError('INPUT_INVALID', `--store must be memory or neo4j, not "${value}"`);
}

async function ingestCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { store: { type: 'string' }, extractor: { type: 'string' } } });
  const kind = storeOption(values.store, config);
  const extractor = extractorMode(values.extractor, config.EXTRACTOR);
  const warn = (message: string) => io.err(`park-kg: 警告 (warning) ${message}\n`);
  const files = positionals.length > 0 ? planSources(await baseFiles(config, warn), positionals) : await seedFiles(config.seedsDir);
  const store = await openStoreForIngest(config, kind, (message) => io.err(`${message}\n`));
  try {
    const started = performance.now();
    const progress = ingestProgressBar();
    const { corpus, llm } = await ingestSources(config, store, files, { onProgress: progress, extractor, onWarning: warn });
    // Build the text indexes now, so `serve` and `ask` start without embedding anything.
    const indexes = await openIndexes(config, corpus, progress, (message) => io.err(`${message}\n`));
    const stats = await store.stats();
    const count = (record: Record<string, number>) => Object.values(record).reduce((sum, n) => sum + n, 0);
    io.out(
      `已导入 ${stats.labels.Case ?? 0} 个案例 (${kind}): ${count(stats.labels)} 个节点, ${count(stats.relationships)} 条关系, ` +
        `${indexes.sections.chunks.length} 个文本块 (${Math.round(performance.now() - started)} ms)\n`,
    );
    if (corpus.compilations.length > 1) {
      io.out(`汇编 (compilations): ${corpus.compilations.map((item) => `${item.sourceId} 案例 ${item.cases[0]?.number ?? '-'}–${item.cases.at(-1)?.number ?? '-'}`).join('; ')}\n`);
    }
    if (llm) {
      io.out(
        `LLM 抽取 (${llm.model}): ${llm.cases} 个案例, ${llm.cached} 个来自缓存, ${llm.called} 次调用, ${llm.fallbacks.length} 个回退到规则; ` +
          `${path.join(config.dataDir, EXTRACTION_REPORT_FILE)}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** What `ingest FILE` adds to: the files of the last ingest (those still present), else the seeds. */
async function baseFiles(config: Config, warn: (message: string) => void): Promise<string[]> {
  const previous = await previousFiles(config.dataDir);
  if (previous === null) {
    try {
      return await seedFiles(config.seedsDir);
    } catch (error) {
      if (error instanceof ParkKgError && error.code === 'INPUT_NOT_FOUND') return [];
      throw error;
    }
  }
  const present: string[] = [];
  for (const file of previous) {
    if (await exists(file)) present.push(file);
    else warn(`${file}: 上次导入的文件已不存在，本次不再包含 (previously ingested file is gone; dropped)`);
  }
  return present;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function exportCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { format: { type: 'string', default: 'json' }, store: { type: 'string' }, out: { type: 'string' } } });
  if (values.format !== 'json' && values.format !== 'graphml') {
    throw new ParkKgError('INPUT_INVALID', `--format must be json or graphml, not "${values.format}"`);
  }
  const store = await openStore(config, storeOption(values.store, config));
  try {
    const snapshot = await store.exportSnapshot();
    const text = values.format === 'json' ? `${JSON.stringify(snapshot, null, 2)}\n` : toGraphml(snapshot);
    if (values.out) {
      await writeFile(values.out, text, 'utf8');
      io.err(`已写出 ${values.out}\n`);
    } else {
      io.out(text);
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function statsCommand(args: readonly string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { store: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const store = await openStore(config, storeOption(values.store, config));
  try {
    const stats = await store.stats();
    if (values.json) {
      io.out(`${JSON.stringify(stats, null, 2)}\n`);
      return 0;
    }
    const rows = (title: string, record: Record<string, number>) =>
      `${title}\n${Object.entries(record).map(([key, count]) => `  ${key.padEnd(20)} ${String(count).padStart(6)}`).join('\n')}\n`;
    io.out(rows('节点 (nodes)', stats.labels) + rows('关系 (relationships)', stats.relationships));
    return 0;
  } finally {
    await store.close();
  }
}
