// The default extractor: patterns plus word segmentation, offline and deterministic.
import { caseSentences, type CaseDoc } from '../corpus/types.js';
import { findInitiatives } from './initiatives.js';
import { findOrganisations, type OrgMatch } from './org-names.js';
import { findPersons, type PersonMatch } from './person-names.js';
import { BUILD_CUE, PARTNER_CUE, VISIT_CUE, statedDate } from './relation-cues.js';
import { tokenize } from './segmenter.js';
import type { EntityLabel, Extraction, Extractor, Mention, RelationCandidate } from './types.js';

const PARTNER_LABELS = new Set<EntityLabel>(['University', 'ResearchInstitute', 'Society', 'Enterprise']);
const AFFILIATION_LABELS = new Set<EntityLabel>(['University', 'ResearchInstitute']);

/** Rule-based extraction of entities and relations, one case at a time. */
export class RuleExtractor implements Extractor {
  readonly name = 'rules';

  extract(doc: CaseDoc): Extraction {
    const sentences = caseSentences(doc);
    const known = new Set<string>();
    for (const sentence of sentences) for (const person of findPersons(sentence.text)) known.add(person.name);

    const mentions: Mention[] = [];
    const relations: RelationCandidate[] = [];
    let lastYear: number | null = null;
    for (const sentence of sentences) {
      const text = sentence.text;
      const tokens = tokenize(text);
      const orgs = findOrganisations(text, tokens).filter((org) => !doc.association.includes(org.name) && !doc.park.includes(org.name));
      const persons = findPersons(text, known);
      const initiatives = findInitiatives(text);
      const base = { caseNumber: doc.number, sentenceId: sentence.id };
      const entity = (label: EntityLabel, name: string) => ({ kind: 'entity' as const, label, name });

      for (const org of orgs) mentions.push({ ...base, label: org.label, name: org.name });
      for (const person of persons) mentions.push({ ...base, label: person.role, name: person.name });
      for (const initiative of initiatives) {
        mentions.push({ ...base, label: 'Initiative', name: initiative.name, ...(initiative.quotedOnly ? { form: `“${initiative.name}”` } : {}) });
      }

      for (const org of orgs) {
        if (PARTNER_LABELS.has(org.label) && PARTNER_CUE.test(text)) {
          relations.push({ ...base, type: 'PARTNERS_WITH', source: { kind: 'association' }, target: entity(org.label, org.name) });
        }
        if (org.label === 'Platform' && BUILD_CUE.test(text)) {
          relations.push({ ...base, type: 'BUILT', source: { kind: 'association' }, target: entity('Platform', org.name) });
        }
        if (org.label === 'Initiative') {
          relations.push({ ...base, type: 'RUNS', source: { kind: 'association' }, target: entity('Initiative', org.name) });
        }
      }
      for (const initiative of initiatives) {
        relations.push({ ...base, type: 'RUNS', source: { kind: 'association' }, target: entity('Initiative', initiative.name) });
      }
      const date = statedDate(text, lastYear);
      for (const person of persons) {
        if (person.role === 'Academician' && VISIT_CUE.test(text)) {
          relations.push({ ...base, type: 'VISITED', source: entity('Academician', person.name), target: { kind: 'park' }, ...(date ? { date } : {}) });
        }
        for (const org of affiliations(text, person, orgs)) {
          relations.push({ ...base, type: 'AFFILIATED_WITH', source: entity(person.role, person.name), target: entity(org.label, org.name) });
        }
      }
      const year = /(\d{4})\s*年/.exec(text);
      if (year) lastYear = Number(year[1]);
    }
    return { mentions, relations };
  }
}

/** Universities and institutes printed just before a person in the same clause (天津大学王为教授). */
function affiliations(text: string, person: PersonMatch, orgs: readonly OrgMatch[]): OrgMatch[] {
  return orgs.filter((org) => {
    if (!AFFILIATION_LABELS.has(org.label) || org.end > person.start || person.start - org.end > 20) return false;
    return !/[，。；、]/.test(text.slice(org.end, person.start).replace(/^、/, ''));
  });
}
