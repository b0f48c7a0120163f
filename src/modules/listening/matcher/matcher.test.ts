import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryNode } from '../query/ast.js';
import { evaluate } from '../query/evaluate.js';
import { parseQuery } from '../query/parser.js';
import { analyzePost } from '../text/analyze.js';
import type { Post } from '../text/types.js';
import { foldUnicode } from '../text/normalize-term.js';
import { MAY_FOLD_TO_NO_SPACE_SCRIPT, QueryMatcher } from './matcher.js';

const parse = (query: string): QueryNode => {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(`${query}: ${result.error.message}`);
  return result.ast;
};
const post = (text: string, extra: Partial<Post> = {}) => analyzePost({ id: 'p', text, ...extra });

/** The queries that parse, in one matcher: on each text it finds exactly what evaluating each query finds. */
function expectMatcherAgreesWithEvaluator(queries: string[], texts: string[]): void {
  const matcher = new QueryMatcher();
  const asts = new Map<string, QueryNode>();
  queries.forEach((q, i) => {
    const parsed = parseQuery(q);
    if (!parsed.ok) return;
    asts.set(`q${i}`, parsed.ast);
    matcher.set(`q${i}`, parsed.ast);
  });
  for (const t of texts) {
    const analyzed = post(t);
    const expected = [...asts].filter(([, ast]) => evaluate(ast, analyzed)).map(([id]) => id).sort();
    expect(matcher.match(analyzed)).toEqual(expected);
  }
}

describe('the query matcher', () => {
  it('finds the matching queries of a post among many, evaluating only a few candidates', () => {
    const matcher = new QueryMatcher();
    for (let i = 0; i < 2000; i++) matcher.set(`brand${i}`, parse(`brand${i} OR #tag${i}`));
    matcher.set('nike', parse('nike -adidas'));
    matcher.set('cola', parse('coca-cola'));
    const analyzed = post('Just bought new #Nike shoes and a coca cola. #tag42 brand7 brand1999');
    expect(matcher.match(analyzed)).toEqual(['brand1999', 'brand42', 'brand7', 'cola', 'nike']);
    expect(matcher.candidates(analyzed).size).toBeLessThan(10);
  });

  it('keeps queries it cannot index apart, flags them, and still evaluates them', () => {
    const matcher = new QueryMatcher();
    expect(matcher.set('raw', parse('raw:"US"'))).toEqual({ indexed: false });
    expect(matcher.set('url', parse('url:checkout'))).toEqual({ indexed: false });
    expect(matcher.set('word', parse('shoes'))).toEqual({ indexed: true });
    expect(matcher.unindexable).toEqual(['raw', 'url']);
    expect(matcher.match(post('Ship to the US please', { url: 'https://shop.example.com/checkout' }))).toEqual(['raw', 'url']);
  });

  it('applies adding, replacing and removing a query at once', () => {
    const matcher = new QueryMatcher();
    matcher.set('q', parse('tesla'));
    expect(matcher.match(post('tesla is fun'))).toEqual(['q']);
    matcher.set('q', parse('ford'));
    expect(matcher.match(post('tesla is fun'))).toEqual([]);
    expect(matcher.match(post('ford recall'))).toEqual(['q']);
    matcher.remove('q');
    expect(matcher.match(post('ford recall'))).toEqual([]);
    expect(matcher.size).toBe(0);
  });

  it('matches on metadata fields: author, site and its subdomains, links, language, channel', () => {
    const matcher = new QueryMatcher();
    matcher.set('author', parse('author:@NikeSupport'));
    matcher.set('site', parse('site:example.com shoes'));
    matcher.set('links', parse('links:nike.com'));
    matcher.set('lang', parse('lang:es zapatillas'));
    const analyzed = post('New shoes at https://www.nike.com/launch zapatillas', { author: 'nikesupport', url: 'https://blog.example.com/post', lang: 'es', channel: 'twitter' });
    expect(matcher.match(analyzed)).toEqual(['author', 'lang', 'links', 'site']);
  });

  it('gives exactly the result of evaluating every query on every post (property)', () => {
    const words = ['nike', 'adidas', 'shoes', 'run', 'cola', 'coca', 'apple', 'pie', 'tesla', 'ford', 'recall'];
    const word = fc.constantFrom(...words);
    const atom = fc.oneof(word, word.map((w) => `#${w}`), word.map((w) => `@${w}`), fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`), word.map((w) => `${w.slice(0, 3)}*`));
    const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
      q: fc.oneof(
        { depthSize: 'small' },
        atom,
        fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a} OR ${b})`),
        fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a} ${b})`),
        fc.tuple(tie('q'), atom).map(([a, b]) => `(${a} -${b})`),
        fc.tuple(word, word, fc.integer({ min: 1, max: 4 })).map(([a, b, n]) => `(${a} NEAR/${n} ${b})`),
      ),
    })).q;
    const text = fc.array(fc.oneof(word, word.map((w) => `#${w}`), word.map((w) => `@${w}`), fc.constantFrom('and', 'the', '.', '!')), { maxLength: 12 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 20 }), fc.array(text, { minLength: 1, maxLength: 10 }), (queries, texts) => {
        expectMatcherAgreesWithEvaluator(queries, texts);
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates raw:, url: and prefix wildcards exactly, indexed or not', () => {
    const matcher = new QueryMatcher();
    matcher.set('raw', parse('raw:"ACME"'));
    matcher.set('rawTitle', parse('title:raw:"ACME"'));
    matcher.set('url', parse('url:Checkout'));
    matcher.set('prefix', parse('zorva* -zorvajobs'));
    matcher.set('short', parse('zor*'));
    expect(matcher.match(post('ACMEs and acme', { url: 'https://shop.example.com/checkout' }))).toEqual(['url']);
    expect(matcher.match(post('I like ACME.', { title: 'ACME news' }))).toEqual(['raw', 'rawTitle']);
    expect(matcher.match(post('Zorvak is here'))).toEqual(['prefix', 'short']);
    expect(matcher.match(post('zorvajobs hiring'))).toEqual(['short']);
    expect(matcher.match(post('zorro'))).toEqual(['short']);
    expect(matcher.candidates(post('zorro')).has('prefix')).toBe(false);
  });

  it('agrees with the reference evaluator while queries are added, replaced and removed (property)', () => {
    const words = ['nike', 'nikon', 'niketown', 'adidas', 'shoes', 'cola', 'zorvak', 'zorvax'];
    const word = fc.constantFrom(...words);
    const query = fc.oneof(
      word,
      word.map((w) => `${w.slice(0, 4)}*`),
      word.map((w) => `${w.slice(0, 3)}?${w.slice(4)}`),
      fc.tuple(word, word).map(([a, b]) => `"${a} ${b}" OR #${b}`),
      fc.tuple(word, word).map(([a, b]) => `(${a} OR title:${b}) -${b.slice(0, 5)}*`),
      word.map((w) => `raw:"${w.toUpperCase()}" OR url:${w}`),
    );
    const op = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.option(query, { nil: undefined }));
    const text = fc.array(fc.oneof(word, word.map((w) => w.toUpperCase()), word.map((w) => `#${w}`)), { maxLength: 8 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), fc.array(fc.tuple(text, text, word), { minLength: 1, maxLength: 5 }), (ops, posts) => {
        const matcher = new QueryMatcher();
        const asts = new Map<string, QueryNode>();
        for (const [n, q] of ops) {
          if (q === undefined) {
            matcher.remove(`q${n}`);
            asts.delete(`q${n}`);
          } else {
            asts.set(`q${n}`, parse(q));
            matcher.set(`q${n}`, parse(q));
          }
        }
        expect(matcher.size).toBe(asts.size);
        for (const [t, title, site] of posts) {
          const analyzed = post(t, { title, url: `https://${site}.example.com/` });
          const expected = [...asts].filter(([, ast]) => evaluate(ast, analyzed)).map(([id]) => id).sort();
          expect(matcher.match(analyzed)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the reference evaluator on text mixing scripts written without spaces with others (property)', () => {
    // The matcher does not cut Chinese, Japanese or Thai runs into words; the words of other
    // scripts inside them (iPhone15, 2020, Ａ, café with a combining accent) must still be found.
    const latin = ['iphone', 'iPhone15', '2020', 'ｉｐｈｏｎｅ', 'cafe\u0301', 'café', "brand's", 'ａｂｃ', 'abc'];
    const cjk = ['東京', 'を買った', 'カタカナ', 'ｶﾀｶﾅ', 'ー', '々', 'ภาษาไทย', '年', '\u0301', '・', '。'];
    const piece = fc.oneof(fc.constantFrom(...latin), fc.constantFrom(...cjk));
    const text = fc.array(fc.tuple(piece, fc.constantFrom('', '', '', ' ')), { maxLength: 10 }).map((parts) => parts.map(([p, gap]) => p + gap).join(''));
    const term = fc.constantFrom('iphone', 'iphone15', '2020', 'abc', 'cafe', 'brands', '東京', 'カタカナ', 'ー');
    const query = fc.oneof(term, term.map((t) => `${t}*`), fc.tuple(term, term).map(([a, b]) => `"${a} ${b}"`), fc.tuple(term, term).map(([a, b]) => `${a} -${b}`), fc.tuple(term, term).map(([a, b]) => `${a} NEAR/2 ${b}`));
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 8 }), fc.array(text, { minLength: 1, maxLength: 6 }), (queries, texts) => {
        expectMatcherAgreesWithEvaluator(queries, texts);
      }),
      { numRuns: 500 },
    );
    const matcher = new QueryMatcher();
    matcher.set('model', parse('iphone15'));
    matcher.set('year', parse('2020'));
    expect(matcher.match(post('新しいiPhone15を買った、東京2020年'))).toEqual(['model', 'year']);
  });

  it('folds a text for substring keys only when a character of it may fold into a script without spaces', () => {
    const noSpaces = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
    const missed: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const char = String.fromCodePoint(c);
      if (noSpaces.test(foldUnicode(char)) && !MAY_FOLD_TO_NO_SPACE_SCRIPT.test(char)) missed.push(c.toString(16));
    }
    expect(missed).toEqual([]);
    expect(MAY_FOLD_TO_NO_SPACE_SCRIPT.test('Crème brûlée 😍 #nike')).toBe(false);
  });
});
