// The normalized shape every feed format is read into (specs/cli.md, `parley parse-feed`).

/** rss090…rss094, rss1 (RDF), rss2, atom03, atom1, json1, json11; `rss`, `atom`, `json` when the version is not recognised. */
export type FeedFormat =
  | 'rss090' | 'rss091' | 'rss092' | 'rss093' | 'rss094' | 'rss1' | 'rss2' | 'rss'
  | 'atom03' | 'atom1' | 'atom'
  | 'json1' | 'json11' | 'json';

export type FeedEnclosure = { url: string; type: string | null; length: number | null };

/** Titles, authors and the feed's description are plain text; `summary` and `content` are sanitized HTML. */
export type FeedEntry = {
  id: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  author: string | null;
  summary: string | null;
  content: string | null;
  categories: string[];
  enclosures: FeedEnclosure[];
};

export type FeedInfo = {
  title: string | null;
  link: string | null;
  description: string | null;
  language: string | null;
  updated: string | null;
};

export type ParsedFeed = { format: FeedFormat; feed: FeedInfo; entries: FeedEntry[]; warnings: string[] };

export type ParseFeedOptions = {
  /** Where the feed was fetched from: the base of relative links when the document gives none. */
  url?: string;
  /** The HTTP Content-Type; its charset wins over the XML declaration. */
  contentType?: string;
};

/** The input is not RSS, Atom or JSON Feed at all (an HTML page, an empty file, other XML or JSON). */
export class NotAFeedError extends Error {}
