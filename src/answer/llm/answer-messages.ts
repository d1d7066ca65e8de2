// Builds the chat messages for one answer: system rules, recent history, then the user turn with
// the question, the intent's instructions and the labelled untrusted blocks.
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { INTENTS, type HistoryTurn, type Intent } from '../types.js';
import { loadAnswerPrompt } from './prompt-templates.js';
import { formatGraphFacts, formatQuestion, formatSources, type PromptSource } from './untrusted-text.js';

/** Only the latest turns matter for follow-ups; older ones cost tokens and dilute the sources. */
export const MAX_HISTORY_TURNS = 6;
const MAX_TURN_CHARS = 2_000;
// Markers in earlier answers point at earlier sources; left in, the model tends to reuse them.
const OLD_MARKERS = /\s?[[【]\s*\d[\d\s,，、\-–~]*[\]】]/g;

export interface AnswerMessagesInput {
  question: string;
  intent: Intent;
  history: readonly HistoryTurn[];
  sources: readonly PromptSource[];
  graphFacts: readonly string[];
}

/** Turns chat history into LangChain messages: last few turns, old citation markers removed. */
export function historyMessages(history: readonly HistoryTurn[]): BaseMessage[] {
  return history.slice(-MAX_HISTORY_TURNS).map((turn) => {
    const content = turn.content.slice(0, MAX_TURN_CHARS);
    return turn.role === 'user' ? new HumanMessage(content) : new AIMessage(content.replace(OLD_MARKERS, ''));
  });
}

function intentFlags(intent: Intent): Record<string, boolean> {
  return Object.fromEntries(INTENTS.map((name) => [`intent_${name}`, name === intent]));
}

/** Formats the versioned answer prompt for one question; the result is what the model receives. */
export async function buildAnswerMessages(input: AnswerMessagesInput): Promise<BaseMessage[]> {
  const { template } = loadAnswerPrompt();
  return template.formatMessages({
    ...intentFlags(input.intent),
    question: formatQuestion(input.question),
    graph_facts: formatGraphFacts(input.graphFacts),
    sources: formatSources(input.sources),
    history: historyMessages(input.history),
  });
}
