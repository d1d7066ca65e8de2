// The LLM's answer is validated with zod and grounded in the case: invented evidence never survives.
import { describe, expect, it } from 'vitest';
import { parseCompilation } from '../../src/corpus/parse-compilation.js';
import { caseSentences } from '../../src/corpus/types.js';
import { groundOutput, LlmOutputError, parseModelJson, toExtraction } from '../../src/extract/llm-output.js';
import { syntheticText } from '../pipeline/synthetic-compilation.js';

const compilation = parseCompilation(syntheticText(), { sourceId: 'synthetic', sourceFile: 'synthetic.txt', firstCaseNumber: 54, idPrefix: 'synthetic-' });
const [linjiang, qingshan] = compilation.cases as [(typeof compilation.cases)[0], (typeof compilation.cases)[0]];
const idOf = (doc: typeof linjiang, fragment: string) => caseSentences(doc).find((sentence) => sentence.text.includes(fragment))!.id;

describe('parseModelJson', () => {
  it('reads a JSON object inside code fences or surrounding text', () => {
    expect(parseModelJson('```json\n{"entities":[],"relations":[]}\n```')).toEqual({ entities: [], relations: [] });
    expect(parseModelJson('好的，结果如下：{"entities":[{"label":"University"}]} 以上。').entities).toHaveLength(1);
    expect(parseModelJson('{}')).toEqual({ entities: [], relations: [] });
  });

  it.each([['no JSON at all', '我无法完成'], ['broken JSON', '{"entities": [}'], ['wrong shape', '{"entities": "天津大学"}']])('rejects %s', (_name, reply) => {
    expect(() => parseModelJson(reply)).toThrow(LlmOutputError);
  });
});

describe('groundOutput', () => {
  const partner = idOf(linjiang, '临江理工大学');
  const platform = idOf(linjiang, '院士专家工作站');

  it('keeps entities printed in the sentences they cite, with only those sentence ids', () => {
    const output = groundOutput(linjiang, {
      entities: [
        { label: 'University', name: '临江理工大学', sentences: [partner, platform] },
        { label: 'ResearchInstitute', name: '临江新材料联合研究院', sentence: partner },
      ],
      relations: [],
    });
    expect(output.entities).toEqual([
      { label: 'University', name: '临江理工大学', sentences: [partner] },
      { label: 'ResearchInstitute', name: '临江新材料联合研究院', sentences: [partner] },
    ]);
    expect(output.dropped).toEqual({ entities: 0, relations: 0 });
  });

  it('drops invented sentence ids, names the sentence does not print, unknown labels and structural names', () => {
    const output = groundOutput(linjiang, {
      entities: [
        { label: 'University', name: '虚构科技大学', sentences: [partner] },
        { label: 'University', name: '临江理工大学', sentences: ['c01-0000000000', 'synthetic-c55-0000000000'] },
        { label: 'Spaceship', name: '临江理工大学', sentences: [partner] },
        { label: 'Park', name: '临江高新区', sentences: [partner] },
        { label: 'Enterprise', name: '临江高新区', sentences: [idOf(linjiang, '成立于')] },
        { label: 'University', sentences: [partner] },
        '临江理工大学',
      ],
      relations: [],
    });
    expect(output.entities).toEqual([]);
    expect(output.dropped.entities).toBe(7);
  });

  it('keeps relations of allowed types whose endpoints fit and are printed in the cited sentence', () => {
    const association = linjiang.association;
    const output = groundOutput(linjiang, {
      entities: [
        { label: 'University', name: '临江理工大学', sentences: [partner] },
        { label: 'Platform', name: '临江智能装备院士专家工作站', sentences: [platform] },
      ],
      relations: [
        { type: 'PARTNERS_WITH', source: association, target: '临江理工大学', sentence: partner },
        { type: 'BUILT', source: '临江高新区科协', target: '临江智能装备院士专家工作站', sentence: platform },
        // Cites a sentence that does not print the partner.
        { type: 'PARTNERS_WITH', source: association, target: '临江理工大学', sentence: platform },
        // A platform is not a partner; a made-up type; a made-up sentence; an unknown target.
        { type: 'PARTNERS_WITH', source: association, target: '临江智能装备院士专家工作站', sentence: platform },
        { type: 'OWNS', source: association, target: '临江理工大学', sentence: partner },
        { type: 'PARTNERS_WITH', source: association, target: '临江理工大学', sentence: 'synthetic-c54-ffffffffff' },
        { type: 'PARTNERS_WITH', source: association, target: '临江新材料联合研究院', sentence: partner },
      ],
    });
    expect(output.relations).toEqual([
      { type: 'PARTNERS_WITH', source: { kind: 'association' }, target: { kind: 'entity', label: 'University', name: '临江理工大学' }, sentence: partner },
      { type: 'BUILT', source: { kind: 'association' }, target: { kind: 'entity', label: 'Platform', name: '临江智能装备院士专家工作站' }, sentence: platform },
    ]);
    expect(output.dropped.relations).toBe(5);
  });

  it('keeps a visit date only when its year is printed in the sentence', () => {
    const visit = idOf(qingshan, '王建国');
    const raw = (date: string) => ({
      entities: [{ label: 'Academician', name: '王建国', sentences: [visit] }],
      relations: [{ type: 'VISITED', source: '王建国', target: qingshan.park, sentence: visit, date }],
    });
    expect(groundOutput(qingshan, raw('2023-06')).relations[0]).toMatchObject({ type: 'VISITED', date: '2023-06', target: { kind: 'park' } });
    expect(groundOutput(qingshan, raw('2022-06')).relations[0]).not.toHaveProperty('date');
    expect(groundOutput(qingshan, raw('去年六月')).relations[0]).not.toHaveProperty('date');
  });

  it('turns the grounded answer into mentions and relations marked as found by the LLM', () => {
    const output = groundOutput(linjiang, {
      entities: [{ label: 'University', name: '临江理工大学', sentences: [partner] }],
      relations: [{ type: 'PARTNERS_WITH', source: linjiang.association, target: '临江理工大学', sentence: partner }],
    });
    const extraction = toExtraction(linjiang, output);
    expect(extraction.mentions).toEqual([{ caseNumber: 54, extractor: 'llm', label: 'University', name: '临江理工大学', sentenceId: partner }]);
    expect(extraction.relations[0]).toMatchObject({ caseNumber: 54, extractor: 'llm', type: 'PARTNERS_WITH', sentenceId: partner });
  });
});
