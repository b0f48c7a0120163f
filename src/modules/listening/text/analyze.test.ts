import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeField, analyzePost, canonicalizeUrl, normalizeTerm, tokenize } from './analyze.js';
import { canonicalizeUrlByParser } from './canonicalize-url.js';
import { foldUnicode } from './normalize-term.js';
import type { Token } from './types.js';

const summary = (text: string): string[] => tokenize(text).map((t) => `${t.kind}:${t.norm}@${t.position}`);
const norms = (text: string): string[] => tokenize(text).map((t) => t.norm);

describe('normalizeTerm', () => {
  it('applies NFKC, lower case and removes Latin, Greek and Cyrillic accents', () => {
    expect(normalizeTerm('Café')).toBe('cafe');
    expect(normalizeTerm('Crème Brûlée')).toBe('creme brulee');
    expect(normalizeTerm('ＮＩＫＥ')).toBe('nike');
    expect(normalizeTerm('ﬁne')).toBe('fine');
    expect(normalizeTerm('İstanbul')).toBe('istanbul');
    expect(normalizeTerm('Ἀθῆναι')).toBe('αθηναι');
    expect(normalizeTerm('Ёлка')).toBe('елка');
  });

  it('drops apostrophes inside words only', () => {
    expect(normalizeTerm("McDonald's")).toBe('mcdonalds');
    expect(normalizeTerm('don’t')).toBe('dont');
    expect(normalizeTerm('donʼt')).toBe('dont');
    expect(normalizeTerm("'quoted'")).toBe("'quoted'");
  });

  it('keeps the marks of scripts where they are part of the word', () => {
    expect(normalizeTerm('नमस्ते')).toBe('नमस्ते');
    expect(normalizeTerm('مُحَمَّد')).toBe('مُحَمَّد');
    expect(normalizeTerm('สวัสดี')).toBe('สวัสดี');
  });

  it('removes emoji presentation selectors and soft hyphens', () => {
    expect(normalizeTerm('❤️')).toBe('❤');
    expect(normalizeTerm('infor\u00ADmation')).toBe('information');
  });
});

describe('tokenize: words', () => {
  it('gives the spec example its hashtag at position 3', () => {
    expect(summary('Just bought new #Nike shoes')).toEqual([
      'word:just@0',
      'word:bought@1',
      'word:new@2',
      'hashtag:nike@3',
      'word:shoes@4',
    ]);
  });

  it('separates words at hyphens and other punctuation', () => {
    expect(summary('coca-cola')).toEqual(['word:coca@0', 'word:cola@1']);
    expect(summary('Just. Do. It!')).toEqual(['word:just@0', 'word:do@1', 'word:it@2']);
    expect(norms('a,b;c/d_e')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('joins words at inner apostrophes and folds accents', () => {
    expect(norms("McDonald's")).toEqual(['mcdonalds']);
    expect(norms('I don’t know')).toEqual(['i', 'dont', 'know']);
    expect(norms('Best Café in town')).toEqual(['best', 'cafe', 'in', 'town']);
    expect(norms("rock 'n' roll")).toEqual(['rock', 'n', 'roll']);
  });

  it('records UTF-16 offsets into the original string', () => {
    const tokens = tokenize('  Café 👍 #x');
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [2, 6],
      [7, 9],
      [10, 12],
    ]);
  });

  it('cuts Japanese, Chinese and Thai into words', () => {
    const ja = tokenize('東京オリンピックを見ました');
    expect(ja.length).toBeGreaterThan(2);
    expect(ja.every((t) => t.kind === 'word')).toBe(true);
    expect(norms('東京オリンピックを見ました')).toContain('東京');
    expect(norms('我爱北京天安门')).toContain('北京');
    expect(norms('สวัสดีครับผม')).toEqual(['สวัสดี', 'ครับ', 'ผม']);
    expect(summary('iPhoneを買った').length).toBeGreaterThan(1);
  });

  it('keeps the letters and marks of Arabic and Hindi words', () => {
    expect(norms('مرحبا بالعالم')).toEqual(['مرحبا', 'بالعالم']);
    expect(norms('नमस्ते दुनिया')).toEqual(['नमस्ते', 'दुनिया']);
  });
});

describe('tokenize: hashtags, mentions, cashtags', () => {
  it('reads hashtags without the #', () => {
    expect(summary('#Nike #just_do_it #McDonald\'s')).toEqual([
      'hashtag:nike@0',
      'hashtag:just_do_it@1',
      'hashtag:mcdonalds@2',
    ]);
  });

  it('does not take # inside words or before digits only as a hashtag', () => {
    expect(summary('C# a#b #1')).toEqual(['word:c@0', 'word:a@1', 'word:b@2', 'word:1@3']);
  });

  it('reads mentions, with dots, underscores and fediverse instances', () => {
    expect(summary('@Nike @jane.doe @_x_ @user@Instance.Social')).toEqual([
      'mention:nike@0',
      'mention:jane.doe@1',
      'mention:_x_@2',
      'mention:user@instance.social@3',
    ]);
    // a dot that ends the sentence is not part of the handle
    expect(summary('thanks @nike.')).toEqual(['word:thanks@0', 'mention:nike@1']);
  });

  it('does not read e-mail addresses as mentions', () => {
    expect(summary('jane@example.com')).toEqual(['word:jane@0', 'word:example@1', 'word:com@2']);
  });

  it('reads cashtags of 1 to 6 letters, and $5 as a word', () => {
    expect(summary('$AAPL up')).toEqual(['cashtag:aapl@0', 'word:up@1']);
    expect(summary('$5')).toEqual(['word:5@0']);
    expect(summary('$ABCDEFG')).toEqual(['word:abcdefg@0']);
    expect(summary('US$AAPL')).toEqual(['word:us@0', 'word:aapl@1']);
  });
});

describe('tokenize: emoji', () => {
  it.each([
    ['skin tone', '👍🏽'],
    ['ZWJ family', '👨‍👩‍👧'],
    ['flag', '🇫🇷'],
    ['subdivision flag', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['keycap', '1️⃣'],
    ['keycap #', '#️⃣'],
  ])('reads a %s as one emoji token', (_name, text) => {
    const tokens = tokenize(text);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ kind: 'emoji', position: 0, start: 0, end: text.length });
  });

  it('gives each emoji its own position, also without spaces', () => {
    expect(summary('love it👍🏽😡')).toEqual(['word:love@0', 'word:it@1', 'emoji:👍🏽@2', 'emoji:😡@3']);
  });

  it('treats ❤️ and ❤ as the same emoji', () => {
    expect(norms('❤️ ❤')).toEqual(['❤', '❤']);
  });

  it('gives no position to trademark signs', () => {
    expect(summary('Coca-Cola® Zero™ ©2024')).toEqual([
      'word:coca@0',
      'word:cola@1',
      'word:zero@2',
      'word:2024@3',
    ]);
  });
});

describe('tokenize: URLs', () => {
  it('makes one url token per address, with no position, and no words from inside it', () => {
    expect(summary('see https://Example.com/Shoes?utm_source=x now')).toEqual([
      'word:see@0',
      'url:https://example.com/Shoes@-1',
      'word:now@1',
    ]);
    expect(summary('www.nike.com/run')).toEqual(['url:http://nike.com/run@-1']);
  });

  it('leaves trailing punctuation out of the address', () => {
    const tokens = tokenize('see https://x.com/a).');
    expect(tokens.map((t) => t.norm)).toEqual(['see', 'https://x.com/a']);
    expect(tokens[1]).toMatchObject({ start: 4, end: 19 });
    expect(norms('(https://x.com/a, https://x.com/b!)')).toEqual(['https://x.com/a', 'https://x.com/b']);
  });

  it('keeps balanced parentheses inside the address', () => {
    expect(norms('https://en.wikipedia.org/wiki/Nike_(mythology)')).toEqual([
      'https://en.wikipedia.org/wiki/Nike_(mythology)',
    ]);
  });

  it('stops an address where Chinese or Japanese text follows without a space', () => {
    expect(norms('https://t.co/abc中文')).toEqual(['https://t.co/abc', '中文']);
  });

  it('reads an incomplete address as words', () => {
    expect(summary('http:// and www. x')).toEqual(['word:http@0', 'word:and@1', 'word:www@2', 'word:x@3']);
  });
});

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTPS://WWW.Example.COM/a/', 'https://example.com/a', 'example.com'],
    ['www.example.com', 'http://example.com', 'example.com'],
    ['http://example.com:80/a', 'http://example.com/a', 'example.com'],
    ['https://example.com:443/a', 'https://example.com/a', 'example.com'],
    ['https://example.com:8443/a', 'https://example.com:8443/a', 'example.com'],
    ['https://example.com/a#section', 'https://example.com/a', 'example.com'],
    ['https://example.com/a?utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5&ref_src=6', 'https://example.com/a', 'example.com'],
    ['https://example.com/a?z=1&a=2&m=3', 'https://example.com/a?a=2&m=3&z=1', 'example.com'],
    ['https://example.com/Case/Path', 'https://example.com/Case/Path', 'example.com'],
    ['http://München.de/straße', 'http://münchen.de/stra%C3%9Fe', 'münchen.de'],
    ['https://blog.example.com/', 'https://blog.example.com', 'blog.example.com'],
  ])('%s → %s', (raw, href, host) => {
    expect(canonicalizeUrl(raw)).toEqual({ href, host });
  });

  it.each(['', 'example.com', 'ftp://example.com', 'mailto:a@b.c', 'http://', 'www.', 'www.\u{E0100}', 'https://exa mple.com'])(
    'rejects %j',
    (raw) => {
      expect(canonicalizeUrl(raw)).toBeNull();
    },
  );
});

describe('analyzePost', () => {
  it('analyzes fields and normalizes metadata', () => {
    const analyzed = analyzePost({
      id: 'p1',
      text: 'Loving my new Nike shoes https://nike.com/run?utm_source=tw',
      title: 'Review: www.Nike.com/run',
      author: '@JaneDoe',
      url: 'https://WWW.Blog.example/post/1/',
      links: ['https://nike.com/run/', 'not a url', 'https://other.example/x'],
      lang: 'EN',
      country: 'US',
      channel: 'Twitter',
    });
    expect(analyzed.author).toBe('janedoe');
    expect(analyzed.url).toEqual({ href: 'https://blog.example/post/1', host: 'blog.example' });
    expect(analyzed.links.map((l) => l.href)).toEqual([
      'https://nike.com/run',
      'https://other.example/x',
      'http://nike.com/run',
    ]);
    expect(analyzed.lang).toBe('en');
    expect(analyzed.country).toBe('us');
    expect(analyzed.channel).toBe('twitter');
    expect(analyzed.title?.tokens.map((t) => t.norm)).toEqual(['review', 'http://nike.com/run']);
    expect(analyzed.text.folded).toBe('loving my new nike shoes https://nike.com/run?utm_source=tw');
  });

  it('leaves absent fields null', () => {
    const analyzed = analyzePost({ id: 'p2', text: 'hello' });
    expect(analyzed).toMatchObject({ title: null, author: null, url: null, links: [], lang: null, country: null, channel: null });
  });

  it('folds the whole field for substring matching', () => {
    expect(analyzeField('東京でCafé').folded).toBe('東京でcafe');
  });
});

// Generators for text that looks like social posts: words, tags, emoji, punctuation and addresses.
const fragment = fc.oneof(
  fc.constantFrom('Nike', 'café', "McDonald's", 'don’t', 'coca-cola', '東京オリンピック', 'สวัสดี', 'नमस्ते', 'مرحبا', 'ΟΔΟΣ'),
  fc.constantFrom('#', '@', '$', '#️⃣', '1️⃣', '_', '.', "'", '’', 'ʼ', '-', '(', ')', '!', '?', ' ', '\n', '\u00AD', '\uFE0F', '\u200D', '\u20E3'),
  fc.constantFrom('👍🏽', '👨‍👩‍👧', '🇫🇷', '🇫', '❤️', '©', '®', '™', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '\u0301', 'ℹ️'),
  fc.constantFrom('https://x.com/a', 'http://', 'www.', 'www.Example.com/?utm_source=x', 'HTTPS://München.de/(a)', 'https://t.co/x).', '$AAPL', '@user@instance.social'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const postLike = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));
const anyText = fc.oneof(postLike, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

function checkTokens(text: string, tokens: Token[]): void {
  let expected = 0;
  let lastEnd = 0;
  for (const token of tokens) {
    expect(token.start).toBeGreaterThanOrEqual(lastEnd);
    expect(token.end).toBeGreaterThan(token.start);
    expect(token.end).toBeLessThanOrEqual(text.length);
    lastEnd = token.end;
    expect(token.norm).not.toBe('');
    if (token.kind === 'url') {
      expect(token.position).toBe(-1);
      // URL norms are canonical addresses (paths are case-sensitive), so they are stable under
      // canonicalizeUrl rather than normalizeTerm.
      expect(canonicalizeUrl(token.norm)?.href).toBe(token.norm);
    } else {
      expect(token.position).toBe(expected++);
      expect(normalizeTerm(token.norm)).toBe(token.norm);
    }
  }
}

describe('properties', () => {
  it('tokenize never throws and produces ordered, in-bounds, normalized tokens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkTokens(text, tokenize(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('emoji tokens end where Intl.Segmenter ends their grapheme cluster', () => {
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(anyText, (text) => {
        const segments = graphemes.segment(text);
        for (const token of tokenize(text)) {
          if (token.kind !== 'emoji') continue;
          // The token ends where its grapheme ends. (It may start later than the grapheme: a
          // prepended format character such as U+0600 is not part of the emoji token.)
          const grapheme = segments.containing(token.start);
          expect(grapheme && grapheme.index + grapheme.segment.length).toBe(token.end);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizeTerm is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: 'binary' })), (s) => {
        const once = normalizeTerm(s);
        expect(normalizeTerm(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('canonicalizeUrl is idempotent', () => {
    const address = fc
      .tuple(
        fc.constantFrom('http://', 'HTTPS://', 'www.', 'https://www.'),
        fc.constantFrom('Example.com', 'münchen.de', 'a.b.c', 'x.com:8080', 'x.com:80', 'u:p@x.org'),
        fc.array(fc.constantFrom('/', 'a', 'B', '%2F', '(', ')', '?', '&', '=', 'utm_x=1', 'z=2', 'é', '#', ' ', '..'), { maxLength: 12 }),
      )
      .map(([scheme, host, rest]) => scheme + host + rest.join(''));
    fc.assert(
      fc.property(fc.oneof(address, fc.string({ unit: 'binary', maxLength: 30 })), (raw) => {
        const once = canonicalizeUrl(raw);
        if (once !== null) expect(canonicalizeUrl(once.href)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the fast paths of normalization and tokenization', () => {
  // Strings made of what the Latin table covers and of what borders it: apostrophes, marks,
  // invisible characters, no-break spaces, Greek, emoji.
  const latinish = fc
    .array(
      fc.oneof(
        fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        fc.integer({ min: 0xa0, max: 0x24f }).map((c) => String.fromCharCode(c)),
        fc.constantFrom("'", '\u2019', '\u02BC', '\u0301', '\u0308', '\u00AD', '\uFE0F', '\u00A0', 'Σ', 'ς', '❤', 'ﬁ', 'Ｎ'),
      ),
      { maxLength: 16 },
    )
    .map((parts) => parts.join(''));

  it('folds Latin text exactly as the general path does, and idempotently', () => {
    fc.assert(
      fc.property(latinish, (s) => {
        expect(normalizeTerm(s)).toBe(foldUnicode(s));
        expect(normalizeTerm(normalizeTerm(s))).toBe(normalizeTerm(s));
      }),
      { numRuns: 5000 },
    );
    for (let c = 0xa0; c <= 0x24f; c++) {
      const char = String.fromCharCode(c);
      expect(normalizeTerm(`a${char}b'${char}`)).toBe(foldUnicode(`a${char}b'${char}`));
    }
  });

  it('gives every word the norm of its text, whichever path found it', () => {
    fc.assert(
      fc.property(latinish, (s) => {
        for (const token of tokenize(s)) {
          if (token.kind === 'word') expect(token.norm).toBe(normalizeTerm(s.slice(token.start, token.end)));
        }
      }),
      { numRuns: 3000 },
    );
    expect(tokenize('Árbol, ÁRBOL; árbol-Ñandú').map((t) => t.norm)).toEqual(['arbol', 'arbol', 'arbol', 'nandu']);
  });

  it('folds the whole text only when asked', () => {
    const field = analyzeField('Crème BRÛLÉE ❤️');
    expect(field.folded).toBe('creme brulee ❤');
    expect(JSON.parse(JSON.stringify(field)).folded).toBe('creme brulee ❤');
  });

  it('canonicalizes plain addresses without the URL parser exactly as with it', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9._~-]{0,8}$/);
    const address = fc
      .tuple(fc.constantFrom('http', 'https', 'HTTPS'), fc.array(fc.oneof(part, fc.constantFrom('www', 'WWW', 'xn--nxa', '0x7f', '127', '')), { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(part, fc.constantFrom('.', '..', '')), { maxLength: 4 }), fc.boolean())
      .map(([scheme, labels, segments, slash]) => `${scheme}://${labels.join('.')}${segments.map((s) => `/${s}`).join('')}${slash ? '/' : ''}`);
    fc.assert(
      fc.property(address, (raw) => {
        expect(canonicalizeUrl(raw)).toEqual(canonicalizeUrlByParser(raw));
      }),
      { numRuns: 5000 },
    );
    expect(canonicalizeUrl('HTTPS://WWW.Nike.com/Run/')).toEqual({ href: 'https://nike.com/Run', host: 'nike.com' });
  });
});
