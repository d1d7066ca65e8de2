// Prompts live in prompts/*.v<N>.md so they can be reviewed and versioned like code; this loader
// turns them into a LangChain ChatPromptTemplate, so any LangChain chat model can consume them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, MessagesPlaceholder } from '@langchain/core/prompts';
import { ParkKgError } from '../../errors.js';

/** Bumped together with the prompt file names; recorded so answers can be traced to a prompt. */
export const ANSWER_PROMPT_VERSION = 'answer.v2';

// Resolved relative to this module: src/answer/llm/ (tsx, vitest) and dist/answer/llm/ (built)
// both sit three levels below the folder holding prompts/.
const SYSTEM_FILE = new URL('../../../prompts/answer-system.v2.md', import.meta.url);
const USER_FILE = new URL('../../../prompts/answer-user.v1.md', import.meta.url);

/** The answer prompt: the system text and a template for system + history + user turn. */
export interface AnswerPrompt {
  version: string;
  system: string;
  user: string;
  template: ChatPromptTemplate;
}

let cached: AnswerPrompt | undefined;

/** Drops the leading `---` front matter: it documents the file and is not sent to the model. */
export function stripFrontMatter(text: string): string {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const match = /^---\n[\s\S]*?\n---\n/.exec(normalised);
  return (match === null ? normalised : normalised.slice(match[0].length)).trim();
}

function readPrompt(file: URL): string {
  try {
    return stripFrontMatter(readFileSync(fileURLToPath(file), 'utf8'));
  } catch (error) {
    throw new ParkKgError('INTERNAL', `Prompt template missing: ${fileURLToPath(file)}`, { cause: error });
  }
}

/** Reads the prompt files once per process; later calls reuse the parsed template. */
export function loadAnswerPrompt(): AnswerPrompt {
  if (cached !== undefined) return cached;
  const system = readPrompt(SYSTEM_FILE);
  const user = readPrompt(USER_FILE);
  // The system text is a fixed message, never a template: nothing in it is interpolated.
  const template = ChatPromptTemplate.fromMessages(
    [new SystemMessage(system), new MessagesPlaceholder('history'), ['human', user]],
    { templateFormat: 'mustache' },
  );
  cached = { version: ANSWER_PROMPT_VERSION, system, user, template };
  return cached;
}
