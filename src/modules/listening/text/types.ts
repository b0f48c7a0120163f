// The shapes shared by text normalization, the query language and the matcher (specs/query-language.md).

/** A post as listening sees it. Only `id` and `text` are required. */
export type Post = {
  id: string;
  text: string;
  title?: string;
  /** the author's handle, without a leading @ */
  author?: string;
  url?: string;
  /** addresses the post links to (every URL found in `text` is added by analysis) */
  links?: string[];
  /** ISO 639-1 */
  lang?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  channel?: string;
};

export type TokenKind = 'word' | 'hashtag' | 'mention' | 'cashtag' | 'url' | 'emoji';

export type Token = {
  kind: TokenKind;
  /** normal form: NFKC, lower case, accents removed; without #, @ or $; URLs canonicalized */
  norm: string;
  /** 0-based position among word, hashtag, mention, cashtag and emoji tokens; URLs have none (-1) */
  position: number;
  /** UTF-16 offsets of the token in the original string */
  start: number;
  end: number;
};

/** One field (text or title) cut into tokens, plus what substring and raw matching need. */
export type AnalyzedField = {
  original: string;
  tokens: Token[];
  /** NFKC, lower-cased, accent-folded text, for substring matching of scripts without spaces */
  folded: string;
};

export type CanonicalUrl = { href: string; host: string };

/** A post after analysis: what queries are evaluated against. */
export type AnalyzedPost = {
  post: Post;
  text: AnalyzedField;
  title: AnalyzedField | null;
  /** lower-cased author handle without @ */
  author: string | null;
  url: CanonicalUrl | null;
  /** canonical form of `links` plus every URL in the text */
  links: CanonicalUrl[];
  lang: string | null;
  country: string | null;
  channel: string | null;
};
