// The syntax tree of a listening query (specs/query-language.md). The parser produces it, the
// pretty-printer prints it canonically, the evaluator runs it against an AnalyzedPost and the matcher
// extracts the terms it needs from it.

/** Which part of the post a term looks at: both text and title (bare terms), or one of them. */
export type TextScope = 'any' | 'text' | 'title';

export type TermNode =
  /** a word, hashtag, mention or cashtag token equal to `value` (normalized); kind narrows it */
  | { type: 'term'; kind: 'any' | 'hashtag' | 'mention' | 'cashtag'; value: string; scope: TextScope }
  /** consecutive tokens equal to `words` (normalized) */
  | { type: 'phrase'; words: string[]; scope: TextScope }
  /** `nik*` (prefix) or `n?ke` (one character per ?): `pattern` normalized, with * and ? kept */
  | { type: 'wildcard'; pattern: string; scope: TextScope }
  /** an emoji token */
  | { type: 'emoji'; value: string; scope: TextScope }
  /** raw:"…": exact substring of the original text, not preceded or followed by a letter or digit */
  | { type: 'raw'; value: string; scope: TextScope }
  /** a term in a script without spaces: a substring of the folded text */
  | { type: 'substring'; value: string; scope: TextScope };

export type MetaField = 'author' | 'site' | 'url' | 'links' | 'lang' | 'country' | 'channel';

export type QueryNode =
  | TermNode
  | { type: 'meta'; field: MetaField; value: string }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  /** a NEAR/n b (ordered: a NEAR/nf b); operands are terms, phrases, wildcards or OR-lists of those */
  | { type: 'near'; left: QueryNode; right: QueryNode; distance: number; ordered: boolean };

export type QueryIssue = { message: string; position: number };

export type ParseResult =
  | { ok: true; ast: QueryNode; warnings: QueryIssue[] }
  | { ok: false; error: QueryIssue; warnings: QueryIssue[] };
