// The rules both adapters share for reads, and the named Cypher files the Neo4j adapter loads.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { NODE_LABELS, RELATION_TYPES } from '../../src/graph/graph-types.js';
import {
  MAX_HOPS,
  compareCodePoints,
  knownLabels,
  knownTypes,
  matchRank,
  mergeEvidence,
  nodeSearchKeys,
  normalizeHops,
  normalizeLimit,
  searchKey,
} from '../../src/store/read-rules.js';
import { QUERY_NAMES, compactQuery, loadNamedQueries, namedQueries } from '../../src/store/neo4j/neo4j-query-files.js';

const QUERY_DIR = new URL('../../graph/queries/', import.meta.url);

describe('read rules shared by the adapters', () => {
  it('folds search text: no whitespace, NFKC, Latin lower case; CJK untouched', () => {
    expect(searchKey(' 北京 E_ZIKOO\u3000智慧谷 ')).toBe('北京e_zikoo智慧谷');
    expect(searchKey('ＥＺＩＫＯＯ')).toBe('ezikoo');
    expect(nodeSearchKeys({ name: '北京 E_ZIKOO 智慧谷园区科协', aliases: ['E_ZIKOO智慧谷园区科协', '北京E_ZIKOO智慧谷园区科协'] })).toEqual([
      '北京e_zikoo智慧谷园区科协',
      'e_zikoo智慧谷园区科协',
    ]);
  });

  it('ranks exact before prefix before substring', () => {
    expect(matchRank(['江苏扬州高新区', '扬州高新区'], '扬州高新区')).toBe(0);
    expect(matchRank(['江苏扬州高新区科协', '扬州高新区科协'], '扬州高新区')).toBe(1);
    expect(matchRank(['江苏扬州高新区科协'], '扬州高新区')).toBe(2);
    expect(matchRank(['南京大学'], '扬州')).toBeNull();
  });

  it('orders strings by code point, as Neo4j does, also beyond U+FFFF', () => {
    const words = ['a\u{20BB7}', 'a\uFF5A', 'b', 'a', 'ab'];
    expect([...words].sort(compareCodePoints)).toEqual(['a', 'ab', 'a\uFF5A', 'a\u{20BB7}', 'b']);
    // Plain `<` compares UTF-16 units and would put the surrogate pair first.
    expect('a\u{20BB7}' < 'a\uFF5A').toBe(true);
  });

  it('clamps limits and hops, drops unknown labels and types', () => {
    expect(normalizeLimit(undefined, 20)).toBe(20);
    expect(normalizeLimit(Number.NaN, 20)).toBe(20);
    expect(normalizeLimit(-3, 20)).toBe(0);
    expect(normalizeLimit(7.9, 20)).toBe(7);
    expect(normalizeLimit(1e9, 20)).toBe(1000);
    expect([normalizeHops(undefined), normalizeHops(0), normalizeHops(2.5), normalizeHops(99)]).toEqual([4, 1, 2, MAX_HOPS]);
    expect(knownLabels(undefined, ['University'])).toEqual(['University']);
    expect(knownLabels([], ['University'])).toEqual(['University']);
    expect(knownLabels(['Park', 'Park) DETACH DELETE n //'], ['University'])).toEqual(['Park']);
    expect(knownLabels(['Nope'], ['University'])).toEqual([]);
    expect(knownTypes(undefined)).toEqual([...RELATION_TYPES]);
    expect(knownTypes([])).toEqual([...RELATION_TYPES]);
    expect(knownTypes(['Nope'])).toEqual([]);
    expect(knownTypes(['VISITED', 'x'])).toEqual(['VISITED']);
  });

  it('merges evidence: canonical order, one item per sentence', () => {
    const item = (caseNumber: number, sentence: string) => ({ case: caseNumber, sentence, text: sentence });
    expect(mergeEvidence([item(8, 's2'), item(3, 's9'), item(8, 's1'), item(8, 's2')])).toEqual([item(3, 's9'), item(8, 's1'), item(8, 's2')]);
  });
});

describe('graph/queries (named read queries)', () => {
  it('has one file per query, each opening with a header that names every parameter it uses', async () => {
    for (const name of QUERY_NAMES) {
      const text = await readFile(new URL(`${name}.cypher`, QUERY_DIR), 'utf8');
      const lines = text.split('\n');
      expect(lines[0], name).toMatch(new RegExp(`^// ${name}: \\S`));
      const header = lines.filter((line) => line.startsWith('//')).join('\n');
      const code = compactQuery(text);
      for (const [parameter] of code.matchAll(/\$\w+/g)) expect(header, `${name} documents ${parameter}`).toContain(parameter);
      expect(code.split(';').filter((part) => part.trim() !== '')).toHaveLength(1);
    }
  });

  it('spells labels and relationship types only from the closed lists', async () => {
    const known = new Set<string>([...NODE_LABELS, ...RELATION_TYPES, 'Entity']);
    for (const [name, query] of Object.entries(await loadNamedQueries(QUERY_DIR))) {
      // `(n:Label`, `[:TYPE]`, `n:Label AND` …; map keys are written `key: value`, with a space.
      const spelled = [...query.matchAll(/[([\w]:(\w+)/g)].map((match) => match[1] ?? '');
      expect(spelled.length, name).toBeGreaterThan(0);
      expect(spelled.filter((word) => !known.has(word)), name).toEqual([]);
      expect(query, name).not.toMatch(/\b(CREATE|MERGE|SET|DELETE|REMOVE|LOAD CSV|CALL dbms|apoc\.)/i);
    }
  });

  it('loads once and sends the queries without their comment headers', async () => {
    const first = await namedQueries();
    expect(await namedQueries()).toBe(first);
    for (const name of QUERY_NAMES) {
      expect(first[name]).not.toMatch(/^\s*\/\//m);
      expect(Buffer.byteLength(first[name])).toBeLessThan(1200);
    }
  });

  it('fails with a clear INTERNAL error when a query file is missing', async () => {
    await expect(loadNamedQueries(new URL('../../graph/no-such-folder/', import.meta.url))).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('graph/queries/'),
    });
  });
});
