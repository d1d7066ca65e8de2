import { describe, expect, it } from 'vitest';
import { AnswerTextFilter } from '../../src/answer/llm/answer-text-filter.js';

function run(pieces: string[]): string {
  const filter = new AnswerTextFilter();
  return pieces.map((piece) => filter.push(piece)).join('') + filter.end();
}

describe('AnswerTextFilter', () => {
  it('passes ordinary answers through, trimming surrounding whitespace only', () => {
    expect(run(['\n  甲做法', '[1]。\n\n乙', '做法[2]。 \n'])).toBe('甲做法[1]。\n\n乙做法[2]。');
  });

  it('drops a leading <think> block even when its tags are split across chunks', () => {
    expect(run(['<th', 'ink>推理', '过程</th', 'ink>\n', '答案[1]。'])).toBe('答案[1]。');
    expect(run(['<think></think><think>再想</think>答案。'])).toBe('答案。');
  });

  it('keeps text that only looks like the start of a tag', () => {
    expect(run(['<th'])).toBe('<th');
    expect(run(['<b>加粗</b>'])).toBe('<b>加粗</b>');
    expect(run(['答案<think>中间的不算</think>。'])).toBe('答案<think>中间的不算</think>。');
  });

  it('returns nothing for a reasoning block that never closes', () => {
    expect(run(['<think>一直在想', '……'])).toBe('');
  });

  it('releases text as soon as it is certain', () => {
    const filter = new AnswerTextFilter();
    expect(filter.push('  ')).toBe('');
    expect(filter.push('甲 ')).toBe('甲');
    expect(filter.push('乙')).toBe(' 乙');
  });
});
