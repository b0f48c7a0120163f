// Matches posts against many queries at once, the way Lucene's Monitor (Luwak) does: each query is
// reduced to a set of index keys of which any matching post must contain at least one; a post looks
// up its own keys to find the few candidate queries, and only those are evaluated. Queries with no
// such keys (only negations, raw strings, url: substrings…) are kept apart and flagged: they are
// evaluated against every post. Adding, replacing or removing a query touches only its own keys.
//
// This runs on every ingested post against up to 100,000 queries, so the per-post work avoids
// allocation: every key a query needs (its anchors, and the terms its leaves test) gets a small
// integer id; a post stamps the ids of the keys it contains into typed arrays with a generation
// number, which both collects the candidates (through the anchor keys' posting lists) and answers
// most leaves of the candidates' compiled plans by one array read. What the stamps cannot decide
// exactly (phrase order, NEAR distances, wildcards, raw strings, metadata) goes to the reference
// evaluator, and only after a stamp check has ruled the cheap negatives out.
import type { QueryNode } from '../query/ast.js';
import { evaluate } from '../query/evaluate.js';
import { canonicalizeUrl } from '../text/canonicalize-url.js';
import { scanTokens, type TokenSink } from '../text/tokenize.js';
import type { AnalyzedField, AnalyzedPost, TokenKind } from '../text/types.js';
import { TokenKeyTable } from './token-key-table.js';

/** Metadata keys select many posts (every post in English…): used only when a query has nothing better. */
const weakPrefixes = ['l:', 'ch:', 'co:'];
const PREFIX_LENGTH = 3;
// Script_Extensions, as the query parser uses to decide that a term is a substring term.
const SCRIPTS_WITHOUT_SPACES_SCX = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
/**
 * Characters that are, or fold (NFKC) into, characters of those scripts (Script_Extensions): Thai,
 * Lao, Myanmar, Khmer, the CJK blocks, compatibility ideographs, half- and full-width forms, a few
 * shared signs and marks, and the supplementary ones by their UTF-16 surrogates. A text with none
 * needs no folding to know that it offers no substring keys; a test checks this list against every
 * code point.
 */
export const MAY_FOLD_TO_NO_SPACE_SCRIPT =
  /[\u00B7\u013F\u0140\u0149\u02BC\u02D7\u02DC\u0387\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\u203E\u2329\u232A\u2E80-\uA4CF\uA700-\uA707\uA92E\uA9E0-\uA9FF\uAA60-\uAA7F\uF900-\uFAFF\uFE10-\uFE6F\uFF00-\uFFEF\uD805\uD81B\uD82B\uD82C\uD840-\uD8BF]|[\u0303\u0305\u0323\u0331]|\uD834[\uDF60-\uDF7F]|\uD83C[\uDD00-\uDEFF]/;

type Anchors = Set<string> | null;

function cost(anchors: Set<string>): number {
  let total = 0;
  for (const key of anchors) {
    const weak = weakPrefixes.some((prefix) => key.startsWith(prefix));
    // Longer terms are rarer; wildcard prefixes and metadata are broad.
    // A whole prefix (p:) is as selective as a term of its length.
    total += weak ? 1000 : key.startsWith('w:') || key.startsWith('s:') ? 50 : key.startsWith('r:') || key.startsWith('u:') ? 20 : 10 / Math.max(1, key.length - 2);
  }
  return total;
}

/**
 * Keys of which a post matching `node` must contain one; null when no such set exists. Prefixes:
 * t: a word, hashtag, mention or cashtag token; h:, m:, c: a hashtag, mention or cashtag; n: any
 * token with a position (phrases compare norms whatever the token's kind); w: the first three
 * characters of a term token, p: a longer prefix of one (`nike*`); e: an emoji; s: the first two characters of a term of a script written without spaces;
 * a:, site:, lk:, l:, co:, ch: metadata.
 */
export function anchorsOf(node: QueryNode): Anchors {
  return anchorsFor(node, false);
}

/**
 * anchorsOf, and with `scans` also the keys the matcher finds by scanning each post's text and
 * address: r: a raw:"…" string, u: a url: value. Queries anchored only on those are still reported
 * as unindexable (they cost a string search per post), but are not evaluated on every post.
 */
function anchorsFor(node: QueryNode, scans: boolean): Anchors {
  switch (node.type) {
    case 'term': {
      const prefix = node.kind === 'any' ? 't' : node.kind === 'hashtag' ? 'h' : node.kind === 'mention' ? 'm' : 'c';
      return new Set([`${prefix}:${node.value}`]);
    }
    case 'phrase': {
      const longest = [...node.words].sort((a, b) => b.length - a.length)[0];
      return longest ? new Set([`n:${longest}`]) : null;
    }
    case 'wildcard': {
      const fixed = /^[^*?]*/.exec(node.pattern)?.[0] ?? '';
      if (fixed.length < PREFIX_LENGTH) return null;
      return new Set([node.pattern === `${fixed}*` ? `p:${fixed}` : `w:${fixed.slice(0, PREFIX_LENGTH)}`]);
    }
    case 'emoji':
      return new Set([`e:${node.value}`]);
    case 'substring': {
      // Its first two characters (code points): a single character of Japanese or Chinese is in
      // too many posts to select anything.
      const start = [...node.value].slice(0, 2).join('');
      return start ? new Set([`s:${start}`]) : null;
    }
    case 'raw':
      return scans && node.value !== '' ? new Set([`r:${node.value}`]) : null;
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
          return scans && node.value !== '' ? new Set([`u:${node.value}`]) : null;
      }
      return null;
    case 'and': {
      let best: Set<string> | null = null;
      for (const child of node.children) {
        const anchors = anchorsFor(child, scans);
        if (anchors && (!best || cost(anchors) < cost(best))) best = anchors;
      }
      return best;
    }
    case 'or': {
      const union = new Set<string>();
      for (const child of node.children) {
        const anchors = anchorsFor(child, scans);
        if (!anchors) return null;
        for (const key of anchors) union.add(key);
      }
      return union;
    }
    case 'not':
      return null;
    case 'near': {
      const left = anchorsFor(node.left, scans);
      const right = anchorsFor(node.right, scans);
      if (left && right) return cost(left) <= cost(right) ? left : right;
      return left ?? right;
    }
  }
}

/** The metadata keys of a post: a:, site:, lk:, l:, co:, ch:. Links and the address only when `withLinks`/`withSite`. */
function metaKeys(post: AnalyzedPost, links: () => Iterable<string>, withSite: boolean, withLinks: boolean): string[] {
  const keys: string[] = [];
  if (post.author) keys.push(`a:${post.author}`);
  const domainKeys = (prefix: string, host: string) => {
    // blog.example.com offers example.com and com too, so `site:example.com` finds it.
    let at = 0;
    for (;;) {
      keys.push(`${prefix}:${at === 0 ? host : host.slice(at)}`);
      const dot = host.indexOf('.', at);
      if (dot < 0) break;
      at = dot + 1;
    }
  };
  if (withSite && post.url) domainKeys('site', post.url.host);
  if (withLinks) for (const host of links()) domainKeys('lk', host);
  if (post.lang) keys.push(`l:${post.lang}`);
  if (post.country) keys.push(`co:${post.country}`);
  if (post.channel) keys.push(`ch:${post.channel}`);
  return keys;
}

// Which of a token norm's key ids a token stamps: the categories of the TokenKeyTable.
const NORM = 0;
const ANY = 1;
const HASHTAG = 2;
const MENTION = 3;
const CASHTAG = 4;
const EMOJI = 5;
const TOKEN_CATEGORIES: Record<string, number> = { n: NORM, t: ANY, h: HASHTAG, m: MENTION, c: CASHTAG, e: EMOJI };

/** Prefix keys sharing their first three characters: w: (exactly those three) and p: (longer). */
type PrefixGroup = { chars: string; three: number; longer: { prefix: string; id: number }[]; next: PrefixGroup | null };

/**
 * The first three UTF-16 units of a norm as a small integer, to find a prefix group without slicing
 * a string. Exact for ASCII; other characters may collide, so groups also keep their characters.
 */
function prefixCode(s: string): number {
  return ((s.charCodeAt(0) << 20) ^ (s.charCodeAt(1) << 10) ^ s.charCodeAt(2)) & 0x3fffffff;
}

const TEXT = 1;
const TITLE = 2;
const scopeFields = (scope: 'any' | 'text' | 'title'): number => (scope === 'text' ? TEXT : scope === 'title' ? TITLE : TEXT | TITLE);

/** A query compiled against the key ids: leaves answer from the stamps where that is exact. */
type Plan =
  /** a token with this key is in one of the fields */
  | { op: 'key'; id: number; fields: number }
  /** every key is in one same field (of `fields`), then the reference evaluator decides */
  | { op: 'guard'; ids: number[]; fields: number; node: QueryNode }
  /** raw:"…": the exact string is in a field (by the engine's string search), then the reference */
  | { op: 'raw'; value: string; fields: number; node: QueryNode }
  /** url:…, on the post's address lower-cased once per post */
  | { op: 'url'; value: string }
  /** the reference evaluator alone */
  | { op: 'ref'; node: QueryNode }
  | { op: 'and'; children: Plan[] }
  | { op: 'or'; children: Plan[] }
  | { op: 'not'; child: Plan }
  /** both operands occur (necessary), then the reference evaluator measures the distance */
  | { op: 'near'; left: Plan; right: Plan; node: QueryNode };

const planCost = (plan: Plan): number => {
  switch (plan.op) {
    case 'key':
      return 1;
    case 'guard':
      return 2 + plan.ids.length;
    case 'raw':
    case 'url':
      return 5;
    case 'ref':
      return 20;
    case 'and':
    case 'or':
      return plan.children.reduce((sum, c) => sum + planCost(c), 0);
    case 'not':
      return planCost(plan.child) + 1;
    case 'near':
      return planCost(plan.left) + planCost(plan.right) + 20;
  }
};

type Entry = { id: string; ast: QueryNode; anchors: number[] | null; keys: number[]; plan: Plan; indexed: boolean };

/**
 * Finds which of many strings occur in a text in one pass: a filter on each string's first two
 * characters rejects almost every position with one array read.
 */
class SubstringScan {
  private readonly ids = new Map<string, number>();
  private readonly byFirst = new Map<number, { value: string; id: number }[]>();
  private readonly pairs = new Uint8Array(65536);
  private readonly singles = new Uint8Array(65536);

  get size(): number {
    return this.ids.size;
  }

  get(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  add(value: string, id: number): void {
    this.ids.set(value, id);
    const first = value.charCodeAt(0);
    if (value.length === 1) this.singles[first] = 1;
    else this.pairs[pairHash(first, value.charCodeAt(1))] = 1;
    let list = this.byFirst.get(first);
    if (!list) this.byFirst.set(first, (list = []));
    list.push({ value, id });
  }

  /** Forgets the string (its filter bit stays: a false positive costs one look-up). */
  delete(value: string): void {
    this.ids.delete(value);
    const first = value.charCodeAt(0);
    const list = this.byFirst.get(first)!;
    list.splice(list.findIndex((e) => e.value === value), 1);
    if (list.length === 0) this.byFirst.delete(first);
  }

  /** Appends to `found` the ids of the strings that occur in `text` (possibly more than once). */
  scan(text: string, found: number[]): void {
    const n = text.length;
    let c = n > 0 ? text.charCodeAt(0) : 0;
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      if (this.singles[c] === 1 || (next >= 0 && this.pairs[pairHash(c, next)] === 1)) {
        const list = this.byFirst.get(c);
        if (list !== undefined) for (const entry of list) if (text.startsWith(entry.value, i)) found.push(entry.id);
      }
      c = next;
    }
  }
}

function pairHash(a: number, b: number): number {
  return ((a * 31) ^ b) & 0xffff;
}

export class QueryMatcher implements TokenSink {
  private readonly entries = new Map<string, number>();
  /** slot → query; slots of removed queries are reused */
  private readonly slots: (Entry | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly everyPost: number[] = [];

  // The key dictionary. Ids are reference-counted and reused once no query needs them.
  private readonly tokenKeys = new TokenKeyTable(6);
  /** by the first three characters: the w: key of those three, and the p: keys of longer prefixes */
  private readonly prefixKeys = new Map<number, PrefixGroup>();
  /** by the low 16 bits of a prefix code: 1 where a group may exist (a removed group leaves its bit) */
  private readonly prefixFilter = new Uint8Array(65536);
  private readonly substringKeys = new Map<string, number>();
  private readonly otherKeys = new Map<string, number>();
  /** how many site: and lk: keys otherKeys holds: a post's address and links are looked at only when some query needs them */
  private siteKeys = 0;
  private linkKeys = 0;
  private readonly rawScan = new SubstringScan();
  private readonly urlScan = new SubstringScan();
  private readonly scanned: number[] = [];
  private readonly keyNames: (string | undefined)[] = [];
  private readonly keyRefs: number[] = [];
  private readonly freeKeys: number[] = [];
  /** key id → slots of the queries anchored on it */
  private readonly postings: (number[] | undefined)[] = [];

  // Per-post state: generation stamps, so nothing is cleared between posts.
  private generation = 0;
  private keyInPost: Uint32Array = new Uint32Array(1024);
  private keyInText: Uint32Array = new Uint32Array(1024);
  private keyInTitle: Uint32Array = new Uint32Array(1024);
  private slotSeen: Uint32Array = new Uint32Array(1024);
  private readonly candidateSlots: number[] = [];
  private post: AnalyzedPost | null = null;
  /** the stamps of the field being scanned (keyInText or keyInTitle) */
  private inField: Uint32Array = this.keyInText;
  /** TokenSink: terms in scripts written without spaces are substring keys, never token keys */
  readonly noSpaceWords = false;
  /** canonical addresses written in the post's fields, collected by the scan */
  private readonly scannedUrls: string[] = [];
  private urlsOf = 0;
  private canonicalUrl: string | null = null;
  private givenUrl: string | null = null;

  get size(): number {
    return this.entries.size;
  }

  /** Ids of queries that cannot be indexed and are evaluated against every post. */
  get unindexable(): string[] {
    return [...this.entries.values()].filter((slot) => !this.slots[slot]!.indexed).map((slot) => this.slots[slot]!.id).sort();
  }

  set(id: string, ast: QueryNode): { indexed: boolean } {
    this.remove(id);
    const keys: number[] = [];
    const key = (name: string): number => {
      const k = this.acquireKey(name);
      keys.push(k);
      return k;
    };
    const indexed = anchorsOf(ast) !== null;
    const anchorNames = anchorsFor(ast, true);
    const anchors = anchorNames ? [...anchorNames].map(key) : null;
    const plan = this.compile(ast, key);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = { id, ast, anchors, keys, plan, indexed };
    this.entries.set(id, slot);
    if (slot >= this.slotSeen.length) this.slotSeen = grow(this.slotSeen, slot);
    if (!anchors) this.everyPost.push(slot);
    else for (const k of anchors) (this.postings[k] ??= []).push(slot);
    return { indexed };
  }

  remove(id: string): void {
    const slot = this.entries.get(id);
    if (slot === undefined) return;
    const entry = this.slots[slot]!;
    this.entries.delete(id);
    if (!entry.anchors) this.everyPost.splice(this.everyPost.indexOf(slot), 1);
    for (const k of entry.anchors ?? []) {
      const list = this.postings[k]!;
      list.splice(list.indexOf(slot), 1);
    }
    for (const k of entry.keys) this.releaseKey(k);
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** The ids of the queries worth evaluating for this post: those whose keys it has, and the unindexable ones. */
  candidates(post: AnalyzedPost): Set<string> {
    this.collect(post);
    const ids = new Set<string>();
    for (const slot of this.everyPost) ids.add(this.slots[slot]!.id);
    for (const slot of this.candidateSlots) ids.add(this.slots[slot]!.id);
    return ids;
  }

  /** The ids of the queries the post matches, sorted as strings. */
  match(post: AnalyzedPost): string[] {
    this.collect(post);
    const matches: string[] = [];
    for (const slot of this.everyPost) if (this.run(this.slots[slot]!.plan)) matches.push(this.slots[slot]!.id);
    const candidates = this.candidateSlots;
    for (let i = 0; i < candidates.length; i++) {
      const entry = this.slots[candidates[i]!]!;
      if (this.run(entry.plan)) matches.push(entry.id);
    }
    this.post = null;
    return matches.length > 1 ? matches.sort() : matches;
  }

  // --- keys ---------------------------------------------------------------------------------------

  private acquireKey(name: string): number {
    const existing = this.lookupKey(name);
    if (existing >= 0) {
      this.keyRefs[existing]!++;
      return existing;
    }
    const id = this.freeKeys.pop() ?? this.keyNames.length;
    this.keyNames[id] = name;
    this.keyRefs[id] = 1;
    if (id >= this.keyInPost.length) {
      this.keyInPost = grow(this.keyInPost, id);
      this.keyInText = grow(this.keyInText, id);
      this.keyInTitle = grow(this.keyInTitle, id);
    }
    // A reused id must not look stamped by the current post.
    this.keyInPost[id] = this.keyInText[id] = this.keyInTitle[id] = 0;
    const colon = name.indexOf(':');
    const prefix = name.slice(0, colon);
    const value = name.slice(colon + 1);
    const category = TOKEN_CATEGORIES[prefix];
    if (category !== undefined) {
      this.tokenKeys.setId(value, category, id);
    } else if (prefix === 'w' || prefix === 'p') {
      const group = this.prefixGroup(value, true)!;
      if (prefix === 'w') group.three = id;
      else group.longer.push({ prefix: value, id });
    } else if (prefix === 's') this.substringKeys.set(value, id);
    else if (prefix === 'r') this.rawScan.add(value, id);
    else if (prefix === 'u') this.urlScan.add(value, id);
    else {
      this.otherKeys.set(name, id);
      this.countMetaKey(prefix, 1);
    }
    return id;
  }

  private lookupKey(name: string): number {
    const colon = name.indexOf(':');
    const prefix = name.slice(0, colon);
    const value = name.slice(colon + 1);
    const category = TOKEN_CATEGORIES[prefix];
    if (category !== undefined) {
      const entry = this.tokenKeys.find(value);
      return entry < 0 ? -1 : this.tokenKeys.id(entry, category);
    }
    if (prefix === 'w') return this.prefixGroup(value, false)?.three ?? -1;
    if (prefix === 'p') return this.prefixGroup(value, false)?.longer.find((p) => p.prefix === value)?.id ?? -1;
    if (prefix === 's') return this.substringKeys.get(value) ?? -1;
    if (prefix === 'r') return this.rawScan.get(value);
    if (prefix === 'u') return this.urlScan.get(value);
    return this.otherKeys.get(name) ?? -1;
  }

  private countMetaKey(prefix: string, delta: number): void {
    if (prefix === 'site') this.siteKeys += delta;
    else if (prefix === 'lk') this.linkKeys += delta;
  }

  /** The group of the prefix's first three characters; created when asked. */
  private prefixGroup(prefix: string, create: boolean): PrefixGroup | null {
    const chars = prefix.slice(0, PREFIX_LENGTH);
    const code = prefixCode(chars);
    let group = this.prefixKeys.get(code) ?? null;
    while (group !== null && group.chars !== chars) group = group.next;
    if (group === null && create) {
      group = { chars, three: -1, longer: [], next: this.prefixKeys.get(code) ?? null };
      this.prefixKeys.set(code, group);
      this.prefixFilter[code & 0xffff] = 1;
    }
    return group;
  }

  private dropPrefixGroup(group: PrefixGroup): void {
    const code = prefixCode(group.chars);
    const first = this.prefixKeys.get(code)!;
    if (first === group) {
      if (group.next) this.prefixKeys.set(code, group.next);
      else this.prefixKeys.delete(code);
      return;
    }
    let previous = first;
    while (previous.next !== group) previous = previous.next!;
    previous.next = group.next;
  }

  private releaseKey(id: number): void {
    if (--this.keyRefs[id]! > 0) return;
    const name = this.keyNames[id]!;
    const colon = name.indexOf(':');
    const prefix = name.slice(0, colon);
    const value = name.slice(colon + 1);
    const category = TOKEN_CATEGORIES[prefix];
    if (category !== undefined) {
      this.tokenKeys.clearId(value, category);
    } else if (prefix === 'w' || prefix === 'p') {
      const group = this.prefixGroup(value, false)!;
      if (prefix === 'w') group.three = -1;
      else group.longer.splice(group.longer.findIndex((p) => p.prefix === value), 1);
      if (group.three < 0 && group.longer.length === 0) this.dropPrefixGroup(group);
    } else if (prefix === 's') this.substringKeys.delete(value);
    else if (prefix === 'r') this.rawScan.delete(value);
    else if (prefix === 'u') this.urlScan.delete(value);
    else {
      this.otherKeys.delete(name);
      this.countMetaKey(prefix, -1);
    }
    this.keyNames[id] = undefined;
    this.postings[id] = undefined;
    this.freeKeys.push(id);
  }

  // --- compiling ----------------------------------------------------------------------------------

  private compile(node: QueryNode, key: (name: string) => number): Plan {
    switch (node.type) {
      case 'term': {
        const prefix = node.kind === 'any' ? 't' : node.kind === 'hashtag' ? 'h' : node.kind === 'mention' ? 'm' : 'c';
        return { op: 'key', id: key(`${prefix}:${node.value}`), fields: scopeFields(node.scope) };
      }
      case 'emoji':
        return { op: 'key', id: key(`e:${node.value}`), fields: scopeFields(node.scope) };
      case 'phrase':
        if (node.words.length === 0) return { op: 'ref', node };
        return { op: 'guard', ids: [...new Set(node.words)].map((w) => key(`n:${w}`)), fields: scopeFields(node.scope), node };
      case 'wildcard': {
        const fixed = /^[^*?]*/.exec(node.pattern)?.[0] ?? '';
        if (fixed.length < PREFIX_LENGTH) return { op: 'ref', node };
        // `nik*`, a plain prefix, is exactly "a term token starts with nik": the p: key says it.
        if (node.pattern === `${fixed}*`) return { op: 'key', id: key(`p:${fixed}`), fields: scopeFields(node.scope) };
        return { op: 'guard', ids: [key(`w:${fixed.slice(0, PREFIX_LENGTH)}`)], fields: scopeFields(node.scope), node };
      }
      case 'and':
      case 'or': {
        // Cheap children first; negations (ruling out) last in an AND.
        const children = node.children.map((c) => this.compile(c, key)).sort((a, b) => planCost(a) - planCost(b));
        return { op: node.type, children };
      }
      case 'not':
        return { op: 'not', child: this.compile(node.child, key) };
      case 'raw':
        return { op: 'raw', value: node.value, fields: scopeFields(node.scope), node };
      case 'meta':
        return node.field === 'url' ? { op: 'url', value: node.value } : { op: 'ref', node };
      case 'near':
        return { op: 'near', left: this.compile(node.left, key), right: this.compile(node.right, key), node };
      default:
        return { op: 'ref', node };
    }
  }

  // --- matching -----------------------------------------------------------------------------------

  /** Stamps the post's keys and collects the slots of the queries anchored on them. */
  private collect(post: AnalyzedPost): void {
    this.post = post;
    if (++this.generation === 0xffffffff) {
      this.generation = 1;
      this.urlsOf = 0;
      this.keyInPost.fill(0);
      this.keyInText.fill(0);
      this.keyInTitle.fill(0);
      this.slotSeen.fill(0);
    }
    this.candidateSlots.length = 0;
    this.scannedUrls.length = 0;
    this.stampField(post.text, this.keyInText);
    if (post.title) this.stampField(post.title, this.keyInTitle);
    if (this.otherKeys.size > 0) {
      for (const name of metaKeys(post, () => this.linkHosts(post), this.siteKeys > 0, this.linkKeys > 0)) {
        const id = this.otherKeys.get(name);
        if (id !== undefined) this.stamp(id);
      }
    }
    const scanned = this.scanned;
    scanned.length = 0;
    if (this.rawScan.size > 0) {
      this.rawScan.scan(post.text.original, scanned);
      if (post.title) this.rawScan.scan(post.title.original, scanned);
    }
    if (this.urlScan.size > 0) {
      this.lowerCaseUrls();
      if (this.canonicalUrl !== null) this.urlScan.scan(this.canonicalUrl, scanned);
      if (this.givenUrl !== null) this.urlScan.scan(this.givenUrl, scanned);
    }
    for (let i = 0; i < scanned.length; i++) this.stamp(scanned[i]!);
  }

  /** The hosts of the post's links: those the source gave and those written in its fields (as AnalyzedPost.links). */
  private linkHosts(post: AnalyzedPost): string[] {
    const hosts: string[] = [];
    for (const raw of post.post.links ?? []) {
      const link = canonicalizeUrl(raw);
      if (link !== null) hosts.push(link.host);
    }
    for (const href of this.scannedUrls) {
      const link = canonicalizeUrl(href);
      if (link !== null) hosts.push(link.host);
    }
    return hosts;
  }

  private stampField(field: AnalyzedField, inField: Uint32Array): void {
    this.inField = inField;
    scanTokens(field.original, this);
    if (this.substringKeys.size > 0 && MAY_FOLD_TO_NO_SPACE_SCRIPT.test(field.original) && SCRIPTS_WITHOUT_SPACES_SCX.test(field.folded)) {
      let previous = '';
      for (const char of field.folded) {
        let id = this.substringKeys.get(char);
        if (id !== undefined) this.stamp(id);
        if (previous !== '') {
          id = this.substringKeys.get(previous + char);
          if (id !== undefined) this.stamp(id);
        }
        previous = char;
      }
    }
  }

  /** TokenSink: an ASCII word of the field being scanned, looked up on the text itself. */
  asciiWord(text: string, start: number, end: number): void {
    const keys = this.tokenKeys;
    const entry = keys.findAsciiSpan(text, start, end);
    if (entry >= 0) {
      this.stampIn(keys.id(entry, NORM));
      this.stampIn(keys.id(entry, ANY));
    }
    if (end - start >= PREFIX_LENGTH) {
      const code = ((lowerAscii(text.charCodeAt(start)) << 20) ^ (lowerAscii(text.charCodeAt(start + 1)) << 10) ^ lowerAscii(text.charCodeAt(start + 2))) & 0x3fffffff;
      if (this.prefixFilter[code & 0xffff] === 0) return;
      let group = this.prefixKeys.get(code) ?? null;
      while (group !== null && !asciiSpanStartsWith(text, start, end, group.chars)) group = group.next;
      if (group === null) return;
      this.stampIn(group.three);
      const longer = group.longer;
      for (let k = 0; k < longer.length; k++) {
        const p = longer[k]!;
        if (this.inField[p.id] !== this.generation && asciiSpanStartsWith(text, start, end, p.prefix)) this.stampIn(p.id);
      }
    }
  }

  /** TokenSink: any other token of the field being scanned. */
  token(kind: TokenKind, norm: string): void {
    if (kind === 'url') {
      this.scannedUrls.push(norm);
      return;
    }
    const keys = this.tokenKeys;
    const entry = keys.find(norm);
    if (entry >= 0) {
      this.stampIn(keys.id(entry, NORM));
      if (kind === 'emoji') {
        this.stampIn(keys.id(entry, EMOJI));
      } else {
        this.stampIn(keys.id(entry, ANY));
        if (kind !== 'word') this.stampIn(keys.id(entry, kind === 'hashtag' ? HASHTAG : kind === 'mention' ? MENTION : CASHTAG));
      }
    }
    if (kind !== 'emoji' && norm.length >= PREFIX_LENGTH) {
      const code = prefixCode(norm);
      if (this.prefixFilter[code & 0xffff] === 0) return;
      let group = this.prefixKeys.get(code) ?? null;
      while (group !== null && !norm.startsWith(group.chars)) group = group.next;
      if (group === null) return;
      this.stampIn(group.three);
      const longer = group.longer;
      for (let k = 0; k < longer.length; k++) {
        const p = longer[k]!;
        if (this.inField[p.id] !== this.generation && norm.startsWith(p.prefix)) this.stampIn(p.id);
      }
    }
  }

  /** Marks a key (when it is one: id ≥ 0) as present in the field being scanned and in the post. */
  private stampIn(id: number): void {
    if (id < 0) return;
    this.inField[id] = this.generation;
    this.stamp(id);
  }

  /** Marks a key as present in the post; the first time, its queries become candidates. */
  private stamp(id: number): void {
    const generation = this.generation;
    if (this.keyInPost[id] === generation) return;
    this.keyInPost[id] = generation;
    const slots = this.postings[id];
    if (slots === undefined) return;
    const seen = this.slotSeen;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (seen[slot] !== generation) {
        seen[slot] = generation;
        this.candidateSlots.push(slot);
      }
    }
  }

  private inFields(id: number, fields: number): boolean {
    const generation = this.generation;
    return ((fields & TEXT) !== 0 && this.keyInText[id] === generation) || ((fields & TITLE) !== 0 && this.keyInTitle[id] === generation);
  }

  private allInOneField(ids: number[], fields: number): boolean {
    const generation = this.generation;
    const all = (stamps: Uint32Array) => {
      for (let i = 0; i < ids.length; i++) if (stamps[ids[i]!] !== generation) return false;
      return true;
    };
    return ((fields & TEXT) !== 0 && all(this.keyInText)) || ((fields & TITLE) !== 0 && all(this.keyInTitle));
  }

  private lowerCaseUrls(): void {
    if (this.urlsOf === this.generation) return;
    this.urlsOf = this.generation;
    const post = this.post!;
    this.canonicalUrl = post.url === null ? null : post.url.href.toLowerCase();
    this.givenUrl = post.post.url === undefined ? null : post.post.url.toLowerCase();
  }

  /** As the reference evaluator's url:, with the lower-cased addresses computed once per post. */
  private urlIncludes(value: string): boolean {
    this.lowerCaseUrls();
    return (this.canonicalUrl !== null && this.canonicalUrl.includes(value)) || (this.givenUrl !== null && this.givenUrl.includes(value));
  }

  private run(plan: Plan): boolean {
    switch (plan.op) {
      case 'key':
        return this.inFields(plan.id, plan.fields);
      case 'guard':
        return this.allInOneField(plan.ids, plan.fields) && evaluate(plan.node, this.post!);
      case 'raw': {
        const post = this.post!;
        const found = ((plan.fields & TEXT) !== 0 && post.text.original.includes(plan.value)) || ((plan.fields & TITLE) !== 0 && post.title !== null && post.title.original.includes(plan.value));
        return found && evaluate(plan.node, post);
      }
      case 'url':
        return this.urlIncludes(plan.value);
      case 'ref':
        return evaluate(plan.node, this.post!);
      case 'and': {
        const children = plan.children;
        for (let i = 0; i < children.length; i++) if (!this.run(children[i]!)) return false;
        return true;
      }
      case 'or': {
        const children = plan.children;
        for (let i = 0; i < children.length; i++) if (this.run(children[i]!)) return true;
        return false;
      }
      case 'not':
        return !this.run(plan.child);
      case 'near':
        return this.run(plan.left) && this.run(plan.right) && evaluate(plan.node, this.post!);
    }
  }
}

function lowerAscii(c: number): number {
  return c <= 0x5a && c >= 0x41 ? c + 32 : c;
}

/** Whether the lower case of `text[start, end)` (ASCII letters and digits) starts with `prefix`. */
function asciiSpanStartsWith(text: string, start: number, end: number, prefix: string): boolean {
  if (prefix.length > end - start) return false;
  for (let k = 0; k < prefix.length; k++) if (lowerAscii(text.charCodeAt(start + k)) !== prefix.charCodeAt(k)) return false;
  return true;
}

function grow(array: Uint32Array, index: number): Uint32Array {
  let length = array.length;
  while (length <= index) length *= 2;
  const grown = new Uint32Array(length);
  grown.set(array);
  return grown;
}
