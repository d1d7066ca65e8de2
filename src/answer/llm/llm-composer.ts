// The LLM answer path: prompt → streamed tokens → citation check. The offline composer is the
// default product; this one is used when a model is configured, and must honour the same contract.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { CitationRewriter, type NumberedSource } from '../citation-check.js';
import type { AnswerStream, Citation, HistoryTurn, Intent } from '../types.js';
import { AnswerTextFilter } from './answer-text-filter.js';
import { buildAnswerMessages } from './answer-messages.js';
import { streamModelText } from './model-stream.js';

/** The answer when the compilation does not cover the question (also what the prompt asks for). */
export const NOT_COVERED = '汇编中没有相关内容。';

// Ways models say "the sources do not cover this" when they paraphrase the instruction.
const NOT_COVERED_PATTERN =
  /汇编中(?:没有|并没有|未|并未|无)|没有(?:相关|提及|涉及|提到|找到|包含)|未(?:提及|涉及|提到|找到|包含)|无法(?:回答|确定|根据)|不包含|无相关/;

export interface ComposeWithLlmInput {
  model: BaseChatModel;
  question: string;
  intent: Intent;
  history: readonly HistoryTurn[];
  /** Retrieved passages numbered as the model will see them; quotes are exact substrings. */
  sources: readonly NumberedSource[];
  /** Short statements from graph traversal, shown to the model as untrusted context. */
  graphFacts: readonly string[];
  /** Receives the answer text as it is produced, already carrying the final [k] numbering. */
  stream?: AnswerStream;
  signal?: AbortSignal;
  /** Deadline for the whole model call. */
  timeoutMs: number;
}

/** The checked answer: every `[k]` in `answer` is `citations[k-1]`. */
export interface LlmComposition {
  answer: string;
  citations: Citation[];
  notes: string[];
  /** False when the model found no support in the sources; then `citations` is empty. */
  answerable: boolean;
}

function notCovered(stream: AnswerStream | undefined, notes: string[]): LlmComposition {
  stream?.onToken(NOT_COVERED);
  return { answer: NOT_COVERED, citations: [], notes, answerable: false };
}

/**
 * Writes a cited answer with a chat model. Tokens reach `stream.onToken` as they arrive, after
 * removing reasoning blocks and rewriting citation markers, so the streamed text concatenates to
 * exactly the returned `answer`. Rejects with ParkKgError ('LLM timeout' when over `timeoutMs`).
 */
export async function composeWithLlm(input: ComposeWithLlmInput): Promise<LlmComposition> {
  const { model, sources, stream, signal, timeoutMs } = input;
  // Nothing retrieved means nothing to cite: asking the model could only produce an unsupported answer.
  if (sources.length === 0) return notCovered(stream, []);
  const messages = await buildAnswerMessages(input);
  const filter = new AnswerTextFilter();
  const rewriter = new CitationRewriter(sources);
  let answer = '';
  const emit = (text: string): void => {
    if (text === '') return;
    answer += text;
    stream?.onToken(text);
  };
  await streamModelText(model, messages, {
    timeoutMs,
    signal,
    onText: (text) => emit(rewriter.push(filter.push(text))),
  });
  emit(rewriter.push(filter.end()));
  emit(rewriter.end());

  if (answer.trim() === '') return notCovered(stream, ['模型没有返回回答内容']);
  const checked = rewriter.result(answer);
  if (checked.citations.length > 0) {
    return { answer: checked.answer, citations: checked.citations, notes: checked.notes, answerable: true };
  }
  const notes = [...checked.notes];
  if (!NOT_COVERED_PATTERN.test(answer)) notes.push('回答没有引用任何检索到的来源，无法核实，请谨慎参考');
  return { answer: checked.answer, citations: [], notes, answerable: false };
}
