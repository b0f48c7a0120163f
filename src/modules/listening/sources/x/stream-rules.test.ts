import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../query/parser.js';
import { deriveStreamRules, queryIdsOfTag, translateQuery } from './stream-rules.js';

const translate = (query: string, maxRuleLength?: number): { rules: string[]; status: string; notes: string[] } => {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const { rules, status, notes } = translateQuery(parsed.ast, maxRuleLength);
  return { rules, status, notes };
};

describe('X stream rules from listening queries', () => {
  it.each([
    ['nike', 'nike'],
    ['"just do it"', '"just do it"'],
    ['coca-cola', '"coca cola"'],
    ['(iphone OR ipad) -case', '(iphone OR ipad) -case'],
    ['tesla OR ford recall', 'tesla OR (ford recall)'],
    ['#nike OR @nike OR $aapl', '#nike OR @nike OR $aapl'],
    ['author:@nike lang:es', 'from:nike lang:es'],
    ['nike -(cheap OR fake)', 'nike -cheap -fake'],
    ['nike 😡', 'nike 😡'],
    // Posts from X have no title, and their own address is on x.com.
    ['title:nike OR adidas', 'adidas'],
    ['channel:twitter nike', 'nike'],
    ['site:x.com nike', 'nike'],
  ])('translates %s exactly', (query, rule) => {
    expect(translate(query)).toEqual({ rules: [rule], status: 'exact', notes: [] });
  });

  it.each([
    ['apple NEAR/3 pie', 'apple pie', 'NEAR/3 is matched as AND (X has no proximity)'],
    ['nik* shoes', 'shoes', 'the wildcard nik* is left out (X has no wildcards)'],
    ['raw:"Just Do It"', '"just do it"', 'raw:"Just Do It" is matched by its words, ignoring case and punctuation'],
    ['links:nike.com nike', 'url:"nike.com" nike', 'links:nike.com is matched as url:"nike.com" (any link containing it)'],
    ['nike -(cheap fake)', 'nike', 'a NOT of a group X cannot negate is left out'],
    ['nike -nik*', 'nike', 'the wildcard nik* is left out (X has no wildcards)'],
    ['nike country:us', 'nike', "country:us is left out (X's place_country only covers geotagged posts)"],
  ])('broadens %s', (query, rule, note) => {
    expect(translate(query)).toEqual({ rules: [rule], status: 'broadened', notes: [note] });
  });

  it.each([
    ['nik*', 'nothing is left that X can filter on (a keyword, hashtag, mention, phrase or author)'],
    ['lang:es', 'nothing is left that X can filter on (a keyword, hashtag, mention, phrase or author)'],
    ['title:nike', 'the query cannot match posts from X'],
    ['channel:reddit nike', 'the query cannot match posts from X'],
  ])('cannot cover %s', (query, note) => {
    const { rules, status, notes } = translate(query);
    expect([rules, status, notes.at(-1)]).toEqual([[], 'uncovered', note]);
  });

  it('splits an OR longer than the rule length into several rules', () => {
    const brands = Array.from({ length: 80 }, (_, index) => `brandname${index}`);
    const { rules, status } = translate(brands.join(' OR '));
    expect(status).toBe('exact');
    expect(rules.length).toBeGreaterThan(1);
    for (const rule of rules) expect(rule.length).toBeLessThanOrEqual(512);
    expect(rules.flatMap((rule) => rule.split(' OR '))).toEqual(brands);
  });

  it('drops the longest part of an AND that does not fit', () => {
    const brands = Array.from({ length: 80 }, (_, index) => `brandname${index}`);
    const { rules, status, notes } = translate(`shoes (${brands.join(' OR ')})`, 300);
    expect([rules, status]).toEqual([['shoes'], 'broadened']);
    expect(notes[0]).toMatch(/^brandname0 OR brandname1 .*… is left out to fit X's rule length$/);
  });
});

describe('deriveStreamRules', () => {
  it('tags each rule with its query, shares identical rules and reports coverage', () => {
    const derived = deriveStreamRules([
      { id: 'q1', query: 'nike' },
      { id: 'q2', query: 'NIKE' },
      { id: 'q3', query: 'apple NEAR/2 pie' },
      { id: 'q4', query: 'nik*' },
      { id: 'q5', query: '(unbalanced' },
    ]);
    expect(derived.rules).toEqual([
      { value: 'nike', tag: 'parley:q1,q2' },
      { value: 'apple pie', tag: 'parley:q3' },
    ]);
    expect(derived.broadened).toEqual(['q3']);
    expect(derived.uncovered).toEqual(['q4', 'q5']);
    expect(queryIdsOfTag('parley:q1,q2')).toEqual(['q1', 'q2']);
    expect(queryIdsOfTag('cats with images')).toEqual([]);
  });

  it('packs queries into fewer rules when the plan allows fewer, and reports what does not fit', () => {
    const queries = [
      { id: 'q1', query: 'nike' },
      { id: 'q2', query: 'adidas' },
      { id: 'q3', query: 'puma' },
    ];
    expect(deriveStreamRules(queries, { maxRules: 2 }).rules).toEqual([
      { value: 'nike OR puma', tag: 'parley:q1,q3' },
      { value: 'adidas', tag: 'parley:q2' },
    ]);
    const tight = deriveStreamRules(queries, { maxRules: 1, maxRuleLength: 10 });
    expect(tight.rules).toEqual([{ value: 'nike', tag: 'parley:q1' }]);
    expect(tight.uncovered.sort()).toEqual(['q2', 'q3']);
  });
});
