// Reference semantics of a query against one analyzed post (specs/query-language.md). The matcher may
// be cleverer (indexes, prefilters), but must always agree with this function.

import type { QueryNode, TermNode, TextScope } from './ast.js';
import type { AnalyzedField, AnalyzedPost, CanonicalUrl, Token } from '../text/types.js';

type Kind = Token['kind'];
const TERM_KINDS: ReadonlySet<Kind> = new Set(['word', 'hashtag', 'mention', 'cashtag']);

const fieldsFor = (post: AnalyzedPost, scope: TextScope): AnalyzedField[] => {
  if (scope === 'text') return [post.text];
  if (scope === 'title') return post.title ? [post.title] : [];
  return post.title ? [post.text, post.title] : [post.text];
};

const termKindMatches = (node: Extract<TermNode, { type: 'term' }>, kind: Kind): boolean =>
  node.kind === 'any' ? TERM_KINDS.has(kind) : node.kind === kind;

const wildcardCache = new Map<string, RegExp>();
const wildcardRegExp = (pattern: string): RegExp => {
  let re = wildcardCache.get(pattern);
  if (!re) {
    const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    // The u flag makes "?" stand for one code point, not one UTF-16 unit.
    re = new RegExp(`^${source}$`, 'u');
    wildcardCache.set(pattern, re);
  }
  return re;
};

/** Tokens that have a position, indexed by it: what phrases and NEAR are measured on. */
const positionedCache = new WeakMap<AnalyzedField, Token[]>();
const positioned = (field: AnalyzedField): Token[] => {
  let byPosition = positionedCache.get(field);
  if (!byPosition) {
    byPosition = [];
    for (const token of field.tokens) if (token.position >= 0) byPosition[token.position] = token;
    positionedCache.set(field, byPosition);
  }
  return byPosition;
};

/** Occurrences of a NEAR operand in one field, as [first, last] positions. */
const occurrences = (node: QueryNode, field: AnalyzedField, fieldName: 'text' | 'title'): [number, number][] => {
  if (node.type === 'or') return node.children.flatMap((c) => occurrences(c, field, fieldName));
  if (node.type !== 'term' && node.type !== 'phrase' && node.type !== 'wildcard' && node.type !== 'emoji') return [];
  if (node.scope !== 'any' && node.scope !== fieldName) return [];
  const tokens = positioned(field);
  const found: [number, number][] = [];
  if (node.type === 'phrase') {
    for (let i = 0; i + node.words.length <= tokens.length; i += 1) {
      if (node.words.every((w, k) => tokens[i + k]?.norm === w)) found.push([i, i + node.words.length - 1]);
    }
    return found;
  }
  for (const token of tokens) {
    if (token && tokenMatches(node, token)) found.push([token.position, token.position]);
  }
  return found;
};

const tokenMatches = (node: TermNode, token: Token): boolean => {
  switch (node.type) {
    case 'term':
      return termKindMatches(node, token.kind) && token.norm === node.value;
    case 'wildcard':
      return TERM_KINDS.has(token.kind) && wildcardRegExp(node.pattern).test(token.norm);
    case 'emoji':
      return token.kind === 'emoji' && token.norm === node.value;
    default:
      return false;
  }
};

const isLetterOrDigit = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

const rawMatches = (original: string, value: string): boolean => {
  for (let at = original.indexOf(value); at !== -1; at = original.indexOf(value, at + 1)) {
    // Whole code points on each side, so that a letter outside the BMP counts as a letter.
    const before = [...original.slice(Math.max(0, at - 2), at)].at(-1);
    const after = [...original.slice(at + value.length, at + value.length + 2)][0];
    if (!isLetterOrDigit(before) && !isLetterOrDigit(after)) return true;
  }
  return false;
};

const textMatches = (node: TermNode, field: AnalyzedField): boolean => {
  switch (node.type) {
    case 'phrase': {
      const tokens = positioned(field);
      for (let i = 0; i + node.words.length <= tokens.length; i += 1) {
        if (node.words.every((w, k) => tokens[i + k]?.norm === w)) return true;
      }
      return false;
    }
    case 'raw':
      return rawMatches(field.original, node.value);
    case 'substring':
      return field.folded.includes(node.value);
    default:
      return field.tokens.some((token) => tokenMatches(node, token));
  }
};

const hostMatches = (url: CanonicalUrl, value: string): boolean => {
  const host = url.host.toLowerCase();
  return host === value || host.endsWith(`.${value}`);
};

const nearMatches = (node: Extract<QueryNode, { type: 'near' }>, post: AnalyzedPost): boolean => {
  const fields: ['text' | 'title', AnalyzedField | null][] = [
    ['text', post.text],
    ['title', post.title],
  ];
  for (const [name, field] of fields) {
    if (!field) continue;
    const lefts = occurrences(node.left, field, name);
    if (lefts.length === 0) continue;
    const rights = occurrences(node.right, field, name);
    for (const [ls, le] of lefts) {
      for (const [rs, re] of rights) {
        // Two occurrences are distinct words: overlapping ones (nike NEAR/3 nike on one "nike") do not count.
        if (le < rs) {
          if (rs - le <= node.distance) return true;
        } else if (!node.ordered && re < ls) {
          if (ls - re <= node.distance) return true;
        }
      }
    }
  }
  return false;
};

export const evaluate = (ast: QueryNode, post: AnalyzedPost): boolean => {
  switch (ast.type) {
    case 'and':
      return ast.children.every((c) => evaluate(c, post));
    case 'or':
      return ast.children.some((c) => evaluate(c, post));
    case 'not':
      return !evaluate(ast.child, post);
    case 'near':
      return nearMatches(ast, post);
    case 'meta': {
      const value = ast.value;
      switch (ast.field) {
        case 'author':
          return post.author !== null && post.author.toLowerCase() === value;
        case 'site':
          return post.url !== null && hostMatches(post.url, value);
        case 'url':
          return (post.url !== null && post.url.href.toLowerCase().includes(value)) || (post.post.url?.toLowerCase().includes(value) ?? false);
        case 'links':
          return post.links.some((link) => hostMatches(link, value));
        case 'lang':
          return post.lang !== null && post.lang.toLowerCase() === value;
        case 'country':
          return post.country !== null && post.country.toLowerCase() === value;
        case 'channel':
          return post.channel !== null && post.channel.toLowerCase() === value;
      }
      return false;
    }
    default:
      return fieldsFor(post, ast.scope).some((field) => textMatches(ast, field));
  }
};
