// The words a mention was found by, for highlighting: the plain terms of its queries (as the product's
// own lexer reads them; excluded terms and author:/site:-like fields left out, wildcards cut at the
// star) and the words of the full-text search.
import { lex, type LexToken } from '../../../../../src/modules/listening/query/lexer';
import type { QueryRef } from './api';

const TEXT_FIELDS = new Set(['title', 'text', 'raw']);

export function queryTerms(query: string): string[] {
  let tokens: LexToken[];
  try {
    tokens = lex(query);
  } catch {
    return [];
  }
  const terms: string[] = [];
  let excluded = false;
  let field: string | null = null;
  for (const token of tokens) {
    if (token.t === 'minus' || token.t === 'not') {
      excluded = true;
      continue;
    }
    if (token.t === 'field') {
      field = token.name;
      continue;
    }
    if (token.t === 'word' || token.t === 'quoted') {
      const skip = excluded || (field !== null && !TEXT_FIELDS.has(field));
      const text = token.text.replace(/[*?]+$/u, '').replace(/[*?]/gu, '');
      if (!skip && text.length >= 2) terms.push(text);
    }
    excluded = false;
    field = null;
  }
  return terms;
}

/** Words of a web-search query: phrases whole, `-word` and `or` left out. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const terms: string[] = [];
  for (const match of q.matchAll(/(-?)"([^"]+)"|(-?)(\S+)/gu)) {
    const phrase = match[2];
    if (phrase && !match[1]) terms.push(phrase);
    const word = match[4];
    if (word && !match[3] && word.toLowerCase() !== 'or' && word.length >= 2) terms.push(word);
  }
  return terms;
}

export function termsOf(queryIds: string[], queries: Map<string, QueryRef>, q: string | undefined): string[] {
  const terms = new Set(searchTerms(q));
  for (const id of queryIds) for (const term of queryTerms(queries.get(id)?.query ?? '')) terms.add(term);
  return [...terms];
}
