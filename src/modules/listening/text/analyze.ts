// Turns a Post into what listening queries are evaluated against (specs/query-language.md, "The post
// that a query sees"). The matcher and the analysis features both start from this.
import { canonicalizeUrl } from './canonicalize-url.js';
import { normalizeTerm } from './normalize-term.js';
import { tokenize } from './tokenize.js';
import type { AnalyzedField, AnalyzedPost, CanonicalUrl, Post, Token } from './types.js';

export { canonicalizeUrl } from './canonicalize-url.js';
export { normalizeTerm } from './normalize-term.js';
export { scanTokens, tokenize, type TokenSink } from './tokenize.js';

/**
 * Tokens of one field, plus the folded text that substring matching (Chinese, Japanese, Thai) uses.
 * Both are computed on first use: the matcher scans the original text itself, so a post that no
 * query selects is never cut into Token objects, and folding a whole text costs more than
 * tokenizing it when it is not plain ASCII. (A class, not an object literal with getters: V8 builds
 * those on a slow path, and this runs for every post.)
 */
class Field implements AnalyzedField {
  private tokenList: Token[] | undefined;
  private foldedText: string | undefined;

  constructor(readonly original: string) {}

  get tokens(): Token[] {
    return (this.tokenList ??= tokenize(this.original));
  }

  get folded(): string {
    return (this.foldedText ??= normalizeTerm(this.original));
  }

  /** Serialized, a field is the plain object of its type. */
  toJSON(): AnalyzedField {
    return { original: this.original, tokens: this.tokens, folded: this.folded };
  }
}

export function analyzeField(text: string): AnalyzedField {
  return new Field(text);
}

/** The post as queries see it. Tokens, links and the canonical address are computed on first use. */
class Analyzed implements AnalyzedPost {
  readonly text: AnalyzedField;
  readonly title: AnalyzedField | null;
  readonly author: string | null;
  readonly lang: string | null;
  readonly country: string | null;
  readonly channel: string | null;
  private canonicalUrl: CanonicalUrl | null | undefined;
  private linkList: CanonicalUrl[] | undefined;

  constructor(readonly post: Post) {
    this.text = new Field(post.text);
    this.title = post.title === undefined ? null : new Field(post.title);
    this.author = lowerOrNull(post.author?.trim().replace(/^@+/, ''));
    this.lang = lowerOrNull(post.lang?.trim());
    this.country = lowerOrNull(post.country?.trim());
    this.channel = lowerOrNull(post.channel?.trim());
  }

  get url(): CanonicalUrl | null {
    if (this.canonicalUrl === undefined) this.canonicalUrl = this.post.url === undefined ? null : canonicalizeUrl(this.post.url);
    return this.canonicalUrl;
  }

  /** Links the source gave first, then the addresses written in the text and title; one entry per canonical address. */
  get links(): CanonicalUrl[] {
    if (this.linkList !== undefined) return this.linkList;
    const links: CanonicalUrl[] = [];
    const seen = new Set<string>();
    const addLink = (link: CanonicalUrl | null): void => {
      if (link === null || seen.has(link.href)) return;
      seen.add(link.href);
      links.push(link);
    };
    for (const raw of this.post.links ?? []) addLink(canonicalizeUrl(raw));
    for (const field of this.title === null ? [this.text] : [this.text, this.title]) {
      for (const token of field.tokens) if (token.kind === 'url') addLink(canonicalizeUrl(token.norm));
    }
    return (this.linkList = links);
  }

  toJSON(): AnalyzedPost {
    const { post, text, title, author, url, links, lang, country, channel } = this;
    return { post, text, title, author, url, links, lang, country, channel };
  }
}

export function analyzePost(post: Post): AnalyzedPost {
  return new Analyzed(post);
}

function lowerOrNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value.toLowerCase();
}
