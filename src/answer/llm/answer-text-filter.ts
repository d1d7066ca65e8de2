// Reasoning models served through OpenAI-compatible servers (DeepSeek-R1 or Qwen3 on Ollama, vLLM
// without a reasoning parser, llama.cpp) put their chain of thought into the answer text as a
// leading <think>…</think> block. Users must never see it, so it is cut out while streaming.

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/**
 * Incremental filter: drops leading `<think>` blocks and the whitespace around the answer, holding
 * back only what may still turn out to be one of those. Feed with `push`, finish with `end`.
 */
export class AnswerTextFilter {
  private state: 'start' | 'thinking' | 'answer' = 'start';
  private buffer = '';

  /** Returns the answer text that is certain after this chunk. */
  push(text: string): string {
    this.buffer += text;
    let output = '';
    for (;;) {
      if (this.state === 'start') {
        const trimmed = this.buffer.trimStart();
        this.buffer = trimmed;
        if (trimmed === '' || (trimmed.length < THINK_OPEN.length && THINK_OPEN.startsWith(trimmed))) return output;
        if (trimmed.startsWith(THINK_OPEN)) {
          this.state = 'thinking';
          this.buffer = trimmed.slice(THINK_OPEN.length);
        } else {
          this.state = 'answer';
        }
        continue;
      }
      if (this.state === 'thinking') {
        const close = this.buffer.indexOf(THINK_CLOSE);
        if (close < 0) {
          this.buffer = this.buffer.slice(-(THINK_CLOSE.length - 1));
          return output;
        }
        this.state = 'start';
        this.buffer = this.buffer.slice(close + THINK_CLOSE.length);
        continue;
      }
      const trailing = /\s*$/.exec(this.buffer)?.[0].length ?? 0;
      const cut = this.buffer.length - trailing;
      output += this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut);
      return output;
    }
  }

  /** Returns what was held back and is answer text: a partial `<think` that never completed. */
  end(): string {
    const rest = this.state === 'start' ? this.buffer.trimEnd() : '';
    this.buffer = '';
    return rest;
  }
}
