// Stable node ids: a label key plus the canonical name without spaces, so re-ingest keeps them.
import type { NodeLabel } from './graph-types.js';

const LABEL_KEY: Record<NodeLabel, string> = {
  Case: 'case',
  Chapter: 'chapter',
  Province: 'province',
  Park: 'park',
  Association: 'association',
  University: 'university',
  ResearchInstitute: 'institute',
  Academician: 'academician',
  Expert: 'expert',
  Society: 'society',
  Enterprise: 'enterprise',
  Platform: 'platform',
  Initiative: 'initiative',
};

/** Id of a named node, e.g. `university:天津大学`. */
export function nodeId(label: NodeLabel, name: string): string {
  return `${LABEL_KEY[label]}:${name.replace(/\s+/g, '')}`;
}

/** Id of a case node; numbers are unique across all loaded compilations. */
export function caseNodeId(number: number): string {
  return `case:${number}`;
}

/** Id of a chapter node (chapters are shared by number across compilations of the genre). */
export function chapterNodeId(number: number): string {
  return `chapter:${number}`;
}
