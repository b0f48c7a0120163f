// Canonical form of a query: upper-case operators, explicit AND, NOT rather than `-`, the fewest
// parentheses the binding rules allow, phrases in quotes and fields before their values. Parsing the
// printed form gives back the same tree, so saved queries can be stored and compared in this form.

import type { QueryNode, TermNode } from './ast.js';

/** Binding strength, tightest highest, as in the parser. */
const precedence = (node: QueryNode): number => {
  switch (node.type) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    case 'not':
      return 3;
    case 'near':
      return 4;
    default:
      return 5;
  }
};

const quote = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** A value that the lexer reads back unchanged without quotes. */
const isBareSafe = (value: string): boolean => value !== '' && !/[\s()"\\]/u.test(value);

const scopePrefix = (node: TermNode): string => (node.scope === 'any' ? '' : `${node.scope}:`);

const printTerm = (node: TermNode): string => {
  const prefix = scopePrefix(node);
  switch (node.type) {
    case 'term': {
      const sigil = node.kind === 'hashtag' ? '#' : node.kind === 'mention' ? '@' : node.kind === 'cashtag' ? '$' : '';
      return `${prefix}${sigil}${node.value}`;
    }
    case 'phrase':
      return `${prefix}${quote(node.words.join(' '))}`;
    case 'wildcard':
      return `${prefix}${node.pattern}`;
    case 'emoji':
      return `${prefix}${node.value}`;
    case 'raw':
      return `${prefix}raw:${quote(node.value)}`;
    case 'substring':
      return `${prefix}${/^[\p{L}\p{N}\p{M}]+$/u.test(node.value) ? node.value : quote(node.value)}`;
  }
};

/** Prints `child` in parentheses when it binds more loosely than its parent requires. */
const operand = (child: QueryNode, minimum: number): string => {
  const text = printQuery(child);
  return precedence(child) < minimum ? `(${text})` : text;
};

export const printQuery = (ast: QueryNode): string => {
  switch (ast.type) {
    case 'or':
      // The parser flattens nested lists, so a nested OR only occurs in hand-built trees; it is
      // still printed in parentheses so that the text means the same thing.
      return ast.children.map((c) => operand(c, 2)).join(' OR ');
    case 'and':
      return ast.children.map((c) => operand(c, 3)).join(' AND ');
    case 'not':
      return `NOT ${operand(ast.child, 3)}`;
    case 'near':
      return `${operand(ast.left, 5)} NEAR/${ast.distance}${ast.ordered ? 'f' : ''} ${operand(ast.right, 5)}`;
    case 'meta':
      return `${ast.field}:${isBareSafe(ast.value) ? ast.value : quote(ast.value)}`;
    default:
      return printTerm(ast);
  }
};
