// What the extraction model may answer, and the check that ties every answer to the case text:
// an entity or relation survives only when its sentence id belongs to the case and its name is
// printed in that sentence, so the model can never invent evidence.
import { z } from 'zod';
import { caseSentences, type CaseDoc } from '../corpus/types.js';
import { NODE_LABELS } from '../graph/graph-types.js';
import type { EntityLabel, Extraction, Mention, RelationCandidate, RelationEnd } from './types.js';

const STRUCTURAL = new Set<string>(['Case', 'Chapter', 'Province', 'Park', 'Association']);

/** Labels the model may use: every node label except the structural ones the corpus supplies. */
export const ENTITY_LABELS = NODE_LABELS.filter((label) => !STRUCTURAL.has(label)) as EntityLabel[];

/** Relations the model may propose, with the endpoints each one allows (GUIDE §3). */
export const LLM_RELATIONS = {
  PARTNERS_WITH: { source: ['association'], target: ['University', 'ResearchInstitute', 'Society', 'Enterprise'] },
  VISITED: { source: ['Academician'], target: ['park'] },
  BUILT: { source: ['association'], target: ['Platform'] },
  RUNS: { source: ['association'], target: ['Initiative'] },
  AFFILIATED_WITH: { source: ['Academician', 'Expert'], target: ['University', 'ResearchInstitute'] },
} as const satisfies Record<string, { source: readonly string[]; target: readonly string[] }>;
type LlmRelationType = keyof typeof LLM_RELATIONS;
const RELATION_NAMES = Object.keys(LLM_RELATIONS) as [LlmRelationType, ...LlmRelationType[]];

const name = z.string().trim().min(2).max(80);
const sentenceId = z.string().trim().min(1).max(80);
const entitySchema = z.object({
  label: z.enum(ENTITY_LABELS as [EntityLabel, ...EntityLabel[]]),
  name,
  sentences: z.array(sentenceId).max(200).optional(),
  sentence: sentenceId.optional(),
});
const relationSchema = z.object({
  type: z.enum(RELATION_NAMES),
  source: name,
  target: name,
  sentence: sentenceId,
  date: z.string().trim().optional(),
});
const outputSchema = z.object({
  entities: z.array(z.unknown()).default([]),
  relations: z.array(z.unknown()).default([]),
});

/** The model's answer after the grounding check, as cached: names, labels and sentence ids. */
export interface GroundedOutput {
  entities: Array<{ label: EntityLabel; name: string; sentences: string[] }>;
  relations: Array<{ type: LlmRelationType; source: RelationEnd; target: RelationEnd; sentence: string; date?: string }>;
  dropped: { entities: number; relations: number };
}

/** Raised when the reply is not the JSON object the prompt asks for (the call is retried). */
export class LlmOutputError extends Error {
  override readonly name = 'LlmOutputError';
}

/** Parses the reply: the JSON object, tolerating code fences or text around it. */
export function parseModelJson(content: string): z.infer<typeof outputSchema> {
  const text = content.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '');
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new LlmOutputError('reply holds no JSON object');
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    throw new LlmOutputError(`reply is not valid JSON (${(error as Error).message})`);
  }
  const parsed = outputSchema.safeParse(json);
  if (!parsed.success) throw new LlmOutputError(`reply has the wrong shape (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/** Text without whitespace, for "is this name printed in this sentence" tests. */
export const compact = (text: string): string => text.replace(/\s+/g, '');

/** Keeps only entities and relations whose names are printed in the case sentences they cite. */
export function groundOutput(doc: CaseDoc, raw: z.infer<typeof outputSchema>): GroundedOutput {
  const sentences = new Map(caseSentences(doc).map((sentence) => [sentence.id, compact(sentence.text)]));
  const printedIn = (form: string, id: string) => sentences.get(id)?.includes(compact(form)) === true;
  const associationForms = new Set([doc.association, ...doc.associationAliases].map(compact));
  const parkForms = new Set([doc.park, ...doc.parkAliases].map(compact));
  const structural = (form: string) => compact(doc.association).includes(compact(form)) || compact(doc.park).includes(compact(form));
  const dropped = { entities: 0, relations: 0 };

  const entities = new Map<string, GroundedOutput['entities'][number]>();
  for (const item of raw.entities) {
    const parsed = entitySchema.safeParse(item);
    if (!parsed.success) {
      dropped.entities++;
      continue;
    }
    const { label, sentences: ids = [], sentence } = parsed.data;
    const entityName = parsed.data.name.replace(/\s+/g, ' ');
    const cited = [...new Set([...ids, ...(sentence ? [sentence] : [])])].filter((id) => printedIn(entityName, id));
    if (cited.length === 0 || structural(entityName)) {
      dropped.entities++;
      continue;
    }
    const key = `${label}\u0000${compact(entityName)}`;
    const existing = entities.get(key);
    if (existing) existing.sentences = [...new Set([...existing.sentences, ...cited])];
    else entities.set(key, { label, name: entityName, sentences: cited });
  }

  const labelsOf = (form: string) => [...entities.values()].filter((entity) => compact(entity.name) === compact(form));
  const endpoint = (form: string, allowed: readonly string[], id: string): RelationEnd | null => {
    if (allowed.includes('association') && associationForms.has(compact(form))) return { kind: 'association' };
    // A visit to the association is a visit to the park it serves.
    if (allowed.includes('park') && (parkForms.has(compact(form)) || associationForms.has(compact(form)))) return { kind: 'park' };
    if (!printedIn(form, id)) return null;
    const entity = labelsOf(form).find((candidate) => allowed.includes(candidate.label));
    return entity ? { kind: 'entity', label: entity.label, name: entity.name } : null;
  };
  const relations: GroundedOutput['relations'] = [];
  const seen = new Set<string>();
  for (const item of raw.relations) {
    const parsed = relationSchema.safeParse(item);
    const relation = parsed.success ? parsed.data : null;
    const rule = relation ? LLM_RELATIONS[relation.type] : null;
    const source = relation && rule && sentences.has(relation.sentence) ? endpoint(relation.source, rule.source, relation.sentence) : null;
    const target = relation && rule && source ? endpoint(relation.target, rule.target, relation.sentence) : null;
    if (!relation || !source || !target) {
      dropped.relations++;
      continue;
    }
    const date = relation.type === 'VISITED' ? statedDate(relation.date, sentences.get(relation.sentence) ?? '') : undefined;
    const key = JSON.stringify([relation.type, source, target, relation.sentence]);
    if (seen.has(key)) continue;
    seen.add(key);
    relations.push({ type: relation.type, source, target, sentence: relation.sentence, ...(date ? { date } : {}) });
  }
  return { entities: [...entities.values()], relations, dropped };
}

/** A VISITED date survives only when well formed and its year is printed in the sentence. */
function statedDate(date: string | undefined, sentence: string): string | undefined {
  if (!date || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) return undefined;
  return sentence.includes(date.slice(0, 4)) ? date : undefined;
}

/** The grounded answer as extractor output for one case, every item marked as found by the LLM. */
export function toExtraction(doc: CaseDoc, output: GroundedOutput): Extraction {
  const base = { caseNumber: doc.number, extractor: 'llm' as const };
  const mentions: Mention[] = output.entities.flatMap((entity) =>
    entity.sentences.map((id) => ({ ...base, label: entity.label, name: entity.name, sentenceId: id })),
  );
  const relations: RelationCandidate[] = output.relations.map((relation) => ({
    ...base,
    type: relation.type,
    source: relation.source,
    target: relation.target,
    sentenceId: relation.sentence,
    ...(relation.date ? { date: relation.date } : {}),
  }));
  return { mentions, relations };
}
