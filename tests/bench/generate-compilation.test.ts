// The scale generator: a 2× compilation is the real one plus one renamed copy that parses in the
// genre's layout and grows the graph (new associations, parks, people) instead of repeating it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCompilation } from '../../bench/scale/generate-compilation.js';
import { parseCompilation } from '../../src/corpus/parse-compilation.js';
import { loadAliasTable } from '../../src/extract/alias-table.js';
import { RuleExtractor } from '../../src/extract/rule-extractor.js';
import { mergeExtractions } from '../../src/extract/types.js';
import { buildGraph } from '../../src/graph/build-graph.js';

const SEEDS = path.resolve('seeds');
const raw = await readFile(path.join(SEEDS, 'park-association-cases-2024.txt'), 'utf8');
const original = parseCompilation(raw, { sourceId: 'real', sourceFile: 'real.txt' }).cases;
const text = generateCompilation(raw, { scale: 2 });
const compilation = parseCompilation(text, { sourceId: 'park-cases-x2', sourceFile: 'park-cases-x2.txt', idPrefix: 'park-cases-x2-' });
const cases = compilation.cases;
// Copies follow their original (case-major), so original case i has its renamed copy at 2i.
const copyOf = (index: number) => cases[2 * index + 1]!;

describe('generateCompilation (2×)', () => {
  it('parses into twice the cases with distinct association names', () => {
    expect(cases).toHaveLength(2 * original.length);
    expect(new Set(cases.map((doc) => doc.association)).size).toBe(cases.length);
  });

  it('keeps each copy in its chapter, province and founding year, with as many sentences', () => {
    original.forEach((doc, index) => {
      const copy = copyOf(index);
      expect(cases[2 * index]!.association).toBe(doc.association);
      expect({ chapter: copy.chapter.number, province: copy.province, founded: copy.founded }).toEqual({ chapter: doc.chapter.number, province: doc.province, founded: doc.founded });
      const count = (item: typeof doc) => item.captions.length + item.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.sentences)).length;
      expect(count(copy)).toBe(count(doc));
    });
  });

  it('renames every surface form of the association and park together', () => {
    const realNames = new Set(original.flatMap((doc) => [doc.association, ...doc.associationAliases, doc.park, ...doc.parkAliases].map((name) => name.replace(/\s+/g, ''))));
    original.forEach((doc, index) => {
      const copy = copyOf(index);
      // The 以下简称 and long forms are read from the renamed text, so they change with the name.
      expect(copy.associationAliases).toHaveLength(doc.associationAliases.length);
      expect(copy.parkAliases).toHaveLength(doc.parkAliases.length);
      for (const name of [copy.association, ...copy.associationAliases, copy.park, ...copy.parkAliases]) expect(realNames.has(name.replace(/\s+/g, ''))).toBe(false);
    });
  });

  it('is deterministic', () => {
    expect(generateCompilation(raw, { scale: 2 })).toBe(text);
    expect(generateCompilation(raw, { scale: 2, seed: 7 })).not.toBe(text);
  });

  it('puts the renamed names into the graph as their own nodes', async () => {
    const extractor = new RuleExtractor();
    const extraction = mergeExtractions(cases.map((doc) => extractor.extract(doc)));
    const snapshot = buildGraph([compilation], extraction, await loadAliasTable(path.join(SEEDS, 'aliases.json')));
    const copyNumbers = new Set(original.map((_, index) => copyOf(index).number));
    const byId = new Map(snapshot.nodes.map((node) => [node.id, node]));
    for (const [index] of original.entries()) {
      const copy = copyOf(index);
      const association = snapshot.nodes.find((node) => node.label === 'Association' && node.name === copy.association);
      expect(association?.cases).toEqual([copy.number]);
      expect(snapshot.nodes.some((node) => node.label === 'Park' && node.name === copy.park)).toBe(true);
    }
    // People are renamed too: the copy's academicians are new nodes, mentioned only by copies.
    const onlyIn = (label: string, inCopy: boolean) =>
      snapshot.nodes.filter((node) => node.label === label && node.cases.length > 0 && node.cases.every((n) => copyNumbers.has(n) === inCopy));
    expect(onlyIn('Academician', false).length).toBeGreaterThan(0);
    expect(onlyIn('Academician', true).length).toBeGreaterThanOrEqual(0.8 * onlyIn('Academician', false).length);
    expect(onlyIn('University', true).length).toBeGreaterThan(0);
    expect(byId.size).toBeGreaterThan(1.5 * new Set(snapshot.nodes.filter((node) => node.cases.every((n) => !copyNumbers.has(n))).map((node) => node.id)).size);
  });
});
