// What views may ask of the app shell; views never reach into each other directly.
import type { CaseRecord } from './api/types.js';

export type TabName = 'chat' | 'graph' | 'cases';

/** A place in a case: the reader scrolls to and highlights the sentence (or the quote's text). */
export interface ReaderTarget {
  caseNumber: number;
  sentenceId?: string;
  quote?: string;
}

export interface AppContext {
  navigate(tab: TabName): void;
  openReader(target: ReaderTarget): void;
  /** Switches to the graph tab with this entity (`label:name` id) and its neighbours shown. */
  showEntity(id: string): void;
  /** The 53 case records, fetched once and shared (titles, chapters and provinces for lookups). */
  caseRecords(): Promise<CaseRecord[]>;
}
