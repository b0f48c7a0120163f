// The benchmark workload: reproducible from its seed, valid queries, posts of the promised variety,
// and a matcher that agrees with the reference evaluator on it.
import { describe, expect, it } from 'vitest';
import { QueryMatcher } from '../matcher/matcher.js';
import { evaluate } from '../query/evaluate.js';
import { parseQuery } from '../query/parser.js';
import type { QueryNode } from '../query/ast.js';
import { analyzePost } from '../text/analyze.js';
import { createRandom, generateWorkload } from './workload.js';

describe('the listening benchmark workload', () => {
  it('is the same for the same seed and different for another seed', { timeout: 120_000 }, () => {
    const a = generateWorkload({ queries: 200, posts: 300, seed: 7 });
    const b = generateWorkload({ queries: 200, posts: 300, seed: 7 });
    const c = generateWorkload({ queries: 200, posts: 300, seed: 8 });
    expect(b).toEqual(a);
    expect(c.queries.map((q) => q.query)).not.toEqual(a.queries.map((q) => q.query));
    expect(c.posts.map((p) => p.text)).not.toEqual(a.posts.map((p) => p.text));
  });

  it('has a seeded generator in [0, 1) that does not repeat itself quickly', () => {
    const random = createRandom(42);
    const values = Array.from({ length: 10_000 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBe(values.length);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('gives the asked numbers of valid queries and posts, with the variety of real monitoring', { timeout: 120_000 }, () => {
    const { queries, posts } = generateWorkload({ queries: 2000, posts: 3000, seed: 1 });
    expect(queries).toHaveLength(2000);
    expect(posts).toHaveLength(3000);
    expect(new Set(queries.map((q) => q.id)).size).toBe(2000);
    for (const q of queries) expect(parseQuery(q.query).ok, q.query).toBe(true);
    const all = queries.map((q) => q.query).join('\n');
    for (const feature of ['NEAR/', '*', ' -', 'lang:', 'site:', 'author:', '#', '@', '"', ' OR ']) expect(all).toContain(feature);
    expect(queries.some((q) => q.topic === 'unindexable')).toBe(true);

    const langs = new Set(posts.map((p) => p.lang));
    for (const lang of ['en', 'es', 'fr', 'de', 'pt', 'ja']) expect(langs).toContain(lang);
    expect(posts.filter((p) => p.lang === 'en').length).toBeGreaterThan(posts.length * 0.4);
    const words = posts.map((p) => p.text.split(/\s+/).length).sort((x, y) => x - y);
    expect(words[Math.floor(words.length / 2)]).toBeLessThan(50);
    expect(words.at(-1)).toBeGreaterThan(200);
    const texts = posts.map((p) => p.text).join('\n');
    expect(texts).toMatch(/#\p{L}/u);
    expect(texts).toMatch(/@\w/);
    expect(texts).toContain('https://');
    expect(texts).toMatch(/\p{Extended_Pictographic}/u);
    // A large vocabulary: distinct words are many.
    expect(new Set(texts.toLowerCase().split(/[^\p{L}]+/u)).size).toBeGreaterThan(10_000);
  });

  it('has some posts that match queries and more that do not, and the matcher agrees with the evaluator', { timeout: 120_000 }, () => {
    const { queries, posts } = generateWorkload({ queries: 500, posts: 1500, seed: 3 });
    const matcher = new QueryMatcher();
    const asts: [string, QueryNode][] = [];
    for (const q of queries) {
      const parsed = parseQuery(q.query);
      if (!parsed.ok) throw new Error(q.query);
      matcher.set(q.id, parsed.ast);
      asts.push([q.id, parsed.ast]);
    }
    let matching = 0;
    for (const post of posts) {
      const analyzed = analyzePost(post);
      const expected = asts.filter(([, ast]) => evaluate(ast, analyzed)).map(([id]) => id).sort();
      expect(matcher.match(analyzed)).toEqual(expected);
      if (expected.length > 0) matching++;
    }
    expect(matching).toBeGreaterThan(posts.length * 0.05);
    expect(matching).toBeLessThan(posts.length * 0.5);
  });
});
