// Syntax highlighting of the listening query language for the editor, over the product's own lexer
// (src/modules/listening/query/lexer.ts), so the colours follow exactly what the parser will read.
// The lexer stops at the first problem; the text it could not read is shown plain.
import { lex, QuerySyntaxError, type LexToken } from '../../../../../src/modules/listening/query/lexer';

export type SegmentKind =
  | 'operator'
  | 'paren'
  | 'field'
  | 'value'
  | 'phrase'
  | 'proximity'
  | 'hashtag'
  | 'mention'
  | 'cashtag'
  | 'wildcard'
  | 'word'
  | 'plain';
export type Segment = { kind: SegmentKind; start: number; end: number };

const isDelimiter = (c: string | undefined) => c === undefined || /\s/u.test(c) || c === '(' || c === ')' || c === '"';

/** The tokens of the longest readable start of the query. */
function readableTokens(input: string): LexToken[] {
  let text = input;
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return lex(text);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError) || text === '') return [];
      text = text.slice(0, Math.min(error.position, text.length - 1));
    }
  }
  return [];
}

function endOfRun(input: string, from: number): number {
  let i = from;
  while (i < input.length && !isDelimiter(input[i])) i += 1;
  return i;
}

function endOfQuoted(input: string, start: number): number {
  let i = start + 1;
  while (i < input.length && input[i] !== '"') i += input[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, input.length);
}

function wordKind(text: string): SegmentKind {
  if (text.startsWith('#') && text.length > 1) return 'hashtag';
  if (text.startsWith('@') && text.length > 1) return 'mention';
  if (/^\$\p{L}/u.test(text)) return 'cashtag';
  if (/[*?]/.test(text)) return 'wildcard';
  return 'word';
}

function segmentsOf(input: string, token: LexToken): Segment[] {
  const start = token.pos;
  switch (token.t) {
    case 'lparen':
    case 'rparen':
      return [{ kind: 'paren', start, end: start + 1 }];
    case 'minus':
      return [{ kind: 'operator', start, end: start + 1 }];
    case 'and':
    case 'or':
    case 'not':
    case 'near':
      return [{ kind: 'operator', start, end: endOfRun(input, start) }];
    case 'field':
      return [{ kind: 'field', start, end: start + token.name.length + 1 }];
    case 'word':
      return [{ kind: token.verbatim ? 'value' : wordKind(token.text), start, end: start + token.text.length }];
    case 'quoted': {
      const end = endOfQuoted(input, start);
      const phrase: Segment = { kind: 'phrase', start, end };
      return token.proximity ? [phrase, { kind: 'proximity', start: token.proximity.pos, end: endOfRun(input, token.proximity.pos) }] : [phrase];
    }
  }
}

/** The query cut into coloured segments covering every character, in order. */
export function highlightQuery(input: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const token of readableTokens(input)) {
    for (const segment of segmentsOf(input, token)) {
      if (segment.start < at) continue;
      if (segment.start > at) segments.push({ kind: 'plain', start: at, end: segment.start });
      segments.push(segment);
      at = segment.end;
    }
  }
  if (at < input.length) segments.push({ kind: 'plain', start: at, end: input.length });
  return segments;
}

/** Where the error at `position` should be underlined: the run of characters starting there. */
export function errorRange(input: string, position: number): { start: number; end: number } {
  if (position >= input.length) return { start: input.length, end: input.length };
  const end = /\s/u.test(input[position]!) ? position + 1 : Math.max(endOfRun(input, position), position + 1);
  return { start: position, end };
}
