// Matches posts against many queries at once, the way Lucene's Monitor (Luwak) does: each query is
// reduced to a set of index keys of which any matching post must contain at least one; a post looks
// up its own keys to find the few candidate queries, and only those are evaluated. Queries with no
// such keys (only negations, raw strings, url: substrings…) are kept apart and flagged: they are
// evaluated against every post. Adding, replacing or removing a query touches only its own keys.
import type { QueryNode } from '../query/ast.js';
import { evaluate } from '../query/evaluate.js';
import type { AnalyzedPost } from '../text/types.js';

/** Metadata keys select many posts (every post in English…): used only when a query has nothing better. */
const weakPrefixes = ['l:', 'ch:', 'co:'];
const PREFIX_LENGTH = 3;
const SCRIPTS_WITHOUT_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

type Anchors = Set<string> | null;

function cost(anchors: Set<string>): number {
  let total = 0;
  for (const key of anchors) {
    const weak = weakPrefixes.some((prefix) => key.startsWith(prefix));
    // Longer terms are rarer; wildcard prefixes and metadata are broad.
    total += weak ? 1000 : key.startsWith('w:') || key.startsWith('s:') ? 50 : 10 / Math.max(1, key.length - 2);
  }
  return total;
}

/** Keys of which a post matching `node` must contain one; null when no such set exists. */
export function anchorsOf(node: QueryNode): Anchors {
  switch (node.type) {
    case 'term': {
      const prefix = node.kind === 'any' ? 't' : node.kind === 'hashtag' ? 'h' : node.kind === 'mention' ? 'm' : 'c';
      return new Set([`${prefix}:${node.value}`]);
    }
    case 'phrase': {
      const longest = [...node.words].sort((a, b) => b.length - a.length)[0];
      return longest ? new Set([`t:${longest}`]) : null;
    }
    case 'wildcard': {
      const fixed = /^[^*?]*/.exec(node.pattern)?.[0] ?? '';
      return fixed.length >= PREFIX_LENGTH ? new Set([`w:${fixed.slice(0, PREFIX_LENGTH)}`]) : null;
    }
    case 'emoji':
      return new Set([`e:${node.value}`]);
    case 'substring': {
      const first = [...node.value][0];
      return first ? new Set([`s:${first}`]) : null;
    }
    case 'raw':
      return null;
    case 'meta':
      switch (node.field) {
        case 'author':
          return new Set([`a:${node.value}`]);
        case 'site':
          return new Set([`site:${node.value}`]);
        case 'links':
          return new Set([`lk:${node.value}`]);
        case 'lang':
          return new Set([`l:${node.value}`]);
        case 'country':
          return new Set([`co:${node.value}`]);
        case 'channel':
          return new Set([`ch:${node.value}`]);
        case 'url':
          return null;
      }
      return null;
    case 'and': {
      let best: Set<string> | null = null;
      for (const child of node.children) {
        const anchors = anchorsOf(child);
        if (anchors && (!best || cost(anchors) < cost(best))) best = anchors;
      }
      return best;
    }
    case 'or': {
      const union = new Set<string>();
      for (const child of node.children) {
        const anchors = anchorsOf(child);
        if (!anchors) return null;
        for (const key of anchors) union.add(key);
      }
      return union;
    }
    case 'not':
      return null;
    case 'near': {
      const left = anchorsOf(node.left);
      const right = anchorsOf(node.right);
      if (left && right) return cost(left) <= cost(right) ? left : right;
      return left ?? right;
    }
  }
}

/** Every key a post offers: token norms by kind, word prefixes, emoji, characters of scripts without spaces, metadata. */
export function postKeys(post: AnalyzedPost): Set<string> {
  const keys = new Set<string>();
  for (const field of post.title ? [post.text, post.title] : [post.text]) {
    for (const token of field.tokens) {
      switch (token.kind) {
        case 'url':
          continue;
        case 'emoji':
          keys.add(`e:${token.norm}`);
          continue;
        case 'hashtag':
          keys.add(`h:${token.norm}`);
          break;
        case 'mention':
          keys.add(`m:${token.norm}`);
          break;
        case 'cashtag':
          keys.add(`c:${token.norm}`);
          break;
        case 'word':
          break;
      }
      keys.add(`t:${token.norm}`);
      if (token.norm.length >= PREFIX_LENGTH) keys.add(`w:${token.norm.slice(0, PREFIX_LENGTH)}`);
    }
    if (SCRIPTS_WITHOUT_SPACES.test(field.folded)) for (const char of field.folded) if (SCRIPTS_WITHOUT_SPACES.test(char)) keys.add(`s:${char}`);
  }
  if (post.author) keys.add(`a:${post.author}`);
  const domainKeys = (prefix: string, host: string) => {
    // blog.example.com offers example.com and com too, so `site:example.com` finds it.
    const labels = host.split('.');
    for (let i = 0; i < labels.length; i++) keys.add(`${prefix}:${labels.slice(i).join('.')}`);
  };
  if (post.url) domainKeys('site', post.url.host);
  for (const link of post.links) domainKeys('lk', link.host);
  if (post.lang) keys.add(`l:${post.lang}`);
  if (post.country) keys.add(`co:${post.country}`);
  if (post.channel) keys.add(`ch:${post.channel}`);
  return keys;
}

type Entry = { ast: QueryNode; anchors: Set<string> | null };

export class QueryMatcher {
  private readonly queries = new Map<string, Entry>();
  private readonly index = new Map<string, Set<string>>();
  private readonly everyPost = new Set<string>();

  get size(): number {
    return this.queries.size;
  }

  /** Ids of queries that cannot be indexed and are evaluated against every post. */
  get unindexable(): string[] {
    return [...this.everyPost].sort();
  }

  set(id: string, ast: QueryNode): { indexed: boolean } {
    this.remove(id);
    const anchors = anchorsOf(ast);
    this.queries.set(id, { ast, anchors });
    if (!anchors) {
      this.everyPost.add(id);
      return { indexed: false };
    }
    for (const key of anchors) {
      let ids = this.index.get(key);
      if (!ids) this.index.set(key, (ids = new Set()));
      ids.add(id);
    }
    return { indexed: true };
  }

  remove(id: string): void {
    const entry = this.queries.get(id);
    if (!entry) return;
    this.queries.delete(id);
    this.everyPost.delete(id);
    for (const key of entry.anchors ?? []) {
      const ids = this.index.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.index.delete(key);
    }
  }

  /** The queries worth evaluating for this post: those whose keys it has, and the unindexable ones. */
  candidates(post: AnalyzedPost): Set<string> {
    const candidates = new Set<string>(this.everyPost);
    for (const key of postKeys(post)) {
      const ids = this.index.get(key);
      if (ids) for (const id of ids) candidates.add(id);
    }
    return candidates;
  }

  /** The ids of the queries the post matches, sorted as strings. */
  match(post: AnalyzedPost): string[] {
    const matches: string[] = [];
    for (const id of this.candidates(post)) if (evaluate(this.queries.get(id)!.ast, post)) matches.push(id);
    return matches.sort();
  }
}
