// Wires the configured chat model in as the answer writer: the offline composition's evidence
// (its cited sentences, with the draft as a graph-facts hint) becomes the model's numbered sources.
import type { Config } from '../config/config.js';
import type { AnswerWriter } from './answer-question.js';
import { createChatModel } from './llm/chat-model.js';
import { composeWithLlm } from './llm/llm-composer.js';

/** An AnswerWriter when the configuration names a model, else undefined (offline composer). */
export function createLlmWriter(config: Config): AnswerWriter | undefined {
  if (!config.llmEnabled || !config.LLM_MODEL) return undefined;
  const model = createChatModel({
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}),
  });
  return async ({ request, intent, composition, citations, stream, signal }) => {
    const sources = citations.map((citation, index) => ({ n: index + 1, citation, text: citation.quote }));
    const graphFacts = composition.graph.nodes.slice(0, 20).map((node) => `${node.label}: ${node.name}（案例 ${node.cases.join('、')}）`);
    return composeWithLlm({
      model,
      question: request.question,
      intent,
      history: request.history ?? [],
      sources,
      graphFacts,
      ...(stream ? { stream } : {}),
      ...(signal ? { signal } : {}),
      timeoutMs: config.LLM_TIMEOUT_MS,
    });
  };
}
