import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MetaField, QueryNode, TermNode, TextScope } from './ast.js';
import { parseQuery } from './parser.js';
import { printQuery } from './print.js';
import { evaluate } from './evaluate.js';
import { analyzePost } from '../text/analyze.js';
import type { Post } from '../text/types.js';

const ast = (query: string): QueryNode => {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(`${query}: ${result.error.message} at ${result.error.position}`);
  return result.ast;
};

const matches = (query: string, post: string | Omit<Post, 'id'>): boolean =>
  evaluate(ast(query), analyzePost(typeof post === 'string' ? { id: 'p', text: post } : { id: 'p', ...post }));

const t = (value: string, scope: TextScope = 'any'): TermNode => ({ type: 'term', kind: 'any', value, scope });

describe('spec examples', () => {
  const examples: [string, string, boolean][] = [
    ['nike', 'Just bought new #Nike shoes', true],
    ['#nike', 'Nike shoes are great', false],
    ['"just do it"', 'Just. Do. It!', true],
    ["mcdonald's", 'Lunch at McDonalds', true],
    ['cafe', 'Best café in town', true],
    ['apple NEAR/3 pie', 'apple and cherry pie', true],
    ['apple NEAR/2 pie', 'apple and cherry pie', false],
    ['pie NEAR/3f apple', 'apple and cherry pie', false],
    ['(iphone OR ipad) -case', 'my ipad case broke', false],
    ['tesla OR ford recall', 'tesla is fun', true],
    ['raw:"US"', 'tell us more', false],
    ['nik*', 'nikes on sale', true],
  ];
  it.each(examples)('%s on %j matches: %s', (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });
});

describe('terms', () => {
  it('parses the kinds of terms', () => {
    expect(ast('Nike')).toEqual(t('nike'));
    expect(ast('#Nike')).toEqual({ type: 'term', kind: 'hashtag', value: 'nike', scope: 'any' });
    expect(ast('@Nike')).toEqual({ type: 'term', kind: 'mention', value: 'nike', scope: 'any' });
    expect(ast('$AAPL')).toEqual({ type: 'term', kind: 'cashtag', value: 'aapl', scope: 'any' });
    expect(ast('"Just Do It"')).toEqual({ type: 'phrase', words: ['just', 'do', 'it'], scope: 'any' });
    expect(ast('coca-cola')).toEqual({ type: 'phrase', words: ['coca', 'cola'], scope: 'any' });
    expect(ast('Café')).toEqual(t('cafe'));
    expect(ast('nik*')).toEqual({ type: 'wildcard', pattern: 'nik*', scope: 'any' });
    expect(ast('N?ke')).toEqual({ type: 'wildcard', pattern: 'n?ke', scope: 'any' });
    expect(ast('😡')).toEqual({ type: 'emoji', value: '😡', scope: 'any' });
    expect(ast('raw:"Just Do It"')).toEqual({ type: 'raw', value: 'Just Do It', scope: 'any' });
    expect(ast('東京')).toEqual({ type: 'substring', value: '東京', scope: 'any' });
  });

  it('treats lower-case operator words as words', () => {
    expect(ast('rock and roll')).toEqual({ type: 'and', children: [t('rock'), t('and'), t('roll')] });
    expect(ast('this or that')).toEqual({ type: 'and', children: [t('this'), t('or'), t('that')] });
    expect(ast('not near')).toEqual({ type: 'and', children: [t('not'), t('near')] });
  });

  it('matches terms with the spec rules', () => {
    expect(matches('@nike', 'thanks @Nike')).toBe(true);
    expect(matches('@nike', 'thanks #Nike')).toBe(false);
    expect(matches('$aapl', 'buy $AAPL now')).toBe(true);
    expect(matches('nike', 'thanks @Nike')).toBe(true);
    expect(matches('coca-cola', 'I love Coca Cola')).toBe(true);
    expect(matches('coca-cola', 'Coca is not cola')).toBe(false);
    expect(matches("don't", 'I don’t care')).toBe(true);
    expect(matches('n?ke', 'nuke it')).toBe(true);
    expect(matches('n?ke', 'nke it')).toBe(false);
    expect(matches('nik*', 'ni ke')).toBe(false);
    expect(matches('😡', 'so angry 😡')).toBe(true);
    expect(matches('😡', 'so angry')).toBe(false);
    expect(matches('raw:"US"', 'Made in the US.')).toBe(true);
    expect(matches('raw:"US"', 'USA')).toBe(false);
    expect(matches('raw:"C++"', 'I write C++ daily')).toBe(true);
    expect(matches('東京', '私は東京タワーに行きました')).toBe(true);
    expect(matches('大阪', '私は東京タワーに行きました')).toBe(false);
    // The words of a URL are not words of the post.
    expect(matches('nike', 'see https://nike.com/shoes')).toBe(false);
  });

  it('matches the title and the text', () => {
    const post = { title: 'Review of the Nike Pegasus', text: 'Great running shoe' };
    expect(matches('nike', post)).toBe(true);
    expect(matches('title:nike', post)).toBe(true);
    expect(matches('text:nike', post)).toBe(false);
    expect(matches('text:running', post)).toBe(true);
    expect(matches('title:running', post)).toBe(false);
    expect(matches('title:("nike pegasus" OR adidas)', post)).toBe(true);
    expect(matches('title:nike', 'nike')).toBe(false);
  });
});

describe('metadata fields', () => {
  const post: Omit<Post, 'id'> = {
    text: 'hello https://www.Shop.Example.org/a',
    author: 'NikeFan',
    url: 'https://blog.example.com/2024/nike-review',
    lang: 'en',
    country: 'US',
    channel: 'rss',
    links: ['http://other.net/x'],
  };
  it.each([
    ['author:nikefan', true],
    ['author:@NikeFan', true],
    ['author:nike', false],
    ['site:example.com', true],
    ['site:blog.example.com', true],
    ['site:www.example.com', true],
    ['site:ample.com', false],
    ['url:nike-review', true],
    ['url:NIKE-REVIEW', true],
    ['url:adidas', false],
    ['links:example.org', true],
    ['links:other.net', true],
    ['links:example.com', false],
    ['lang:en', true],
    ['lang:es', false],
    ['country:us', true],
    ['channel:rss', true],
    ['channel:(twitter OR rss)', true],
    ['channel:(twitter OR reddit)', false],
    ['hello lang:(es OR fr)', false],
  ])('%s: %s', (query, expected) => {
    expect(matches(query, post)).toBe(expected);
  });

  it('parses field values and lists', () => {
    expect(ast('author:@Nike')).toEqual({ type: 'meta', field: 'author', value: 'nike' });
    expect(ast('url:https://Example.com/a-b')).toEqual({ type: 'meta', field: 'url', value: 'https://example.com/a-b' });
    expect(ast('site:"Example.com"')).toEqual({ type: 'meta', field: 'site', value: 'example.com' });
    expect(ast('site:(a.com OR b.com)')).toEqual({
      type: 'or',
      children: [
        { type: 'meta', field: 'site', value: 'a.com' },
        { type: 'meta', field: 'site', value: 'b.com' },
      ],
    });
    expect(ast('title:(nike OR "air max")')).toEqual({
      type: 'or',
      children: [t('nike', 'title'), { type: 'phrase', words: ['air', 'max'], scope: 'title' }],
    });
    expect(ast('text:(nike -adidas)')).toEqual({ type: 'and', children: [t('nike', 'text'), { type: 'not', child: t('adidas', 'text') }] });
    expect(ast('Breaking: nike')).toEqual({ type: 'and', children: [t('breaking'), t('nike')] });
  });
});

describe('operators and precedence', () => {
  it('joins adjacent operands with AND and binds OR loosest', () => {
    expect(ast('a OR b c')).toEqual(ast('a OR (b AND c)'));
    expect(ast('a OR b c')).toEqual({ type: 'or', children: [t('a'), { type: 'and', children: [t('b'), t('c')] }] });
    expect(ast('a NOT b OR c')).toEqual(ast('(a AND NOT b) OR c'));
    expect(ast('a NOT b OR c')).toEqual({
      type: 'or',
      children: [{ type: 'and', children: [t('a'), { type: 'not', child: t('b') }] }, t('c')],
    });
    expect(ast('a -b')).toEqual(ast('a AND NOT b'));
    expect(ast('(a b) c')).toEqual({ type: 'and', children: [t('a'), t('b'), t('c')] });
  });

  it('binds NEAR tighter than NOT and AND', () => {
    const near = { type: 'near', left: t('a'), right: t('b'), distance: 2, ordered: false };
    expect(ast('x -a NEAR/2 b')).toEqual({ type: 'and', children: [t('x'), { type: 'not', child: near }] });
    expect(ast('x a NEAR/2 b')).toEqual({ type: 'and', children: [t('x'), near] });
    expect(ast('"a b"~2')).toEqual(near);
    expect(ast('(a OR b) NEAR/5f c')).toEqual({ type: 'near', left: { type: 'or', children: [t('a'), t('b')] }, right: t('c'), distance: 5, ordered: true });
  });

  it('evaluates NEAR from the nearest end of a phrase, with order for NEAR/nf', () => {
    const text = 'the new york marathon was long';
    expect(matches('"new york" NEAR/1 marathon', text)).toBe(true);
    expect(matches('marathon NEAR/1 "new york"', text)).toBe(true);
    expect(matches('marathon NEAR/1f "new york"', text)).toBe(false);
    expect(matches('"new york" NEAR/2f long', text)).toBe(false);
    expect(matches('"new york" NEAR/3f long', text)).toBe(true);
    expect(matches('"the york"~3', text)).toBe(true);
    expect(matches('(boston OR york) NEAR/2 long', text)).toBe(false);
    expect(matches('(boston OR marathon) NEAR/2 long', text)).toBe(true);
    // Punctuation and URLs take no position.
    expect(matches('apple NEAR/1 pie', 'apple, https://x.com pie')).toBe(true);
    expect(matches('title:apple NEAR/1 pie', { title: 'apple', text: 'pie' })).toBe(false);
  });
});

describe('errors', () => {
  const cases: [string, number, RegExp][] = [
    ['', 0, /empty/],
    ['   ', 0, /empty/],
    ['(nike', 0, /never closed/],
    ['nike (a OR b', 5, /never closed/],
    ['nike)', 4, /no matching/],
    ['"nike', 0, /quote/],
    ['nike "just do', 5, /quote/],
    ['nike AND', 5, /AND.*right/],
    ['nike OR', 5, /OR.*right/],
    ['OR nike', 0, /OR.*left/],
    ['nike AND OR adidas', 5, /AND.*right/],
    ['NOT', 0, /NOT.*right/],
    ['nike ()', 5, /Empty/],
    ['ni*', 0, /3 characters/],
    ['n?k', 0, /3 characters/],
    ['x *nike', 2, /end a term/],
    ['"nik* shoes"', 4, /inside quotes/],
    ['"n?ke shoes"', 2, /inside quotes/],
    ['foo:bar', 0, /Unknown field "foo:"/],
    ['nike colour:red', 5, /Unknown field/],
    ['lang: es', 5, /right after "lang:"/],
    ['-nike', 0, /nothing that must match/],
    ['NOT nike', 0, /nothing that must match/],
    ['nike OR -adidas', 8, /OR alternative/],
    ['nike OR (NOT adidas)', 8, /OR alternative/],
    ['lang:en NEAR/3 nike', 0, /NEAR works on/],
    ['nike NEAR/3 raw:"x"', 12, /NEAR works on/],
    ['(a b) NEAR/3 c', 0, /NEAR works on/],
    ['a NEAR/3 -b', 9, /negation/],
    ['apple NEAR/2 pie NEAR/2 tart', 17, /cannot be chained/],
    ['apple NEAR/0 pie', 6, /0/],
    ['apple NEAR pie', 6, /needs a distance/],
    ['apple NEAR/ pie', 6, /needs a distance/],
    ['apple NEAR/x pie', 6, /whole number/],
    ['apple NEAR/3', 6, /NEAR.*right/],
    ['"a b c"~3', 0, /exactly two words/],
    ['"a"~3', 0, /exactly two words/],
    ['"a b"~0', 5, /0/],
    ['"a b"~', 5, /needs a distance/],
    ['nike - adidas', 5, /right after "-"/],
    ['site:example.com/blog', 5, /host name/],
    ['lang:(en es)', 9, /with OR/],
    ['nike ""', 5, /Empty quotes/],
    ['nike && adidas', 5, /AND or OR/],
    ['title: nike', 6, /right after "title:"/],
    ['title:-nike', 6, /before the field/],
    ['#nik*', 0, /plain words/],
    ['"東京 タワー"~3', 8, /scripts without spaces/],
    ['see https://nike.com', 4, /links:/],
  ];
  it.each(cases)('%j fails at %i', (query, position, message) => {
    const result = parseQuery(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.position).toBe(position);
    expect(result.error.message).toMatch(message);
  });
});

describe('warnings', () => {
  const warnings = (query: string): string[] => {
    const result = parseQuery(query);
    if (!result.ok) throw new Error(result.error.message);
    return result.warnings.map((w) => w.message);
  };
  it('accepts good queries silently', () => {
    expect(warnings('nike')).toEqual([]);
    expect(warnings('nike lang:es -adidas')).toEqual([]);
    expect(warnings('(nike OR adidas) NEAR/3 shoes')).toEqual([]);
    expect(warnings('nik* shoes')).toEqual([]);
    expect(warnings('the nike')).toEqual([]);
  });
  it('warns about metadata-only queries', () => {
    expect(warnings('lang:es')).toEqual([expect.stringMatching(/only checks metadata/)]);
    expect(warnings('site:example.com -nike')).toEqual([expect.stringMatching(/only checks metadata/)]);
  });
  it('warns about very common words alone', () => {
    expect(warnings('the')).toEqual([expect.stringMatching(/very common words/)]);
    expect(warnings('"of the"')).toEqual([expect.stringMatching(/very common words/)]);
    expect(warnings('nike OR der')).toEqual([expect.stringMatching(/very common words/)]);
  });
  it('warns about what the matcher cannot index', () => {
    expect(warnings('raw:"Nike"')).toEqual([expect.stringMatching(/every post/)]);
    expect(warnings('nik*')).toEqual([expect.stringMatching(/every post/)]);
    expect(warnings('東京')).toEqual([expect.stringMatching(/every post/)]);
    expect(warnings('nike OR raw:"X"')).toEqual([expect.stringMatching(/every post/)]);
    const result = parseQuery('nike OR raw:"X"');
    expect(result.warnings[0]?.position).toBe(8);
  });
});

describe('printer', () => {
  it.each([
    ['a b', 'a AND b'],
    ['b -a', 'b AND NOT a'],
    ['a OR b c', 'a OR b AND c'],
    ['(a OR b) c', '(a OR b) AND c'],
    ['a -(b OR c)', 'a AND NOT (b OR c)'],
    ['a -(b c)', 'a AND NOT (b AND c)'],
    ['((a))', 'a'],
    ['(a OR b) NEAR/3F c', '(a OR b) NEAR/3f c'],
    ['"a b"~4', 'a NEAR/4 b'],
    ['title:(a OR b)', 'title:a OR title:b'],
    ['coca-cola', '"coca cola"'],
    ['#Nike @Nike $AAPL', '#nike AND @nike AND $aapl'],
    ['author:@Nike', 'author:nike'],
    ['site:(A.com OR "b.com")', 'site:a.com OR site:b.com'],
    ['url:"a b"', 'url:"a b"'],
    ['raw:"say \\"hi\\""', 'raw:"say \\"hi\\""'],
    ['title:raw:X', 'title:raw:"X"'],
  ])('%s prints as %s', (query, printed) => {
    expect(printQuery(ast(query))).toBe(printed);
    expect(ast(printed)).toEqual(ast(query));
  });
});

// ---- property tests ----

const SAMPLE_POST = analyzePost({
  id: 'p',
  title: 'Nike Air review',
  text: 'Just bought new #Nike shoes from @adidas $AAPL 😡 https://www.example.com/a?utm_source=x — the café, coca-cola 東京タワー',
  author: 'fan',
  url: 'https://blog.example.com/x',
  lang: 'en',
  country: 'US',
  channel: 'rss',
});

const VALID_QUERIES = [
  'nike',
  '(iphone OR ipad) -case',
  'apple NEAR/3 pie',
  '"just do it" title:(nike OR "air max") lang:en',
  'nik* OR n?ke site:example.com',
  'raw:"Just Do It" author:@nike',
  '"a b"~3 NOT (x OR y)',
  'url:"https://x.com/a b" links:(a.com OR b.org)',
  '#nike @nike $aapl 😡 東京',
];
const NOISE = ['(', ')', '"', '-', ':', '*', '?', '~', '/', '#', '@', '$', ' ', '\\', 'AND ', 'OR ', 'NOT ', 'NEAR/', 'NEAR/2 ', 'title:', 'raw:', 'x', '3', 'é', '😡', '東'];

type Mutation = { kind: 'insert' | 'delete'; at: number; piece: string; length: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('insert' as const, 'delete' as const),
  at: fc.nat(200),
  piece: fc.oneof(fc.constantFrom(...NOISE), fc.string({ maxLength: 3 })),
  length: fc.integer({ min: 1, max: 4 }),
});
const mutate = (query: string, mutations: Mutation[]): string =>
  mutations.reduce((q, m) => {
    const at = m.at % (q.length + 1);
    return m.kind === 'insert' ? q.slice(0, at) + m.piece + q.slice(at) : q.slice(0, at) + q.slice(at + m.length);
  }, query);

/** Parsing never throws; whatever parses prints canonically, reads back the same and evaluates. */
const checkRobust = (query: string): void => {
  const result = parseQuery(query);
  if (!result.ok) {
    expect(result.error.position).toBeGreaterThanOrEqual(0);
    expect(result.error.position).toBeLessThanOrEqual(query.length);
    return;
  }
  const printed = printQuery(result.ast);
  const again = parseQuery(printed);
  expect(again.ok ? again.ast : again.error).toEqual(result.ast);
  evaluate(result.ast, SAMPLE_POST);
};

describe('properties', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 })), checkRobust), { numRuns: 2000 });
  });

  it('never throws on mutations of valid queries', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID_QUERIES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (query, mutations) => checkRobust(mutate(query, mutations))),
      { numRuns: 3000 },
    );
  });

  it('finishes quickly on long inputs', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `(w${i} OR "a b" NEAR/2 c)`).join(' ');
    const started = performance.now();
    expect(parseQuery(long).ok).toBe(true);
    expect(parseQuery('('.repeat(90) + 'a' + ')'.repeat(90)).ok).toBe(true);
    // Deep nesting is refused with an error rather than overflowing the stack.
    expect(parseQuery('('.repeat(20_000) + 'a' + ')'.repeat(20_000))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nested too deeply/) } });
    expect(parseQuery('a ' + 'NOT '.repeat(20_000) + 'b')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nested too deeply/) } });
    expect(parseQuery('a ' + '-'.repeat(20_000) + 'b').ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  const WORD_CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789абвгдежзиклмнопрстуфхцчшщыэюяαβγδεζηθικλμνξοπρστυφχψω'];
  const word = fc.array(fc.constantFrom(...WORD_CHARS), { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
  const letters = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
  const emoji = fc.constantFrom('😡', '👍', '🎉', '🔥', '👍🏽', '👨‍👩‍👧');
  const scope = fc.constantFrom<TextScope>('any', 'title', 'text');
  const wildcard = fc
    .tuple(fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), { minLength: 3, maxLength: 7 }), fc.nat(7), fc.boolean(), fc.boolean())
    .map(([cs, at, question, star]) => {
      const chars = [...cs];
      if (question || !star) chars.splice(at % (chars.length + 1), 0, '?');
      return chars.join('') + (star ? '*' : '');
    });
  const nearOperandLeaf: fc.Arbitrary<QueryNode> = fc.oneof(
    fc.record({ type: fc.constant('term' as const), kind: fc.constant('any' as const), value: word, scope }),
    fc.record({ type: fc.constant('term' as const), kind: fc.constantFrom('hashtag' as const, 'mention' as const, 'cashtag' as const), value: letters.map((l) => l.slice(0, 6)), scope }),
    fc.record({ type: fc.constant('phrase' as const), words: fc.array(fc.oneof(word, emoji), { minLength: 2, maxLength: 4 }), scope }),
    fc.record({ type: fc.constant('wildcard' as const), pattern: wildcard, scope }),
    fc.record({ type: fc.constant('emoji' as const), value: emoji, scope }),
  );
  const metaValue: Record<MetaField, fc.Arbitrary<string>> = {
    author: fc.stringMatching(/^[a-z0-9_]{1,10}$/),
    site: fc.stringMatching(/^[a-z]{1,8}\.(com|org)$/),
    links: fc.stringMatching(/^[a-z]{1,8}\.(com|org)$/),
    url: fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.toLowerCase()).filter((s) => s.trim() !== '' && s === s.toLowerCase()),
    lang: fc.stringMatching(/^[a-z]{2}$/),
    country: fc.stringMatching(/^[a-z]{2}$/),
    channel: fc.constantFrom('twitter', 'rss', 'review'),
  };
  const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
    nearOperandLeaf,
    fc.record({ type: fc.constant('raw' as const), value: fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''), scope }),
    fc.record({
      type: fc.constant('substring' as const),
      value: fc.array(fc.constantFrom(...'東京タワーひらがなกขค'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join('')),
      scope,
    }),
    fc.constantFrom(...(Object.keys(metaValue) as MetaField[])).chain((field) => metaValue[field].map((value): QueryNode => ({ type: 'meta', field, value }))),
  );
  const nearOperand = fc.oneof(
    { weight: 3, arbitrary: nearOperandLeaf },
    { weight: 1, arbitrary: fc.array(nearOperandLeaf, { minLength: 2, maxLength: 3 }).map((children): QueryNode => ({ type: 'or', children })) },
  );
  const near: fc.Arbitrary<QueryNode> = fc.record({
    type: fc.constant('near' as const),
    left: nearOperand,
    right: nearOperand,
    distance: fc.integer({ min: 1, max: 50 }),
    ordered: fc.boolean(),
  });

  // Trees as the parser builds them: flattened AND/OR lists, something positive in every query and
  // OR alternative, NEAR only on terms, phrases, wildcards and OR-lists of those.
  const depth = { depthIdentifier: 'query', depthSize: 'small' } as const;
  const { positive } = fc.letrec<{ positive: QueryNode; atom: QueryNode; and: QueryNode; or: QueryNode; not: QueryNode }>((tie) => ({
    atom: fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: near }),
    and: fc
      .tuple(fc.oneof(depth, tie('atom'), tie('or')), fc.array(fc.oneof(depth, tie('atom'), tie('or'), tie('not')), { minLength: 1, maxLength: 3 }))
      .map(([first, rest]): QueryNode => ({ type: 'and', children: [first, ...rest] })),
    or: fc.array(fc.oneof(depth, tie('atom'), tie('and')), { minLength: 2, maxLength: 3 }).map((children): QueryNode => ({ type: 'or', children })),
    not: fc.oneof(depth, tie('atom'), tie('and'), tie('or'), tie('not')).map((child): QueryNode => ({ type: 'not', child })),
    positive: fc.oneof(depth, tie('atom'), tie('and'), tie('or')),
  }));

  it('print → parse round-trips generated trees', () => {
    fc.assert(
      fc.property(positive, (tree) => {
        const printed = printQuery(tree);
        const result = parseQuery(printed);
        expect(result.ok ? result.ast : { printed, error: result.error }).toEqual(tree);
      }),
      { numRuns: 2000 },
    );
  });
});
