import { describe, expect, it } from 'vitest';
import { CitationRewriter, checkCitations, type NumberedSource } from '../../src/answer/citation-check.js';
import type { Citation } from '../../src/answer/types.js';

function source(n: number, caseNumber: number, quote: string, text = `前文。${quote}后文。`): NumberedSource {
  const citation: Citation = {
    case: caseNumber,
    title: `案例${caseNumber}标题`,
    association: `科协${caseNumber}`,
    section: '主要做法',
    sentence: `c${caseNumber}-s${n}`,
    quote,
  };
  return { n, citation, text };
}

const SOURCES = [1, 2, 3, 4, 5].map((n) => source(n, n * 10, `第${n}句原文。`));
const citationOf = (n: number): Citation => SOURCES[n - 1]!.citation;

describe('checkCitations', () => {
  it('keeps an answer that already cites 1..k in order', () => {
    const result = checkCitations('甲做法[1]。乙做法[2]。', SOURCES);
    expect(result.answer).toBe('甲做法[1]。乙做法[2]。');
    expect(result.citations).toEqual([citationOf(1), citationOf(2)]);
    expect(result.sourceNumbers).toEqual([1, 2]);
    expect(result.notes).toEqual([]);
  });

  it('renumbers markers in order of first use and reuses numbers for repeated sources', () => {
    const result = checkCitations('甲[3]。乙[1]。丙[3]。丁[5]。', SOURCES);
    expect(result.answer).toBe('甲[1]。乙[2]。丙[1]。丁[3]。');
    expect(result.citations).toEqual([citationOf(3), citationOf(1), citationOf(5)]);
    expect(result.sourceNumbers).toEqual([3, 1, 5]);
  });

  it('keeps the Citation objects given with the sources, quotes untouched', () => {
    const result = checkCitations('甲[2]。', SOURCES);
    expect(result.citations[0]).toBe(citationOf(2));
    expect(SOURCES[1]!.text).toContain(result.citations[0]!.quote);
  });

  it('removes markers for sources that were never given and says so', () => {
    const result = checkCitations('甲[1]。乙[9]。丙[7][2]。', SOURCES);
    expect(result.answer).toBe('甲[1]。乙。丙[2]。');
    expect(result.citations).toEqual([citationOf(1), citationOf(2)]);
    expect(result.notes).toEqual(['已移除未在检索结果中的引用 [9]、[7]']);
  });

  it('treats [0] as a source that was never given', () => {
    const result = checkCitations('甲[0]。', SOURCES);
    expect(result.answer).toBe('甲。');
    expect(result.notes).toEqual(['已移除未在检索结果中的引用 [0]']);
  });

  it('splits grouped markers [1,2], [1，3], [2、4], [1-3] into [k][k]', () => {
    expect(checkCitations('甲[1,2]。', SOURCES).answer).toBe('甲[1][2]。');
    expect(checkCitations('甲[1，3]。', SOURCES).answer).toBe('甲[1][2]。');
    expect(checkCitations('甲[2、4]。', SOURCES).answer).toBe('甲[1][2]。');
    const range = checkCitations('甲[2-4]。乙[1]。', SOURCES);
    expect(range.answer).toBe('甲[1][2][3]。乙[4]。');
    expect(range.sourceNumbers).toEqual([2, 3, 4, 1]);
  });

  it('drops only the unknown numbers of a group and duplicate numbers within it', () => {
    const result = checkCitations('甲[2,9,2]。', SOURCES);
    expect(result.answer).toBe('甲[1]。');
    expect(result.notes).toEqual(['已移除未在检索结果中的引用 [9]']);
  });

  it('handles adjacent markers [1][2] and full-width 【1】 and full-width digits', () => {
    expect(checkCitations('甲[4][2]。', SOURCES).answer).toBe('甲[1][2]。');
    const fullWidth = checkCitations('甲【3】。乙【１】。丙【3，5】。', SOURCES);
    expect(fullWidth.answer).toBe('甲[1]。乙[2]。丙[1][3]。');
    expect(fullWidth.sourceNumbers).toEqual([3, 1, 5]);
  });

  it('accepts spaces, footnote carets and 来源 prefixes inside markers', () => {
    expect(checkCitations('甲[ 2 ]。乙[^3]。丙[来源1]。丁[来源：2]。', SOURCES).answer).toBe('甲[1]。乙[2]。丙[3]。丁[1]。');
  });

  it('removes malformed markers and lists them in a note', () => {
    const result = checkCitations('甲[1a]。乙[2]。丙[3-1]。丁【2.5】。', SOURCES);
    expect(result.answer).toBe('甲。乙[1]。丙。丁。');
    expect(result.citations).toEqual([citationOf(2)]);
    expect(result.notes).toEqual(['已移除格式不正确的引用标记 [1a]、[3-1]、【2.5】']);
  });

  it('rejects absurd ranges as malformed rather than citing dozens of sources', () => {
    const result = checkCitations('甲[1-500]。', SOURCES);
    expect(result.answer).toBe('甲。');
    expect(result.notes).toEqual(['已移除格式不正确的引用标记 [1-500]']);
  });

  it('leaves bracketed text that is not a citation alone', () => {
    const text = '见[注]与【附录】，[图 1]，以及 [a link](https://example.org)。';
    const result = checkCitations(text, SOURCES);
    expect(result.answer).toBe(text);
    expect(result.citations).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it('does not treat brackets spanning lines or longer than a marker as one', () => {
    const text = `甲[1\n]。乙[${'1,'.repeat(20)}1]。`;
    expect(checkCitations(text, SOURCES).answer).toBe(text);
  });

  it('reports several kinds of removal in separate notes', () => {
    const result = checkCitations('甲[8]。乙[x1]。丙[1b]。', SOURCES);
    expect(result.notes).toEqual(['已移除未在检索结果中的引用 [8]', '已移除格式不正确的引用标记 [1b]']);
    expect(result.answer).toBe('甲。乙[x1]。丙。');
  });

  it('refuses sources whose quote is not an exact substring of their text', () => {
    const broken = source(2, 20, '不存在的引文。', '完全不同的正文。');
    const result = checkCitations('甲[1]。乙[2]。', [SOURCES[0]!, broken]);
    expect(result.answer).toBe('甲[1]。乙。');
    expect(result.citations).toEqual([citationOf(1)]);
    expect(result.notes).toEqual(['已移除原文无法核对的引用 [2]']);
  });

  it('uses the first source when a number is given twice', () => {
    const duplicate = source(1, 99, '另一句。');
    const result = checkCitations('甲[1]。', [SOURCES[0]!, duplicate]);
    expect(result.citations).toEqual([citationOf(1)]);
  });

  it('handles answers without markers and empty answers', () => {
    expect(checkCitations('汇编中没有相关内容。', SOURCES)).toEqual({
      answer: '汇编中没有相关内容。',
      citations: [],
      sourceNumbers: [],
      notes: [],
    });
    expect(checkCitations('', []).answer).toBe('');
  });

  it('returns the same result for the same input (pure)', () => {
    const answer = '甲[3]。乙[9]。丙[1,3]。';
    expect(checkCitations(answer, SOURCES)).toEqual(checkCitations(answer, SOURCES));
  });

  it('makes every marker in the result resolve to a citation', () => {
    const result = checkCitations('甲[5]乙[4,4]丙【2】丁[6]戊[1-3]。', SOURCES);
    const markers = [...result.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(markers.length).toBeGreaterThan(0);
    for (const k of markers) expect(result.citations[k - 1]).toBeDefined();
    expect(new Set(markers).size).toBe(result.citations.length);
  });
});

describe('CitationRewriter (streaming)', () => {
  const answers = [
    '甲做法[3]。乙做法[1,2]，丙【5】与[9]。丁[1a]，见[注]。',
    '开头[2][2]【１、4】末尾[',
    '[5]开头，中间 [ 3 ] 和 [来源4]，长括号[这不是一个引用标记，而是一段很长很长的说明文字]结束[1]',
  ];

  function streamed(answer: string, sizes: number[]): { text: string; pieces: string[]; notes: string[] } {
    const rewriter = new CitationRewriter(SOURCES);
    const chars = [...answer];
    const pieces: string[] = [];
    let index = 0;
    let turn = 0;
    while (index < chars.length) {
      const size = sizes[turn % sizes.length]!;
      pieces.push(rewriter.push(chars.slice(index, index + size).join('')));
      index += size;
      turn += 1;
    }
    pieces.push(rewriter.end());
    const text = pieces.join('');
    return { text, pieces, notes: rewriter.result(text).notes };
  }

  it('gives exactly the checkCitations result for any chunking', () => {
    for (const answer of answers) {
      const expected = checkCitations(answer, SOURCES);
      for (const sizes of [[1], [2], [3], [1, 4], [5, 1, 2], [answer.length]]) {
        const { text, notes } = streamed(answer, sizes);
        expect(text).toBe(expected.answer);
        expect(notes).toEqual(expected.notes);
      }
    }
  });

  it('never emits half a marker', () => {
    const { pieces } = streamed('甲[3]乙[12]丙【4】', [1]);
    for (const piece of pieces) expect(piece).not.toMatch(/[[【][^\]】]*$/);
  });

  it('releases plain text immediately and holds back only a possible marker', () => {
    const rewriter = new CitationRewriter(SOURCES);
    expect(rewriter.push('扬州高新区')).toBe('扬州高新区');
    expect(rewriter.push('科协[')).toBe('科协');
    expect(rewriter.push('3')).toBe('');
    expect(rewriter.push(']。')).toBe('[1]。');
    expect(rewriter.end()).toBe('');
  });
});
