// Terminal progress bar for long work; silent when stderr is not a terminal (CI, pipes).
import type { IngestProgress } from '../pipeline/ingest.js';

const STAGE_NAMES: Record<IngestProgress['stage'], string> = {
  read: '读取',
  parse: '解析',
  extract: '抽取',
  build: '构图',
  store: '写入',
  embed: '向量',
};

/** A progress callback drawing one updating line per stage on a TTY. */
export function ingestProgressBar(stream: NodeJS.WriteStream = process.stderr): (progress: IngestProgress) => void {
  if (!stream.isTTY) return () => {};
  let lastStage: string | null = null;
  return ({ stage, done, total }) => {
    if (lastStage && lastStage !== stage) stream.write('\n');
    lastStage = stage;
    const width = 28;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    stream.write(`\r${STAGE_NAMES[stage]} ${bar} ${done}/${total}`);
    if ((stage === 'store' || stage === 'embed') && done === total) {
      stream.write('\n');
      lastStage = null;
    }
  };
}
