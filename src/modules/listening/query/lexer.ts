// Cuts a listening query (specs/query-language.md) into tokens with their character offsets, so the
// parser can report every problem at the place where it starts.
//
// Lexing is context sensitive in two places, which is why the lexer knows the field names:
// - after a metadata field or raw: (`site:`, `url:`, `raw:` …) the value is taken verbatim, because
//   addresses contain `:` and `-` that must not be read as fields or negation;
// - inside `site:( … )` the words are values too, until the matching `)`.

import type { MetaField } from './ast.js';

export type ScopeField = 'title' | 'text';
export type FieldName = ScopeField | MetaField | 'raw';

export type LexToken =
  | { t: 'lparen'; pos: number }
  | { t: 'rparen'; pos: number }
  | { t: 'and' | 'or' | 'not'; pos: number }
  | { t: 'near'; pos: number; distance: number; ordered: boolean }
  | { t: 'minus'; pos: number }
  | { t: 'field'; pos: number; name: FieldName }
  /** a run of characters up to whitespace, a parenthesis or a quote; `verbatim` when it is a field value */
  | { t: 'word'; pos: number; text: string; verbatim: boolean }
  /** "…": `text` has \" and \\ unescaped; `proximity` is the `~n` that may follow */
  | { t: 'quoted'; pos: number; text: string; proximity: { distance: number; pos: number } | null };

/** A problem in the query, thrown inside the lexer and parser and turned into a ParseResult error. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export const SCOPE_FIELDS: readonly ScopeField[] = ['title', 'text'];
export const META_FIELDS: readonly MetaField[] = ['author', 'site', 'url', 'links', 'lang', 'country', 'channel'];
const ALL_FIELDS: readonly FieldName[] = [...SCOPE_FIELDS, ...META_FIELDS, 'raw'];

const isSpace = (c: string): boolean => /\s/u.test(c);
/** Characters that end a bare word. */
const isDelimiter = (c: string): boolean => isSpace(c) || c === '(' || c === ')' || c === '"';

/** Largest distance accepted, so that distances stay exact integers. */
const MAX_DISTANCE = 1_000_000;

const parseDistance = (digits: string, pos: number, what: string): number => {
  if (digits === '') throw new QuerySyntaxError(`${what} needs a distance: write it as ${what === '~' ? '"a b"~5' : 'NEAR/5'}.`, pos);
  if (!/^\d+$/.test(digits)) throw new QuerySyntaxError(`The distance after ${what} must be a whole number, such as ${what === '~' ? '"a b"~5' : 'NEAR/5'}.`, pos);
  const distance = Number(digits);
  if (distance === 0) throw new QuerySyntaxError(`A distance of 0 is not allowed after ${what}: use a phrase in quotes for adjacent words, or a distance of 1 or more.`, pos);
  if (distance > MAX_DISTANCE) throw new QuerySyntaxError(`The distance after ${what} is too large (at most ${MAX_DISTANCE}).`, pos);
  return distance;
};

export const lex = (input: string): LexToken[] => {
  const tokens: LexToken[] = [];
  // One entry per open parenthesis: true when its contents are values of a metadata field.
  const parenIsValueList: boolean[] = [];
  let i = 0;
  // Set right after `site:` and the like: the next token is a verbatim value.
  let pendingValueField: FieldName | null = null;

  const readQuoted = (): LexToken => {
    const start = i;
    let text = '';
    i += 1;
    for (;;) {
      if (i >= input.length) throw new QuerySyntaxError('This quote is never closed: add the closing ".', start);
      const c = input[i]!;
      if (c === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
        text += input[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') break;
      text += c;
      i += 1;
    }
    i += 1;
    let proximity: { distance: number; pos: number } | null = null;
    if (input[i] === '~') {
      const pos = i;
      i += 1;
      const digitsStart = i;
      while (i < input.length && !isDelimiter(input[i]!)) i += 1;
      proximity = { distance: parseDistance(input.slice(digitsStart, i), pos, '~'), pos };
    }
    return { t: 'quoted', pos: start, text, proximity };
  };

  while (i < input.length) {
    const c = input[i]!;
    if (isSpace(c)) {
      if (pendingValueField !== null) throw valueMissing(pendingValueField, i);
      i += 1;
      continue;
    }
    const inValueList = parenIsValueList.at(-1) === true;
    if (c === '(') {
      parenIsValueList.push(pendingValueField !== null || inValueList);
      pendingValueField = null;
      tokens.push({ t: 'lparen', pos: i });
      i += 1;
      continue;
    }
    if (c === ')') {
      if (pendingValueField !== null) throw valueMissing(pendingValueField, i);
      parenIsValueList.pop();
      tokens.push({ t: 'rparen', pos: i });
      i += 1;
      continue;
    }
    if (c === '"') {
      pendingValueField = null;
      tokens.push(readQuoted());
      continue;
    }

    if (c === '-' && pendingValueField === null && !inValueList) {
      // `-nike`: the minus binds to what follows it directly; a lone `-` is a mistake, not a word.
      const after = input[i + 1];
      if (after === undefined || isSpace(after) || after === ')') {
        throw new QuerySyntaxError('Put the term right after "-" (no space), as in -word.', i);
      }
      tokens.push({ t: 'minus', pos: i });
      i += 1;
      continue;
    }

    const start = i;
    while (i < input.length && !isDelimiter(input[i]!)) i += 1;
    const chunk = input.slice(start, i);

    if (pendingValueField !== null) {
      // A field value is taken as written: `url:https://x.com/a-b` is one value.
      pendingValueField = null;
      tokens.push({ t: 'word', pos: start, text: chunk, verbatim: true });
      continue;
    }

    if (chunk === 'AND' || chunk === 'OR' || chunk === 'NOT') {
      tokens.push({ t: chunk === 'AND' ? 'and' : chunk === 'OR' ? 'or' : 'not', pos: start });
      continue;
    }
    if (chunk === 'NEAR' || chunk.startsWith('NEAR/')) {
      const spec = chunk.slice(5);
      const ordered = /^\d+f$/i.test(spec);
      const distance = parseDistance(ordered ? spec.slice(0, -1) : spec, start, 'NEAR');
      tokens.push({ t: 'near', pos: start, distance, ordered });
      continue;
    }
    if (inValueList) {
      tokens.push({ t: 'word', pos: start, text: chunk, verbatim: true });
      continue;
    }
    const field = /^([A-Za-z]+):/.exec(chunk);
    if (field) {
      const name = field[1]!.toLowerCase();
      const afterColon = start + field[0].length;
      const known = (ALL_FIELDS as readonly string[]).includes(name);
      const hasValue = afterColon < input.length && !isSpace(input[afterColon]!) && input[afterColon] !== ')';
      if (known) {
        const fieldName = name as FieldName;
        if (!hasValue) throw valueMissing(fieldName, afterColon);
        tokens.push({ t: 'field', pos: start, name: fieldName });
        i = afterColon;
        // title: and text: take a term, phrase or group lexed normally; the others take a value.
        if (fieldName !== 'title' && fieldName !== 'text') pendingValueField = fieldName;
        continue;
      }
      // `Breaking: news` is a word followed by a colon, not a field.
      if (hasValue) {
        throw new QuerySyntaxError(
          `Unknown field "${field[1]}:". Known fields: ${ALL_FIELDS.map((f) => `${f}:`).join(' ')}. To search for the text itself, put it in quotes.`,
          start,
        );
      }
    }
    tokens.push({ t: 'word', pos: start, text: chunk, verbatim: false });
  }
  if (pendingValueField !== null) throw valueMissing(pendingValueField, input.length);
  return tokens;
};

const valueMissing = (field: FieldName, pos: number): QuerySyntaxError =>
  new QuerySyntaxError(`Put a value right after "${field}:" (no space), as in ${field === 'raw' ? 'raw:"Exact Text"' : `${field}:value`}.`, pos);
