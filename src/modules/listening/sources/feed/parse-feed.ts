// The feed parser of the RSS/Atom/JSON Feed listening source and of `parley parse-feed`: any of
// RSS 0.9x, 1.0 (RDF), 2.0, Atom 0.3 and 1.0 or JSON Feed 1.x, in any encoding, well-formed or not,
// read into one normalized shape with UTC dates, absolute links and sanitized HTML. Pure: bytes in,
// result out; a document that is not a feed at all throws NotAFeedError.
import { decodeFeedBody } from './decode-body.js';
import { atomFormat, readAtom } from './read-atom.js';
import type { ReadContext } from './read-common.js';
import { jsonFeedFormat, readJsonFeed } from './read-json-feed.js';
import { readRss, rssFormat } from './read-rss.js';
import { NotAFeedError, type ParsedFeed, type ParseFeedOptions } from './types.js';
import { parseXml } from './xml-tree.js';

export { NotAFeedError } from './types.js';
export type { FeedEnclosure, FeedEntry, FeedFormat, FeedInfo, ParsedFeed, ParseFeedOptions } from './types.js';

function parseJsonFeed(text: string, context: ReadContext): ParsedFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new NotAFeedError(`looks like JSON but does not parse (${(error as Error).message})`);
  }
  const format = jsonFeedFormat(document, context.warnings);
  return { format, ...readJsonFeed(document as Record<string, unknown>, context), warnings: context.warnings };
}

export function parseFeed(body: Buffer | string, options: ParseFeedOptions = {}): ParsedFeed {
  const warnings: string[] = [];
  const text = decodeFeedBody(body, options.contentType, warnings);
  const context: ReadContext = { base: options.url, warnings };
  const start = text.trimStart();
  if (start === '') throw new NotAFeedError('the document is empty');
  if (start.startsWith('{') || start.startsWith('[')) return parseJsonFeed(start, context);

  const xml = parseXml(text, options.url);
  const root = xml.root;
  if (root === null) throw new NotAFeedError('no XML element and no JSON object found');
  const read =
    root.name === 'rss' || root.name === 'channel' || (root.name === 'rdf' && root.ns === 'rdf') ? { format: rssFormat(root), reader: readRss }
    : root.name === 'feed' ? { format: atomFormat(root), reader: readAtom }
    : null;
  if (read === null) throw new NotAFeedError(`the root element is <${root.ns === '' ? '' : `${root.ns}:`}${root.name}>, not <rss>, <rdf:RDF> or <feed>`);
  if (!xml.wellFormed) warnings.push(`not well-formed XML (${xml.problem}); read as far as possible`);
  return { format: read.format, ...read.reader(root, context), warnings };
}
