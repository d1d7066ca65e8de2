// Follow-up questions (那它们和哪些高校合作？) borrow the entities of the previous turns.
import type { EntityLinker, LinkedEntity } from '../retrieve/entity-linker.js';
import type { HistoryTurn } from './types.js';

const ANAPHORA = /(它们|他们|她们|它|该园区|该科协|这些|那些|上述|其中|以上|前面|刚才|那它|那他)/;

/** Entities the current question refers back to, taken from the latest turns that name some. */
export function entitiesFromHistory(question: string, linked: readonly LinkedEntity[], history: readonly HistoryTurn[], linker: EntityLinker): LinkedEntity[] {
  if (history.length === 0) return [];
  const refersBack = ANAPHORA.test(question) || (linked.length === 0 && question.replace(/\s+/g, '').length <= 16);
  if (!refersBack) return [];
  for (let index = history.length - 1; index >= 0; index--) {
    const turn = history[index]!;
    const found = linker.link(turn.content);
    // An answer lists cases by association; a question may name anything.
    const useful = turn.role === 'assistant' ? found.filter((entity) => entity.node.label === 'Association') : found;
    if (useful.length > 0) return useful.filter((entity) => !linked.some((own) => own.node.id === entity.node.id));
  }
  return [];
}
