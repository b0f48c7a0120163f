// JSON Feed 1.0 and 1.1 (jsonfeed.org). Fields of the wrong type are skipped with a warning rather
// than failing the feed.
import { sanitizeFeedHtml, textToHtml } from './feed-html.js';
import { readDate, uniqueStrings, type ReadContext } from './read-common.js';
import { absoluteUrl } from './xml-tree.js';
import { NotAFeedError, type FeedEnclosure, type FeedEntry, type FeedFormat, type FeedInfo } from './types.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export function jsonFeedFormat(document: unknown, warnings: string[]): FeedFormat {
  if (!isObject(document)) throw new NotAFeedError('a JSON document, but not a JSON Feed (not an object)');
  const version = stringOf(document.version) ?? '';
  if (/jsonfeed\.org\/version\/1\.1\b/.test(version)) return 'json11';
  if (/jsonfeed\.org\/version\/1\/?$/.test(version)) return 'json1';
  if (!Array.isArray(document.items)) throw new NotAFeedError('a JSON document, but not a JSON Feed (no jsonfeed.org "version" and no "items" list)');
  warnings.push(`"version" is ${JSON.stringify(document.version ?? null)}, not a jsonfeed.org version; read as JSON Feed 1.1`);
  return 'json';
}

function authorNames(value: JsonObject): string | undefined {
  const list = Array.isArray(value.authors) ? value.authors : isObject(value.author) ? [value.author] : [];
  const names = list.filter(isObject).map((author) => stringOf(author.name) ?? stringOf(author.url)).filter((name): name is string => name !== undefined);
  return names.length > 0 ? uniqueStrings(names).join(', ') : undefined;
}

function attachments(item: JsonObject, base: string | undefined): FeedEnclosure[] {
  if (!Array.isArray(item.attachments)) return [];
  return item.attachments.filter(isObject).flatMap((attachment) => {
    const url = stringOf(attachment.url);
    if (url === undefined) return [];
    const size = attachment.size_in_bytes;
    return [{ url: absoluteUrl(url, base) ?? url, type: stringOf(attachment.mime_type) ?? null, length: typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : null }];
  });
}

export function readJsonFeed(document: JsonObject, context: ReadContext): { feed: FeedInfo; entries: FeedEntry[] } {
  const feedUrl = stringOf(document.feed_url);
  const home = stringOf(document.home_page_url);
  context.base ??= (feedUrl !== undefined ? absoluteUrl(feedUrl, undefined) : undefined) ?? (home !== undefined ? absoluteUrl(home, undefined) : undefined);
  const feed: FeedInfo = {
    title: stringOf(document.title) ?? null,
    link: home === undefined ? null : (absoluteUrl(home, context.base) ?? home),
    description: stringOf(document.description) ?? null,
    language: stringOf(document.language) ?? null,
    updated: null,
  };
  const feedAuthor = authorNames(document);
  const items = Array.isArray(document.items) ? document.items : [];
  const entries: FeedEntry[] = [];
  items.forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (!isObject(item)) {
      context.warnings.push(`${where}: not an object; skipped`);
      return;
    }
    const url = stringOf(item.url) ?? stringOf(item.external_url);
    const link = url === undefined ? null : (absoluteUrl(url, context.base) ?? url);
    const id = typeof item.id === 'number' && Number.isFinite(item.id) ? String(item.id) : stringOf(item.id);
    const contentHtml = stringOf(item.content_html);
    const contentText = stringOf(item.content_text);
    const summary = stringOf(item.summary);
    entries.push({
      id: id ?? link,
      title: stringOf(item.title) ?? null,
      link,
      published: readDate(context, where, stringOf(item.date_published)),
      updated: readDate(context, where, stringOf(item.date_modified)),
      author: authorNames(item) ?? feedAuthor ?? null,
      summary: summary === undefined ? null : textToHtml(summary),
      content: contentHtml !== undefined ? sanitizeFeedHtml(contentHtml, context.base) : contentText !== undefined ? textToHtml(contentText) : null,
      categories: uniqueStrings(Array.isArray(item.tags) ? item.tags.filter((tag): tag is string => typeof tag === 'string') : []),
      enclosures: attachments(item, context.base),
    });
  });
  return { feed, entries };
}
