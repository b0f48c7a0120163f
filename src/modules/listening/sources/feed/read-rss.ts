// RSS 0.90, 0.91–0.94, 1.0 (RDF) and 2.0, with the Dublin Core, content, iTunes, media and Atom
// elements RSS feeds commonly carry.
import { plainText, sanitizeFeedHtml, htmlToText } from './feed-html.js';
import { absoluteUrl, childNamed, childrenNamed, childText, markupOf, textOf, type XmlElement } from './xml-tree.js';
import type { FeedEnclosure, FeedEntry, FeedFormat, FeedInfo } from './types.js';
import { readDate, uniqueStrings, type ReadContext } from './read-common.js';

const RSS = ['', 'rss1', 'rss090'] as const;

export function rssFormat(root: XmlElement): FeedFormat {
  if (root.name === 'rdf') return root.children.some((child) => child.ns === 'rss090') ? 'rss090' : 'rss1';
  const version = (root.attrs.version ?? '').trim();
  const known: Record<string, FeedFormat> = { '0.91': 'rss091', '0.92': 'rss092', '0.93': 'rss093', '0.94': 'rss094', '2.0': 'rss2', '2': 'rss2', '2.0.1': 'rss2' };
  return known[version] ?? 'rss';
}

/** "writer@example.com (Writer)" → "Writer"; "Writer <writer@example.com>" → "Writer"; else as written. */
export function personName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  const inParentheses = /^\S+@\S+\s*\((.+)\)$/.exec(text);
  if (inParentheses) return inParentheses[1]!.trim();
  const beforeAddress = /^(.+?)\s*<\S+@\S+>$/.exec(text);
  if (beforeAddress) return beforeAddress[1]!.replace(/^"|"$/g, '').trim();
  return text === '' ? undefined : text;
}

function atomLink(element: XmlElement, rel: string): string | undefined {
  const link = childrenNamed(element, ['atom'], 'link').find((candidate) => (candidate.attrs.rel ?? 'alternate') === rel && candidate.attrs.href);
  return link === undefined ? undefined : absoluteUrl(link.attrs.href!, link.base);
}

function linkText(element: XmlElement | undefined, base: string | undefined): string | undefined {
  if (element === undefined) return undefined;
  const text = textOf(element).trim();
  return text === '' ? undefined : (absoluteUrl(text, element.base ?? base) ?? text);
}

function enclosures(item: XmlElement, base: string | undefined): FeedEnclosure[] {
  const found = new Map<string, FeedEnclosure>();
  const add = (element: XmlElement, urlAttribute: string, lengthAttribute: string) => {
    const raw = element.attrs[urlAttribute];
    if (raw === undefined || raw.trim() === '') return;
    const url = absoluteUrl(raw, element.base ?? base) ?? raw.trim();
    const length = Number.parseInt(element.attrs[lengthAttribute] ?? '', 10);
    if (!found.has(url)) found.set(url, { url, type: element.attrs.type?.trim() || null, length: Number.isFinite(length) && length >= 0 ? length : null });
  };
  for (const enclosure of childrenNamed(item, RSS, 'enclosure')) add(enclosure, 'url', 'length');
  for (const content of childrenNamed(item, ['media'], 'content')) add(content, 'url', 'filesize');
  for (const group of childrenNamed(item, ['media'], 'group')) for (const content of childrenNamed(group, ['media'], 'content')) add(content, 'url', 'filesize');
  return [...found.values()];
}

function itemAuthor(item: XmlElement): string | undefined {
  return personName(childText(item, RSS, 'author') ?? childText(item, ['dc'], 'creator') ?? childText(item, ['itunes'], 'author') ?? childText(childNamed(item, ['atom'], 'author'), ['atom'], 'name'));
}

function readItem(item: XmlElement, index: number, context: ReadContext, feedAuthor: string | undefined): FeedEntry {
  const base = item.base ?? context.base;
  const guidElement = childNamed(item, RSS, 'guid');
  const guid = guidElement === undefined ? undefined : textOf(guidElement).trim() || undefined;
  const guidIsLink = guid !== undefined && guidElement?.attrs.ispermalink?.trim().toLowerCase() !== 'false' && /^https?:\/\//i.test(guid);
  const about = item.attrs['rdf:about']?.trim() || undefined;
  const link = linkText(childrenNamed(item, RSS, 'link').find((element) => textOf(element).trim() !== ''), base)
    ?? atomLink(item, 'alternate')
    ?? (guidIsLink ? guid : undefined)
    ?? (about === undefined ? undefined : absoluteUrl(about, base));
  const where = `item ${index + 1}`;
  const description = childNamed(item, RSS, 'description') ?? childNamed(item, ['dc'], 'description') ?? childNamed(item, ['itunes'], 'summary');
  const encoded = childNamed(item, ['content'], 'encoded') ?? childNamed(item, ['xhtml'], 'body');
  const title = childText(item, RSS, 'title') ?? childText(item, ['dc'], 'title');
  return {
    id: guid ?? about ?? link ?? null,
    title: title === undefined ? null : plainText(title),
    link: link ?? null,
    published: readDate(context, where, childText(item, RSS, 'pubdate') ?? childText(item, ['dc'], 'date') ?? childText(item, ['dcterms'], 'issued') ?? childText(item, ['dcterms'], 'created')),
    updated: readDate(context, where, childText(item, ['atom'], 'updated') ?? childText(item, ['dcterms'], 'modified')),
    author: itemAuthor(item) ?? feedAuthor ?? null,
    summary: description === undefined ? null : sanitizeFeedHtml(markupOf(description), description.base ?? base),
    content: encoded === undefined ? null : sanitizeFeedHtml(markupOf(encoded), encoded.base ?? base),
    categories: uniqueStrings([
      ...childrenNamed(item, RSS, 'category').map((category) => textOf(category)),
      ...childrenNamed(item, ['dc'], 'subject').map((subject) => textOf(subject)),
      ...childrenNamed(item, ['itunes'], 'category').map((category) => category.attrs.text ?? ''),
    ]),
    enclosures: enclosures(item, base),
  };
}

export function readRss(root: XmlElement, context: ReadContext): { feed: FeedInfo; entries: FeedEntry[] } {
  const channel = root.name === 'channel' ? root : (childNamed(root, RSS, 'channel') ?? root);
  const ownLink = linkText(childrenNamed(channel, RSS, 'link').find((element) => textOf(element).trim() !== ''), context.base) ?? atomLink(channel, 'alternate');
  // Without a document URL, relative item links are read against the site the channel names.
  if (context.base === undefined && ownLink !== undefined && /^https?:\/\//i.test(ownLink)) context.base = ownLink;
  const description = childText(channel, RSS, 'description') ?? childText(channel, ['dc'], 'description') ?? childText(channel, ['itunes'], 'subtitle');
  const feed: FeedInfo = {
    title: plainText(childText(channel, RSS, 'title') ?? childText(channel, ['dc'], 'title') ?? '') || null,
    link: ownLink ?? null,
    description: description === undefined ? null : htmlToText(description) || null,
    language: childText(channel, RSS, 'language') ?? childText(channel, ['dc'], 'language') ?? root.lang ?? null,
    updated: readDate(context, 'channel', childText(channel, RSS, 'lastbuilddate') ?? childText(channel, RSS, 'pubdate') ?? childText(channel, ['dc'], 'date') ?? childText(channel, ['atom'], 'updated')),
  };
  const feedAuthor = personName(childText(channel, ['dc'], 'creator') ?? childText(channel, ['itunes'], 'author'));
  const items = [...childrenNamed(channel, RSS, 'item'), ...(channel === root ? [] : childrenNamed(root, RSS, 'item'))];
  return { feed, entries: items.map((item, index) => readItem(item, index, context, feedAuthor)) };
}
