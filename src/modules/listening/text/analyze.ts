// Turns a Post into what listening queries are evaluated against (specs/query-language.md, "The post
// that a query sees"). The matcher and the analysis features both start from this.
import { canonicalizeUrl } from './canonicalize-url.js';
import { normalizeTerm } from './normalize-term.js';
import { tokenize } from './tokenize.js';
import type { AnalyzedField, AnalyzedPost, CanonicalUrl, Post } from './types.js';

export { canonicalizeUrl } from './canonicalize-url.js';
export { normalizeTerm } from './normalize-term.js';
export { tokenize } from './tokenize.js';

/**
 * Tokens of one field, plus the folded text that substring matching (Chinese, Japanese, Thai) uses.
 * Folding a whole text costs more than tokenizing it when it is not plain ASCII, and matching
 * rarely needs it, so it is computed on first use (an ordinary enumerable property all the same).
 */
export function analyzeField(text: string): AnalyzedField {
  let folded: string | undefined;
  return {
    original: text,
    tokens: tokenize(text),
    get folded(): string {
      return (folded ??= normalizeTerm(text));
    },
  };
}

export function analyzePost(post: Post): AnalyzedPost {
  const text = analyzeField(post.text);
  const title = post.title === undefined ? null : analyzeField(post.title);

  // Links the source gave us first, then the addresses written in the text and title; one entry
  // per canonical address, so a link pasted into the text and reported by the source counts once.
  const links: CanonicalUrl[] = [];
  const seen = new Set<string>();
  const addLink = (link: CanonicalUrl | null): void => {
    if (link === null || seen.has(link.href)) return;
    seen.add(link.href);
    links.push(link);
  };
  for (const raw of post.links ?? []) addLink(canonicalizeUrl(raw));
  for (const field of title === null ? [text] : [text, title]) {
    for (const token of field.tokens) if (token.kind === 'url') addLink(canonicalizeUrl(token.norm));
  }

  return {
    post,
    text,
    title,
    author: lowerOrNull(post.author?.trim().replace(/^@+/, '')),
    url: post.url === undefined ? null : canonicalizeUrl(post.url),
    links,
    lang: lowerOrNull(post.lang?.trim()),
    country: lowerOrNull(post.country?.trim()),
    channel: lowerOrNull(post.channel?.trim()),
  };
}

function lowerOrNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value.toLowerCase();
}
