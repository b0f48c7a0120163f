// Recursive-descent parser of the listening query language (specs/query-language.md).
//
// Binding, tightest first: field and term; NEAR; NOT and `-`; AND (explicit or by adjacency); OR.
//
//   or      := and (OR and)*
//   and     := unary ((AND)? unary)*
//   unary   := NOT unary | '-' unary | near
//   near    := primary (NEAR/n primary)?
//   primary := '(' or ')' | field primary-or-value | word | "quoted"["~n"]
//
// AND and OR lists are always flattened (`(a b) c` gives one AND of three), so that the canonical
// printer, which prints minimal parentheses, reads back as the same tree.

import type { MetaField, ParseResult, QueryIssue, QueryNode, TermNode, TextScope } from './ast.js';
import { lex, QuerySyntaxError, type FieldName, type LexToken } from './lexer.js';
import { normalizeTerm, tokenize } from '../text/analyze.js';
import { queryWarnings } from './warnings.js';

/**
 * Scripts written without spaces between words: their terms match as substrings of the text.
 * Script_Extensions, so that signs shared by these scripts (the Japanese long-vowel mark ー) count too.
 */
const NO_SPACE_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]/u;
const MAX_DEPTH = 100;
const WORD_CHARS = /^[\p{L}\p{N}\p{M}]+$/u;

type Context = {
  scope: TextScope;
  /** set inside `site:( … )` and the like, where every word is a value of that field */
  valueField: MetaField | 'raw' | null;
};

/** Where each node starts in the query, for errors and warnings found after parsing. */
export type Positions = WeakMap<QueryNode, number>;

export const parseQuery = (input: string): ParseResult => {
  if (input.trim() === '') {
    return { ok: false, error: { message: 'The query is empty: type a word, a "phrase" or a field such as site:example.com.', position: 0 }, warnings: [] };
  }
  try {
    const parser = new Parser(input, lex(input));
    const ast = parser.parseQuery();
    const warnings: QueryIssue[] = queryWarnings(ast, parser.positions);
    return { ok: true, ast, warnings };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { ok: false, error: { message: error.message, position: error.position }, warnings: [] };
    throw error;
  }
};

const describe = (token: LexToken | undefined): string => {
  if (!token) return 'the end of the query';
  switch (token.t) {
    case 'and':
      return '"AND"';
    case 'or':
      return '"OR"';
    case 'not':
      return '"NOT"';
    case 'near':
      return '"NEAR"';
    case 'rparen':
      return '")"';
    default:
      return 'this';
  }
};

const operatorName = (token: LexToken): string => {
  switch (token.t) {
    case 'and':
      return 'AND';
    case 'or':
      return 'OR';
    case 'not':
      return 'NOT';
    case 'near':
      return 'NEAR';
    case 'minus':
      return '-';
    case 'field':
      return `${token.name}:`;
    default:
      return token.t;
  }
};

/**
 * Whether every match of `node` needs something to be present, not only something to be absent.
 * A query and each OR alternative must have this, or they would match almost every post.
 */
export const hasPositive = (node: QueryNode): boolean => {
  switch (node.type) {
    case 'not':
      return false;
    case 'and':
      return node.children.some(hasPositive);
    case 'or':
      return node.children.every(hasPositive);
    default:
      return true;
  }
};

/**
 * The words of a phrase as plain word and emoji tokens. A tag's norm may itself contain punctuation
 * (`#_nike`, `@jane.doe`), and a phrase is printed as plain words in quotes, so such norms are cut
 * again until every word reads back as one word.
 */
const phraseWords = (norms: string[]): string[] => {
  let words = norms;
  for (let round = 0; round < 4; round += 1) {
    const tokens = tokenize(words.join(' ')).filter((t) => t.kind !== 'url');
    const next = tokens.map((t) => t.norm);
    if (tokens.every((t) => t.kind === 'word' || t.kind === 'emoji') && next.length === words.length && next.every((w, i) => w === words[i])) break;
    words = next;
  }
  return words;
};

const isNearOperand = (node: QueryNode): boolean => {
  if (node.type === 'or') return node.children.every(isNearOperand);
  return node.type === 'term' || node.type === 'phrase' || node.type === 'wildcard' || node.type === 'emoji';
};

class Parser {
  readonly positions: Positions = new WeakMap();
  private index = 0;
  /** Nesting of parentheses and negations, bounded so that hostile input cannot overflow the stack. */
  private depth = 0;

  constructor(
    private readonly input: string,
    private readonly tokens: LexToken[],
  ) {}

  parseQuery(): QueryNode {
    const ast = this.parseOr({ scope: 'any', valueField: null });
    const next = this.peek();
    if (next) {
      if (next.t === 'rparen') throw new QuerySyntaxError('This ")" has no matching "(": remove it or add the "(".', next.pos);
      throw new QuerySyntaxError('Unexpected text here.', next.pos);
    }
    if (!hasPositive(ast)) {
      throw new QuerySyntaxError(
        'The query has nothing that must match: add a term or field that posts must contain (for example nike -adidas rather than -adidas).',
        this.pos(ast),
      );
    }
    return ast;
  }

  private peek(): LexToken | undefined {
    return this.tokens[this.index];
  }

  private next(): LexToken | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }

  private enter(position: number): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new QuerySyntaxError(`The query is nested too deeply (more than ${MAX_DEPTH} parentheses or negations): simplify it.`, position);
  }

  private pos(node: QueryNode): number {
    return this.positions.get(node) ?? 0;
  }

  private at<T extends QueryNode>(node: T, position: number): T {
    if (!this.positions.has(node)) this.positions.set(node, position);
    return node;
  }

  private endOfInput(): number {
    return this.input.length;
  }

  private parseOr(ctx: Context): QueryNode {
    const first = this.parseAnd(ctx, null);
    const alternatives = [first];
    while (this.peek()?.t === 'or') {
      const operator = this.next()!;
      alternatives.push(this.parseAnd(ctx, operator));
    }
    if (alternatives.length === 1) return first;
    for (const alternative of alternatives) {
      if (!hasPositive(alternative)) {
        throw new QuerySyntaxError(
          'This OR alternative has nothing that must match, so it would match almost every post: give it a term (nike OR (adidas -shoes)), or move the exclusion out of the OR.',
          this.pos(alternative),
        );
      }
    }
    const children = alternatives.flatMap((a) => (a.type === 'or' ? a.children : [a]));
    return this.at({ type: 'or', children }, this.pos(first));
  }

  private startsUnary(token: LexToken | undefined): boolean {
    if (!token) return false;
    return token.t === 'not' || token.t === 'minus' || token.t === 'lparen' || token.t === 'field' || token.t === 'word' || token.t === 'quoted';
  }

  /** `operator` is the operator just consumed before this operand, for "missing operand" messages. */
  private parseAnd(ctx: Context, operator: LexToken | null): QueryNode {
    const first = this.parseUnary(ctx, operator);
    const operands = [first];
    for (;;) {
      const token = this.peek();
      if (token?.t === 'and') {
        this.next();
        operands.push(this.parseUnary(ctx, token));
      } else if (this.startsUnary(token)) {
        operands.push(this.parseUnary(ctx, null));
      } else {
        break;
      }
    }
    if (operands.length === 1) return first;
    if (ctx.valueField) {
      // A post has one language, one channel, one site…: `lang:(en es)` would never match.
      throw new QuerySyntaxError(`Separate the values of a field list with OR, as in ${ctx.valueField}:(a OR b).`, this.pos(operands[1]!));
    }
    const children = operands.flatMap((o) => (o.type === 'and' ? o.children : [o]));
    return this.at({ type: 'and', children }, this.pos(first));
  }

  private missingOperand(operator: LexToken | null): never {
    const token = this.peek();
    if (operator) {
      throw new QuerySyntaxError(`"${operatorName(operator)}" needs something on its right, but ${describe(token)} follows it.`, operator.pos);
    }
    if (!token) throw new QuerySyntaxError('The query ends where a term was expected.', this.endOfInput());
    if (token.t === 'rparen') {
      throw new QuerySyntaxError('Empty or misplaced ")": put a term inside the parentheses or remove it.', token.pos);
    }
    throw new QuerySyntaxError(`"${operatorName(token)}" needs something on its left.`, token.pos);
  }

  private parseUnary(ctx: Context, operator: LexToken | null): QueryNode {
    const token = this.peek();
    if (token?.t === 'not' || token?.t === 'minus') {
      this.next();
      this.enter(token.pos);
      const child = this.parseUnary(ctx, token);
      this.depth -= 1;
      return this.at({ type: 'not', child }, token.pos);
    }
    return this.parseNear(ctx, operator);
  }

  private parseNear(ctx: Context, operator: LexToken | null): QueryNode {
    const left = this.parsePrimary(ctx, operator);
    const token = this.peek();
    if (token?.t !== 'near') return left;
    this.next();
    const right = this.parsePrimary(ctx, token);
    this.checkNearOperand(left);
    this.checkNearOperand(right);
    const after = this.peek();
    if (after?.t === 'near') {
      throw new QuerySyntaxError('NEAR cannot be chained: write (a NEAR/2 b) AND (b NEAR/2 c) instead of a NEAR/2 b NEAR/2 c.', after.pos);
    }
    return this.at({ type: 'near', left, right, distance: token.distance, ordered: token.ordered }, this.pos(left));
  }

  private checkNearOperand(node: QueryNode): void {
    if (isNearOperand(node)) return;
    const what = node.type === 'near' ? 'another NEAR (NEAR cannot be chained or nested)' : node.type === 'meta' ? 'a field such as site: or lang:' : node.type === 'raw' ? 'raw:' : node.type === 'substring' ? 'a term in a script without spaces' : node.type === 'not' ? 'a negation' : node.type === 'and' ? 'an AND' : 'this';
    throw new QuerySyntaxError(
      `NEAR works on words, phrases, wildcards or parenthesized OR-lists of those, not on ${what}: combine it with AND instead.`,
      this.pos(node),
    );
  }

  private parsePrimary(ctx: Context, operator: LexToken | null): QueryNode {
    const token = this.peek();
    if (!token) return this.missingOperand(operator);
    switch (token.t) {
      case 'lparen': {
        this.next();
        if (this.peek()?.t === 'rparen') throw new QuerySyntaxError('Empty parentheses: put a term inside them or remove them.', token.pos);
        this.enter(token.pos);
        const inner = this.parseOr(ctx);
        this.depth -= 1;
        const close = this.peek();
        if (close?.t !== 'rparen') {
          if (!close) throw new QuerySyntaxError('This "(" is never closed: add a ")".', token.pos);
          throw new QuerySyntaxError('Unexpected text here: a ")" was expected.', close.pos);
        }
        this.next();
        // A group starts where its "(" is, which is where an error about it should point.
        this.positions.set(inner, token.pos);
        return inner;
      }
      case 'field':
        return this.parseField(ctx, token);
      case 'word':
        this.next();
        return ctx.valueField ? this.valueLeaf(ctx, ctx.valueField, token.text, token.pos) : this.bareTerm(ctx, token.text, token.pos);
      case 'quoted':
        this.next();
        return this.quoted(ctx, token);
      case 'minus':
      case 'not':
        throw new QuerySyntaxError(`Put the negation before the field or the NEAR operand, not here.`, token.pos);
      default:
        return this.missingOperand(operator);
    }
  }

  private parseField(ctx: Context, token: Extract<LexToken, { t: 'field' }>): QueryNode {
    this.next();
    const name: FieldName = token.name;
    const value = this.peek();
    if (name === 'title' || name === 'text') {
      // title:( … ) sets the scope of everything inside; metadata fields inside keep their meaning.
      if (value?.t === 'minus' || value?.t === 'not') {
        throw new QuerySyntaxError(`Put the "-" before the field: -${name}:word.`, value.pos);
      }
      const inner = this.parsePrimary({ scope: name, valueField: null }, token);
      this.positions.set(inner, token.pos);
      return inner;
    }
    if (ctx.valueField) throw new QuerySyntaxError('A field cannot be used inside the value list of another field.', token.pos);
    const inner = this.parsePrimary({ scope: ctx.scope, valueField: name }, token);
    this.positions.set(inner, token.pos);
    return inner;
  }

  private quoted(ctx: Context, token: Extract<LexToken, { t: 'quoted' }>): QueryNode {
    if (ctx.valueField) {
      if (token.proximity) throw new QuerySyntaxError('"~" applies to phrases only, not to field values.', token.proximity.pos);
      return this.valueLeaf(ctx, ctx.valueField, token.text, token.pos);
    }
    const noSpaces = NO_SPACE_SCRIPT.test(normalizeTerm(token.text));
    if (noSpaces && token.proximity) {
      throw new QuerySyntaxError('"…"~n does not work on scripts without spaces (Chinese, Japanese, Thai …): use AND.', token.proximity.pos);
    }
    // In these scripts the quoted text is matched as a substring, where * and ? are plain characters.
    if (noSpaces) return this.at({ type: 'substring', value: normalizeTerm(token.text), scope: ctx.scope }, token.pos);
    const wildcard = /[\p{L}\p{N}]\*|\*[\p{L}\p{N}]|[\p{L}\p{N}]\?[\p{L}\p{N}*]/u.exec(token.text);
    if (wildcard) {
      throw new QuerySyntaxError(
        'Wildcards (* and ?) are not allowed inside quotes: remove the quotes to use a wildcard, or write the word in full.',
        token.pos + 1 + wildcard.index + (wildcard[0].startsWith('*') ? 0 : 1),
      );
    }
    const body = token.pos + 1;
    if (token.proximity) {
      const words = this.textTokens(token.text, body);
      if (words.length !== 2) {
        throw new QuerySyntaxError(`"…"~n needs exactly two words inside the quotes (found ${words.length}): use NEAR/n for other cases.`, token.pos);
      }
      const [left, right] = words.map((w) => this.at({ ...w, scope: ctx.scope }, token.pos)) as [TermNode, TermNode];
      return this.at({ type: 'near', left, right, distance: token.proximity.distance, ordered: false }, token.pos);
    }
    return this.at(this.tokensToTerm(ctx.scope, this.textTokens(token.text, body), token.pos, token.text), token.pos);
  }

  /** The tokens of a quoted or bare term, as the tokenizer would cut them in a post. */
  private textTokens(text: string, position: number): TermNode[] {
    const nodes: TermNode[] = [];
    // Normalizing first makes the result stable: NFKC can turn one character into punctuation
    // (⑴ → "(1)"), and the printed form of a term must read back as the same term.
    for (const token of tokenize(normalizeTerm(text))) {
      switch (token.kind) {
        case 'url':
          throw new QuerySyntaxError('Web addresses are not words: use links:example.com (a link\'s host) or url:… (the post\'s address).', position + token.start);
        case 'emoji':
          nodes.push({ type: 'emoji', value: token.norm, scope: 'any' });
          break;
        case 'word':
          nodes.push({ type: 'term', kind: 'any', value: token.norm, scope: 'any' });
          break;
        default:
          nodes.push({ type: 'term', kind: token.kind, value: token.norm, scope: 'any' });
      }
    }
    return nodes;
  }

  private tokensToTerm(scope: TextScope, nodes: TermNode[], position: number, text: string): TermNode {
    if (nodes.length === 0) {
      if (text.trim() === '') throw new QuerySyntaxError('Empty quotes: put words between them or remove them.', position);
      if (/^(?:&&?|\|\|?)$/.test(text)) throw new QuerySyntaxError(`Write AND or OR (upper case) instead of "${text}".`, position);
      throw new QuerySyntaxError(`"${text}" has no letters, digits or emoji to search for: use raw:"${text}" to match it exactly as written.`, position);
    }
    if (nodes.length === 1) return { ...nodes[0]!, scope };
    // Kinds are dropped inside a phrase: "#nike shoes" matches "Nike shoes" too, as punctuation is ignored.
    return { type: 'phrase', words: phraseWords(nodes.map((n) => (n.type === 'term' || n.type === 'emoji' ? n.value : ''))), scope };
  }

  private bareTerm(ctx: Context, text: string, position: number): QueryNode {
    if (/[*?]/.test(text)) return this.at(this.wildcard(ctx.scope, text, position), position);
    // Tested after NFKC, which can turn a character into a Han one (㈠ → (一)).
    if (NO_SPACE_SCRIPT.test(normalizeTerm(text))) return this.at({ type: 'substring', value: normalizeTerm(text), scope: ctx.scope }, position);
    return this.at(this.tokensToTerm(ctx.scope, this.textTokens(text, position), position, text), position);
  }

  private wildcard(scope: TextScope, text: string, position: number): TermNode {
    if (/^[#@$]/.test(text)) {
      throw new QuerySyntaxError('Wildcards work on plain words only: remove the #, @ or $, or write the tag in full.', position);
    }
    if (NO_SPACE_SCRIPT.test(text)) {
      throw new QuerySyntaxError('Wildcards do not apply to scripts without spaces: such a term already matches anywhere in the text.', position);
    }
    const star = text.indexOf('*');
    if (star !== -1 && star !== text.length - 1) {
      throw new QuerySyntaxError('"*" can only end a term, as in nik*; use "?" for a single character inside a word.', position + star);
    }
    // Normalize the fixed pieces the way post tokens are normalized, keeping the wildcard characters.
    const pieces = text.split(/([*?])/);
    let pattern = '';
    let fixed = 0;
    for (const piece of pieces) {
      if (piece === '*' || piece === '?') {
        pattern += piece;
        continue;
      }
      if (piece === '') continue;
      const norm = normalizeTerm(piece);
      if (!WORD_CHARS.test(norm)) {
        throw new QuerySyntaxError('A wildcard term must be a single word of letters and digits, as in nik* or n?ke.', position);
      }
      pattern += norm;
      fixed += [...norm].length;
    }
    if (fixed < 3) {
      throw new QuerySyntaxError(
        star !== -1 && !text.includes('?')
          ? 'A wildcard needs at least 3 characters before "*" (nik*), otherwise it would match too many words.'
          : 'A wildcard needs at least 3 characters besides "*" and "?" (n?ke), otherwise it would match too many words.',
        position,
      );
    }
    return { type: 'wildcard', pattern, scope };
  }

  private valueLeaf(ctx: Context, field: MetaField | 'raw', text: string, position: number): QueryNode {
    if (field === 'raw') {
      if (text.trim() === '') throw new QuerySyntaxError('raw: needs some text to match, as in raw:"Just Do It".', position);
      return this.at({ type: 'raw', value: text, scope: ctx.scope }, position);
    }
    let value = text.toLowerCase();
    // Handles are stored without their @, so author:@nike and author:nike are the same.
    if (field === 'author') value = value.replace(/^@+/, '');
    if (field === 'site' || field === 'links') {
      // Hosts are stored without scheme and `www.` (canonicalizeUrl), so a pasted address still matches.
      value = value.replace(/^(?:https?:\/\/|www\.)+/, '').replace(/\/+$/, '');
      const slash = value.search(/[/?#]/);
      if (slash !== -1) {
        throw new QuerySyntaxError(`${field}: takes a host name such as example.com; use url: to match an address with a path.`, position);
      }
    }
    if (value.trim() === '') throw new QuerySyntaxError(`${field}: needs a value.`, position);
    return this.at({ type: 'meta', field, value }, position);
  }
}
