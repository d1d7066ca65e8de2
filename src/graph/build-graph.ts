// Assembles the knowledge graph: structural nodes from the corpus, extracted entities resolved to
// canonical names, relations with their evidence, and MENTIONS from every case that names a node.
import type { CaseDoc, Compilation } from '../corpus/types.js';
import { caseSentences } from '../corpus/types.js';
import type { AliasTable } from '../extract/alias-table.js';
import type { EntityLabel, Extraction, RelationEnd } from '../extract/types.js';
import { canonicalSnapshot, type CaseRecord, type Evidence, type GraphEdge, type GraphNode, type GraphSnapshot, type NodeLabel, type RelationType } from './graph-types.js';
import { MentionScanner, SubstringIndex, compactText } from './mention-scan.js';
import { caseNodeId, chapterNodeId, nodeId } from './node-ids.js';
import { resolveEntityName } from './resolve-names.js';

const MAX_MENTION_EVIDENCE = 5;
const MAX_RELATION_EVIDENCE = 10;
// Short forms (新港区, 创业园) are safe inside their own case only.
const MIN_GLOBAL_FORM = 5;
const PERSON_LABELS = new Set<NodeLabel>(['Academician', 'Expert']);

interface NodeDraft {
  node: GraphNode;
  forms: Set<string>;
  /** Forms only searched for in the node's own cases. */
  localForms: Set<string>;
  ownCases: Set<number>;
}

/** Builds the snapshot every store holds, from parsed cases and merged extractions. */
export function buildGraph(compilations: readonly Compilation[], extraction: Extraction, aliases: AliasTable): GraphSnapshot {
  const cases = compilations.flatMap((compilation) => compilation.cases);
  const docByNumber = new Map(cases.map((doc) => [doc.number, doc]));
  const drafts = new Map<string, NodeDraft>();
  const edges = new Map<string, GraphEdge>();

  const upsert = (label: NodeLabel, name: string, ownCase: number | null, forms: readonly string[] = [], localForms: readonly string[] = []) => {
    const id = nodeId(label, name);
    let draft = drafts.get(id);
    if (!draft) {
      draft = { node: { id, label, name, aliases: [], cases: [] }, forms: new Set([name]), localForms: new Set(), ownCases: new Set() };
      drafts.set(id, draft);
    }
    for (const form of forms) draft.forms.add(form);
    for (const form of localForms) draft.localForms.add(form);
    if (ownCase !== null) draft.ownCases.add(ownCase);
    return id;
  };
  const addEdge = (type: RelationType, source: string, target: string, evidence: readonly Evidence[], cap = MAX_RELATION_EVIDENCE, date?: string) => {
    const key = `${source}\u0000${type}\u0000${target}`;
    const edge = edges.get(key) ?? { source, target, type, evidence: [] };
    for (const item of evidence) {
      if (edge.evidence.length < cap && !edge.evidence.some((other) => other.sentence === item.sentence)) edge.evidence.push(item);
    }
    if (date && !edge.date) edge.date = date;
    edges.set(key, edge);
  };

  // Structural nodes: case, chapter, province, association, park.
  const caseNodes: GraphNode[] = [];
  for (const doc of cases) {
    caseNodes.push({ id: caseNodeId(doc.number), label: 'Case', name: doc.title, aliases: [], cases: [doc.number] });
    const chapterId = chapterNodeId(doc.chapter.number);
    const chapter = drafts.get(chapterId) ?? { node: { id: chapterId, label: 'Chapter' as const, name: doc.chapter.name, aliases: [], cases: [] }, forms: new Set<string>(), localForms: new Set<string>(), ownCases: new Set<number>() };
    chapter.ownCases.add(doc.number);
    drafts.set(chapterId, chapter);
    const [longForms, shortForms] = splitBySize([doc.association, ...doc.associationAliases]);
    const associationId = upsert('Association', doc.association, doc.number, longForms, shortForms);
    const [parkLong, parkShort] = splitBySize([doc.park, ...doc.parkAliases]);
    const parkId = upsert('Park', doc.park, doc.number, parkLong, parkShort);
    addEdge('IN_CHAPTER', caseNodeId(doc.number), chapterId, []);
    const aboutEvidence = firstEvidence(doc, [doc.association, ...doc.associationAliases]);
    const parkEvidence = firstEvidence(doc, [doc.park, ...doc.parkAliases]);
    addEdge('ABOUT', caseNodeId(doc.number), associationId, aboutEvidence);
    addEdge('SERVES', associationId, parkId, parkEvidence.length > 0 ? parkEvidence : aboutEvidence);
    if (doc.province) {
      // The region comes from the printed name; cite a sentence naming it, else one naming the park.
      const provinceId = upsert('Province', doc.province, doc.number);
      const stated = firstEvidence(doc, [doc.province]);
      addEdge('IN_PROVINCE', parkId, provinceId, stated.length > 0 ? stated : firstEvidence(doc, [doc.park, ...doc.parkAliases]));
    }
  }

  // Extracted entities, resolved per case so 省机械工程学会 can become 河南省机械工程学会.
  const namesByCase = new Map<number, Set<string>>();
  for (const mention of extraction.mentions) {
    const set = namesByCase.get(mention.caseNumber) ?? new Set<string>();
    set.add(`${mention.label}\u0000${compactText(mention.name)}`);
    namesByCase.set(mention.caseNumber, set);
  }
  const resolve = (label: EntityLabel, name: string, caseNumber: number) =>
    resolveEntityName(label, name, docByNumber.get(caseNumber), namesByCase.get(caseNumber) ?? new Set(), aliases);
  for (const mention of extraction.mentions) {
    const canonical = resolve(mention.label, mention.name, mention.caseNumber);
    upsert(mention.label, canonical, mention.caseNumber, [compactText(mention.form ?? mention.name), ...aliases.aliases(mention.label, canonical)]);
    // A quoted name is searched for with its quotes: bare 产学研 is a word, “院士行” is a programme.
    if (mention.form) drafts.get(nodeId(mention.label, canonical))?.forms.delete(canonical);
  }
  const endpoint = (end: RelationEnd, doc: CaseDoc): string =>
    end.kind === 'association' ? nodeId('Association', doc.association) : end.kind === 'park' ? nodeId('Park', doc.park) : nodeId(end.label, resolve(end.label, end.name, doc.number));
  for (const relation of extraction.relations) {
    const doc = docByNumber.get(relation.caseNumber);
    const sentence = doc && caseSentences(doc).find((item) => item.id === relation.sentenceId);
    if (!doc || !sentence) continue;
    const source = endpoint(relation.source, doc);
    const target = endpoint(relation.target, doc);
    if (source === target || !drafts.has(source) || !drafts.has(target)) continue;
    addEdge(relation.type, source, target, [{ case: doc.number, sentence: sentence.id, text: sentence.text }], MAX_RELATION_EVIDENCE, relation.date);
  }

  // Every case whose text names a node mentions it.
  const scanner = new MentionScanner(cases);
  const formsByLabel = new Map<NodeLabel, string[]>();
  for (const draft of drafts.values()) {
    const list = formsByLabel.get(draft.node.label) ?? [];
    for (const form of draft.forms) list.push(compactText(form));
    formsByLabel.set(draft.node.label, list);
  }
  const formIndexes = new Map([...formsByLabel].map(([label, list]) => [label, new SubstringIndex(list)]));
  const nodes: GraphNode[] = [...caseNodes];
  for (const draft of drafts.values()) {
    const { node } = draft;
    const cases = new Set(draft.ownCases);
    if (node.label !== 'Chapter') {
      const person = PERSON_LABELS.has(node.label);
      const own = new Set([...draft.forms, ...draft.localForms].map(compactText));
      const longerNames = longerFormsOf(own, formIndexes.get(node.label));
      const evidence = [
        ...scanner.scan([...draft.forms].filter((form) => person || compactText(form).length >= minimumForm(node.label)), { person, longerNames }),
        ...scanner.scan([...draft.localForms], { caseNumbers: [...draft.ownCases], longerNames }),
      ];
      const byCase = new Map<number, Evidence[]>();
      for (const item of evidence) {
        cases.add(item.case);
        const list = byCase.get(item.case);
        if (list) list.push(item);
        else byCase.set(item.case, [item]);
      }
      for (const caseNumber of cases) {
        addEdge('MENTIONS', caseNodeId(caseNumber), node.id, byCase.get(caseNumber) ?? [], MAX_MENTION_EVIDENCE);
      }
      node.aliases = [...new Set([...draft.forms, ...draft.localForms].map((form) => compactText(form).replace(/^“(.*)”$/, '$1')))].filter((form) => form !== compactText(node.name));
    }
    node.cases = [...cases].sort((a, b) => a - b);
    nodes.push(node);
  }

  const records: CaseRecord[] = cases.map((doc) => ({
    number: doc.number,
    title: doc.title,
    association: doc.association,
    park: doc.park,
    province: doc.province,
    chapter: doc.chapter.name,
    founded: doc.founded,
  }));
  return canonicalSnapshot({ cases: records, nodes, edges: [...edges.values()] });
}

/**
 * Forms of other nodes of the label that contain one of `own` and are longer than it, in the
 * label's form order (the order masking applies them in).
 */
function longerFormsOf(own: ReadonlySet<string>, index: SubstringIndex | undefined): string[] {
  if (!index) return [];
  const positions = new Set<number>();
  for (const form of own) {
    for (const position of index.containing(form)) if (index.forms[position]!.length > form.length) positions.add(position);
  }
  return [...positions]
    .sort((a, b) => a - b)
    .map((position) => index.forms[position]!)
    .filter((other) => !own.has(other));
}

/** Entity names shorter than this are searched for only where the extractor read them. */
function minimumForm(label: NodeLabel): number {
  return label === 'Park' || label === 'Association' ? MIN_GLOBAL_FORM : 3;
}

function splitBySize(forms: readonly string[]): [string[], string[]] {
  const long = forms.filter((form) => compactText(form).length >= MIN_GLOBAL_FORM);
  const short = forms.filter((form) => compactText(form).length < MIN_GLOBAL_FORM);
  return [long, short];
}

/** The first sentence of a case that names one of the forms (structural edges cite it). */
function firstEvidence(doc: CaseDoc, forms: readonly string[]): Evidence[] {
  const compactForms = forms.map(compactText).filter((form) => form.length >= 2);
  const sentence = caseSentences(doc).find((item) => compactForms.some((form) => compactText(item.text).includes(form)));
  return sentence ? [{ case: doc.number, sentence: sentence.id, text: sentence.text }] : [];
}
