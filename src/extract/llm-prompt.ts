// The extraction prompt (prompts/extract-entities.v1.md) as a LangChain ChatPromptTemplate, and the
// rendering of one case into it: numbered sentences inside a block labelled as untrusted data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BaseMessage } from '@langchain/core/messages';
import { SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { stripFrontMatter } from '../answer/llm/prompt-templates.js';
import { neutraliseDelimiters } from '../answer/llm/untrusted-text.js';
import { shortHash } from '../corpus/stable-id.js';
import { caseSentences, type CaseDoc } from '../corpus/types.js';
import { ParkKgError } from '../errors.js';

/** Bumped together with the prompt file name; part of the cache key and the extraction report. */
export const EXTRACT_PROMPT_VERSION = 'extract-entities.v1';

// src/extract/ (tsx, vitest) and dist/extract/ (built) both sit two levels below prompts/.
const PROMPT_FILE = new URL('../../prompts/extract-entities.v1.md', import.meta.url);
const SYSTEM_MARKER = '<!-- system -->';
const USER_MARKER = '<!-- user -->';

/** The loaded prompt; `version` also carries a digest of the text, so edits invalidate the cache. */
export interface ExtractPrompt {
  version: string;
  template: ChatPromptTemplate;
}

let cached: ExtractPrompt | undefined;

/** Reads the prompt file once per process. */
export function loadExtractPrompt(): ExtractPrompt {
  if (cached) return cached;
  let text: string;
  try {
    text = stripFrontMatter(readFileSync(fileURLToPath(PROMPT_FILE), 'utf8'));
  } catch (error) {
    throw new ParkKgError('INTERNAL', `Prompt template missing: ${fileURLToPath(PROMPT_FILE)}`, { cause: error });
  }
  const systemAt = text.indexOf(SYSTEM_MARKER);
  const userAt = text.indexOf(USER_MARKER);
  if (systemAt < 0 || userAt < systemAt) throw new ParkKgError('INTERNAL', `${fileURLToPath(PROMPT_FILE)}: expected ${SYSTEM_MARKER} then ${USER_MARKER}`);
  const system = text.slice(systemAt + SYSTEM_MARKER.length, userAt).trim();
  const user = text.slice(userAt + USER_MARKER.length).trim();
  // The system text is a fixed message, never a template: nothing in it is interpolated.
  const template = ChatPromptTemplate.fromMessages([new SystemMessage(system), ['human', user]], { templateFormat: 'mustache' });
  cached = { version: `${EXTRACT_PROMPT_VERSION}+${shortHash(system, user)}`, template };
  return cached;
}

/** Untrusted text on one line, unable to open or close a block. */
function blockText(text: string): string {
  return neutraliseDelimiters(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** The template variables for one case; `sentences` is one `[id] text` line per sentence. */
export function caseVariables(doc: CaseDoc): Record<string, string> {
  return {
    title: blockText(doc.title),
    association: blockText(doc.association),
    park: blockText(doc.park),
    sentences: caseSentences(doc)
      .map((sentence) => `[${sentence.id}] ${blockText(sentence.text)}`)
      .join('\n'),
  };
}

/** The messages sent for one case, and the text they were made from (for the cache key). */
export async function renderCasePrompt(doc: CaseDoc): Promise<{ messages: BaseMessage[]; caseText: string; version: string }> {
  const prompt = loadExtractPrompt();
  const variables = caseVariables(doc);
  const messages = await prompt.template.formatMessages(variables);
  const caseText = [variables.title, variables.association, variables.park, variables.sentences].join('\n');
  return { messages, caseText, version: prompt.version };
}
