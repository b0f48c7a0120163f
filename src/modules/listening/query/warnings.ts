// Warnings about accepted queries that will behave badly: they match on metadata only, rely on very
// common words, or cannot be narrowed down by the matcher's term index and must be checked against
// every post (specs/query-language.md, Errors).

import type { QueryIssue, QueryNode } from './ast.js';

/** Words so frequent that a query relying on them alone matches a large share of all posts. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // English
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'is', 'it', 'for', 'on', 'with', 'this', 'that', 'i', 'you',
  'he', 'she', 'we', 'they', 'be', 'are', 'was', 'at', 'by', 'as', 'my', 'me', 'not', 'but', 'so', 'do', 'have',
  // Spanish, French, Italian, Portuguese
  'de', 'la', 'le', 'el', 'y', 'en', 'que', 'los', 'las', 'un', 'una', 'les', 'des', 'et', 'du', 'il', 'e', 'o', 'da', 'do',
  // German, Dutch
  'und', 'der', 'die', 'das', 'ist', 'ich', 'zu', 'den', 'het', 'een', 'van',
]);

/**
 * How well a node can be found through indexed tokens: 'strong' when every match contains an
 * indexable, selective token; 'common' when the best guarantee is a very common word; 'none' when a
 * match may contain no indexable token at all (raw:, substrings, wildcards, metadata, negations).
 */
type Anchor = 'none' | 'common' | 'strong';
const RANK: Record<Anchor, number> = { none: 0, common: 1, strong: 2 };

type Weakest = { anchor: Anchor; node: QueryNode };

const anchorOf = (node: QueryNode): Weakest => {
  switch (node.type) {
    case 'term':
      return { anchor: node.kind === 'any' && STOP_WORDS.has(node.value) ? 'common' : 'strong', node };
    case 'phrase':
      return { anchor: node.words.every((w) => STOP_WORDS.has(w)) ? 'common' : 'strong', node };
    case 'emoji':
      return { anchor: 'strong', node };
    case 'wildcard':
    case 'raw':
    case 'substring':
    case 'meta':
    case 'not':
      return { anchor: 'none', node };
    case 'and':
    case 'near': {
      // Every part must match, so the best-anchored part is enough to find candidates.
      const parts = node.type === 'and' ? node.children.map(anchorOf) : [anchorOf(node.left), anchorOf(node.right)];
      return parts.reduce((best, p) => (RANK[p.anchor] > RANK[best.anchor] ? p : best));
    }
    case 'or': {
      // Any alternative may match alone, so the weakest alternative decides.
      const parts = node.children.map(anchorOf);
      return parts.reduce((worst, p) => (RANK[p.anchor] < RANK[worst.anchor] ? p : worst));
    }
  }
};

/** True when no text condition (term, phrase, raw, …) must hold: only metadata fields are checked. */
const onlyMetadata = (node: QueryNode): boolean => {
  switch (node.type) {
    case 'meta':
    case 'not':
      return true;
    case 'and':
    case 'or':
      return node.children.every(onlyMetadata);
    default:
      return false;
  }
};

export const queryWarnings = (ast: QueryNode, positions: WeakMap<QueryNode, number>): QueryIssue[] => {
  if (onlyMetadata(ast)) {
    return [
      {
        message:
          'This query only checks metadata fields (such as lang:, site: or channel:): it matches every post with that metadata, and has to be checked against every post. Add a word or phrase to narrow it.',
        position: 0,
      },
    ];
  }
  const weakest = anchorOf(ast);
  const position = positions.get(weakest.node) ?? 0;
  if (weakest.anchor === 'common') {
    return [
      {
        message: 'This query relies on very common words alone, so it will match a large share of all posts. Add a more specific word or phrase.',
        position,
      },
    ];
  }
  if (weakest.anchor === 'none') {
    return [
      {
        message:
          'Part of this query has no plain word, hashtag, mention, emoji or phrase that must match (only raw:, wildcards, scripts without spaces, metadata or exclusions), so the matcher cannot use its index and checks it against every post, which is slow on large volumes. Add a word that must appear in it if you can.',
        position,
      },
    ];
  }
  return [];
};
