// Filtered-stream rules derived from a workspace's listening queries. X's rule syntax
// (https://docs.x.com/x-api/posts/filtered-stream/integrate/build-a-rule) has keywords, "phrases",
// OR, grouping, negation, #hashtags, @mentions, $cashtags, from:, url: and lang:, but no proximity,
// wildcards, exact-case substrings or titles. What it cannot say is replaced by something broader
// (dropped from an AND, or a NOT dropped), never narrower: Parley's matcher checks every streamed
// post against the query anyway, so a broader rule costs volume, a narrower one would lose posts.
// Each query's rules are tagged with its id; the report says which queries were broadened and which
// could not be covered at all.
import type { QueryNode, TermNode } from '../../query/ast.js';
import { parseQuery } from '../../query/parser.js';

export type ListeningQueryInput = { id: string; query: string };

export type RuleLimits = {
  /** characters per rule: 512 on most plans, 1024 on some */
  maxRuleLength?: number;
  /** rules per stream, which depends on the plan (Basic 25, Pro 1,000) */
  maxRules?: number;
};

export type WantedRule = { value: string; tag: string };

export type QueryCoverage = {
  queryId: string;
  /** exact: the rules match what the query matches on X; broadened: they match more; uncovered: no rule */
  status: 'exact' | 'broadened' | 'uncovered';
  /** what was widened or why nothing could be streamed */
  notes: string[];
};

export type DerivedRules = {
  rules: WantedRule[];
  coverage: QueryCoverage[];
  broadened: string[];
  uncovered: string[];
};

export const RULE_TAG_PREFIX = 'parley:';
const DEFAULT_MAX_RULE_LENGTH = 512;
const DEFAULT_MAX_RULES = 1000;

/** A rule expression; `standalone` atoms may make up a rule alone, others (lang:) need company. */
type Atom = { t: 'atom'; text: string; standalone: boolean };
type Expr = { t: 'true' } | { t: 'false' } | Atom | { t: 'not'; atom: Atom } | { t: 'and'; items: Expr[] } | { t: 'or'; items: Expr[] };

/** wider: match at least what the query matches (the rule itself); narrower: at most (under a NOT). */
type Mode = 'wider' | 'narrower';

const TRUE: Expr = { t: 'true' };
const FALSE: Expr = { t: 'false' };
const atom = (text: string, standalone = true): Atom => ({ t: 'atom', text, standalone });

const BARE_KEYWORD = /^[\p{L}\p{N}\p{M}_]+$/u;
const quote = (value: string): string => `"${value.replace(/["\\]/g, ' ').trim()}"`;
const keyword = (value: string): Atom => atom(BARE_KEYWORD.test(value) ? value : quote(value));

/** Parley's names for X in `channel:`. */
const X_CHANNELS = new Set(['twitter', 'x']);
/** Hosts of the posts' own URLs (https://x.com/<user>/status/<id>), for `site:`. */
const X_HOSTS = ['x.com', 'twitter.com'];

class Translator {
  readonly notes: string[] = [];

  /** Something X cannot say: always true in a rule, always false under a NOT; either way the rule gets broader. */
  private widen(note: string, mode: Mode): Expr {
    this.notes.push(note);
    return mode === 'wider' ? TRUE : FALSE;
  }

  private term(node: TermNode, mode: Mode): Expr {
    // Posts from X have no title: a term looking only at the title matches none of them.
    if (node.scope === 'title') return FALSE;
    switch (node.type) {
      case 'term':
        if (node.kind === 'hashtag') return atom(`#${node.value}`);
        if (node.kind === 'mention') return atom(`@${node.value}`);
        if (node.kind === 'cashtag') return atom(`$${node.value}`);
        return keyword(node.value);
      case 'phrase':
        return atom(quote(node.words.join(' ')));
      case 'emoji':
        return atom(node.value);
      case 'wildcard':
        return this.widen(`the wildcard ${node.pattern} is left out (X has no wildcards)`, mode);
      case 'substring':
        return this.widen(`"${node.value}" is left out (X cannot match inside words)`, mode);
      case 'raw': {
        if (mode === 'narrower') return this.widen(`NOT raw:"${node.value}" is left out`, mode);
        // Any text that contains the exact string contains its words, in order.
        const words = node.value.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
        this.notes.push(`raw:"${node.value}" is matched by its words, ignoring case and punctuation`);
        if (words.length === 0) return TRUE;
        return words.length === 1 ? keyword(words[0]!.toLowerCase()) : atom(quote(words.join(' ').toLowerCase()));
      }
    }
  }

  private meta(node: Extract<QueryNode, { type: 'meta' }>, mode: Mode): Expr {
    const value = node.value.trim();
    switch (node.field) {
      case 'author':
        return atom(`from:${value.replace(/^@/, '')}`);
      case 'links':
        // url: matches a link containing the value, which includes every link on that host.
        if (mode === 'narrower') return this.widen(`NOT links:${value} is left out`, mode);
        this.notes.push(`links:${value} is matched as url:"${value}" (any link containing it)`);
        return atom(`url:${quote(value)}`);
      case 'site':
        return X_HOSTS.some((host) => host === value.toLowerCase() || host.endsWith(`.${value.toLowerCase()}`)) ? TRUE : FALSE;
      case 'channel':
        return X_CHANNELS.has(value.toLowerCase()) ? TRUE : FALSE;
      case 'lang':
        return atom(`lang:${value.toLowerCase()}`, false);
      case 'url':
        return this.widen(`url:${value} is left out (a rule cannot see the post's own address)`, mode);
      case 'country':
        return this.widen(`country:${value} is left out (X's place_country only covers geotagged posts)`, mode);
    }
  }

  translate(node: QueryNode, mode: Mode): Expr {
    switch (node.type) {
      case 'and':
        return and(node.children.map((child) => this.translate(child, mode)));
      case 'or':
        return or(node.children.map((child) => this.translate(child, mode)));
      case 'not':
        return this.negate(this.translate(node.child, mode === 'wider' ? 'narrower' : 'wider'), mode);
      case 'near':
        if (mode === 'narrower') return this.widen(`a NOT of NEAR/${node.distance} is left out`, mode);
        this.notes.push(`NEAR/${node.distance}${node.ordered ? 'f' : ''} is matched as AND (X has no proximity)`);
        return and([this.translate(node.left, mode), this.translate(node.right, mode)]);
      case 'meta':
        return this.meta(node, mode);
      default:
        return this.term(node, mode);
    }
  }

  /** NOT of an expression, in X's terms: single operators negate (`-x`), an OR of them by De Morgan. */
  private negate(expr: Expr, mode: Mode): Expr {
    if (expr.t === 'true') return FALSE;
    if (expr.t === 'false') return TRUE;
    if (expr.t === 'atom') return { t: 'not', atom: expr };
    if (expr.t === 'not') return expr.atom;
    if (expr.t === 'or' && expr.items.every((item) => item.t === 'atom' || item.t === 'not')) return and(expr.items.map((item) => this.negate(item, mode)));
    return this.widen('a NOT of a group X cannot negate is left out', mode);
  }
}

const and = (items: Expr[]): Expr => {
  const flat = items.flatMap((item) => (item.t === 'and' ? item.items : [item])).filter((item) => item.t !== 'true');
  if (flat.some((item) => item.t === 'false')) return FALSE;
  return flat.length === 0 ? TRUE : flat.length === 1 ? flat[0]! : { t: 'and', items: flat };
};

const or = (items: Expr[]): Expr => {
  const flat = items.flatMap((item) => (item.t === 'or' ? item.items : [item])).filter((item) => item.t !== 'false');
  if (flat.some((item) => item.t === 'true')) return TRUE;
  return flat.length === 0 ? FALSE : flat.length === 1 ? flat[0]! : { t: 'or', items: flat };
};

/** X rejects rules (and OR alternatives) made only of negations and conjunction-required operators. */
const hasPositive = (expr: Expr): boolean => {
  switch (expr.t) {
    case 'atom':
      return expr.standalone;
    case 'and':
      return expr.items.some(hasPositive);
    case 'or':
      return expr.items.every(hasPositive);
    default:
      return false;
  }
};

const print = (expr: Expr): string => {
  switch (expr.t) {
    case 'atom':
      return expr.text;
    case 'not':
      return `-${expr.atom.text}`;
    case 'and':
      return expr.items.map((item) => (item.t === 'or' ? `(${print(item)})` : print(item))).join(' ');
    case 'or':
      return expr.items.map((item) => (item.t === 'and' ? `(${print(item)})` : print(item))).join(' OR ');
    default:
      throw new Error(`A ${expr.t} has no rule syntax.`);
  }
};

/**
 * Rules of at most `max` characters for `expr`: an OR too long is split into several rules (their
 * union is the same), an AND too long loses its longest parts while it keeps something X can
 * filter on (broader). Null when nothing fits.
 */
const fit = (expr: Expr, max: number, notes: string[]): Expr[] | null => {
  if (print(expr).length <= max) return [expr];
  if (expr.t === 'or') {
    const parts: Expr[] = [];
    for (const item of expr.items) {
      const fitted = fit(item, max, notes);
      if (!fitted) return null;
      parts.push(...fitted);
    }
    // Pack the alternatives back together as far as the length allows.
    const rules: Expr[] = [];
    for (const part of parts) {
      const last = rules.at(-1);
      const joined = last ? or([last, part]) : part;
      if (last && print(joined).length <= max) rules[rules.length - 1] = joined;
      else rules.push(part);
    }
    return rules;
  }
  if (expr.t === 'and') {
    const byLength = [...expr.items].sort((a, b) => print(b).length - print(a).length);
    for (const longest of byLength) {
      const rest = and(expr.items.filter((item) => item !== longest));
      if (rest.t === 'true' || !hasPositive(rest)) continue;
      notes.push(`${print(longest).slice(0, 60)}… is left out to fit X's rule length`);
      return fit(rest, max, notes);
    }
  }
  return null;
};

type QueryRules = { queryIds: string[]; exprs: Expr[] };

export type QueryTranslation = { rules: string[]; status: QueryCoverage['status']; notes: string[] };

/** The rules (before tagging) that stream what `ast` matches on X, at least. */
export const translateQuery = (ast: QueryNode, maxRuleLength = DEFAULT_MAX_RULE_LENGTH): QueryTranslation & { exprs: Expr[] } => {
  const translator = new Translator();
  const expr = translator.translate(ast, 'wider');
  const notes = translator.notes;
  if (expr.t === 'false') return { rules: [], exprs: [], status: 'uncovered', notes: [...notes, 'the query cannot match posts from X'] };
  if (expr.t === 'true' || !hasPositive(expr)) {
    return { rules: [], exprs: [], status: 'uncovered', notes: [...notes, 'nothing is left that X can filter on (a keyword, hashtag, mention, phrase or author)'] };
  }
  const exprs = fit(expr, maxRuleLength, notes);
  if (!exprs) return { rules: [], exprs: [], status: 'uncovered', notes: [...notes, `no rule of at most ${maxRuleLength} characters covers it`] };
  return { rules: exprs.map(print), exprs, status: notes.length > 0 ? 'broadened' : 'exact', notes };
};

const tagOf = (queryIds: string[]): string => `${RULE_TAG_PREFIX}${queryIds.join(',')}`;

/** Query ids a rule was made for, from its tag; empty for rules Parley did not make. */
export const queryIdsOfTag = (tag: string | undefined): string[] => (tag?.startsWith(RULE_TAG_PREFIX) ? tag.slice(RULE_TAG_PREFIX.length).split(',').filter(Boolean) : []);

/**
 * Packs rules of several queries into one (OR) while there are more rules than the plan allows,
 * shortest first; the tag then names every query in it.
 */
const packRules = (rules: QueryRules[], maxRules: number, maxLength: number): QueryRules[] => {
  const bins = [...rules].sort((a, b) => print(a.exprs[0]!).length - print(b.exprs[0]!).length);
  let packed = true;
  while (bins.length > maxRules && packed) {
    packed = false;
    for (let i = 0; i + 1 < bins.length; i++) {
      const joined = or([bins[i]!.exprs[0]!, bins[i + 1]!.exprs[0]!]);
      if (print(joined).length > maxLength) continue;
      bins.splice(i, 2, { queryIds: [...bins[i]!.queryIds, ...bins[i + 1]!.queryIds], exprs: [joined] });
      packed = true;
      break;
    }
  }
  return bins;
};

/** The stream rules for a workspace's listening queries, within the plan's limits, with a report. */
export const deriveStreamRules = (queries: ListeningQueryInput[], limits: RuleLimits = {}): DerivedRules => {
  const maxRuleLength = limits.maxRuleLength ?? DEFAULT_MAX_RULE_LENGTH;
  const maxRules = limits.maxRules ?? DEFAULT_MAX_RULES;
  const coverage = new Map<string, QueryCoverage>();
  const perRule: QueryRules[] = [];

  for (const { id, query } of queries) {
    const parsed = parseQuery(query);
    if (!parsed.ok) {
      coverage.set(id, { queryId: id, status: 'uncovered', notes: [`the query does not parse: ${parsed.error.message}`] });
      continue;
    }
    const translation = translateQuery(parsed.ast, maxRuleLength);
    coverage.set(id, { queryId: id, status: translation.status, notes: translation.notes });
    for (const expr of translation.exprs) perRule.push({ queryIds: [id], exprs: [expr] });
  }

  const packed = packRules(perRule, maxRules, maxRuleLength);
  // Rules beyond the plan's count that could not be packed: their queries lose coverage.
  for (const dropped of packed.splice(maxRules)) {
    for (const id of dropped.queryIds) {
      coverage.set(id, { queryId: id, status: 'uncovered', notes: [...(coverage.get(id)?.notes ?? []), `more rules than the plan's ${maxRules}`] });
    }
  }
  const uncoveredIds = new Set([...coverage.values()].filter((entry) => entry.status === 'uncovered').map((entry) => entry.queryId));
  // X refuses two rules with the same value: queries that translate alike share one rule.
  const idsByValue = new Map<string, Set<string>>();
  for (const rule of packed) {
    const value = print(rule.exprs[0]!);
    const ids = idsByValue.get(value) ?? new Set<string>();
    for (const id of rule.queryIds) if (!uncoveredIds.has(id)) ids.add(id);
    idsByValue.set(value, ids);
  }
  const entries = [...coverage.values()];
  return {
    rules: [...idsByValue].filter(([, ids]) => ids.size > 0).map(([value, ids]) => ({ value, tag: tagOf([...ids]) })),
    coverage: entries,
    broadened: entries.filter((entry) => entry.status === 'broadened').map((entry) => entry.queryId),
    uncovered: entries.filter((entry) => entry.status === 'uncovered').map((entry) => entry.queryId),
  };
};
