// Atom 1.0 (RFC 4287) and Atom 0.3, including 0.3's content modes (xml, escaped, base64).
import { htmlToText, sanitizeFeedHtml, textToHtml } from './feed-html.js';
import { personName } from './read-rss.js';
import { readDate, uniqueStrings, type ReadContext } from './read-common.js';
import { absoluteUrl, childNamed, childrenNamed, childText, markupOf, textOf, type XmlElement } from './xml-tree.js';
import type { FeedEnclosure, FeedEntry, FeedFormat, FeedInfo } from './types.js';

// A broken Atom feed without its namespace declaration still reads.
const ATOM = ['atom', 'atom03', ''] as const;

export function atomFormat(root: XmlElement): FeedFormat {
  if (root.ns === 'atom03' || root.attrs.version?.trim() === '0.3') return 'atom03';
  return root.ns === 'atom' ? 'atom1' : 'atom';
}

/** A text construct (title, summary, content…) as HTML, or undefined when absent or not text. */
function constructHtml(element: XmlElement | undefined): string | undefined {
  if (element === undefined || element.attrs.src !== undefined) return undefined;
  const type = (element.attrs.type ?? 'text').trim().toLowerCase();
  const mode = element.attrs.mode?.trim().toLowerCase();
  if (mode === 'base64') {
    const decoded = Buffer.from(textOf(element).trim(), 'base64').toString('utf8');
    return type.includes('html') ? decoded : textToHtml(decoded);
  }
  const elementChildren = element.children;
  if (type === 'xhtml' || type === 'application/xhtml+xml' || (mode !== 'escaped' && elementChildren.length > 0)) {
    // Atom 1.0 wraps XHTML content in one xhtml:div that is not part of the content.
    const only = elementChildren.length === 1 ? elementChildren[0] : undefined;
    return markupOf(only !== undefined && only.name === 'div' ? only : element);
  }
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return textOf(element);
  if (type === 'text' || type.startsWith('text/')) return textToHtml(textOf(element));
  return undefined; // images, other media types
}

function constructText(element: XmlElement | undefined): string | null {
  const html = constructHtml(element);
  return html === undefined ? null : htmlToText(html) || null;
}

function constructSanitized(element: XmlElement | undefined, base: string | undefined): string | null {
  const html = constructHtml(element);
  return html === undefined ? null : sanitizeFeedHtml(html, element?.base ?? base);
}

function links(element: XmlElement, rel: string): XmlElement[] {
  return childrenNamed(element, ATOM, 'link').filter((link) => (link.attrs.rel?.trim() || 'alternate') === rel && (link.attrs.href ?? '').trim() !== '');
}

function alternateLink(element: XmlElement, base: string | undefined): string | undefined {
  const candidates = links(element, 'alternate');
  const preferred = candidates.find((link) => /html/i.test(link.attrs.type ?? 'text/html')) ?? candidates[0];
  return preferred === undefined ? undefined : (absoluteUrl(preferred.attrs.href!, preferred.base ?? base) ?? preferred.attrs.href!.trim());
}

function authors(element: XmlElement): string | undefined {
  const names = childrenNamed(element, ATOM, 'author')
    .map((author) => childText(author, ATOM, 'name') ?? childText(author, ATOM, 'email'))
    .filter((name): name is string => name !== undefined);
  if (names.length > 0) return uniqueStrings(names).join(', ');
  return personName(childText(element, ['dc'], 'creator') ?? childText(element, ['itunes'], 'author'));
}

function readEntry(entry: XmlElement, index: number, context: ReadContext, feedAuthor: string | undefined): FeedEntry {
  const base = entry.base ?? context.base;
  const where = `entry ${index + 1}`;
  const source = childNamed(entry, ATOM, 'source');
  const link = alternateLink(entry, base);
  const enclosures: FeedEnclosure[] = links(entry, 'enclosure').map((enclosure) => {
    const length = Number.parseInt(enclosure.attrs.length ?? '', 10);
    return {
      url: absoluteUrl(enclosure.attrs.href!, enclosure.base ?? base) ?? enclosure.attrs.href!.trim(),
      type: enclosure.attrs.type?.trim() || null,
      length: Number.isFinite(length) && length >= 0 ? length : null,
    };
  });
  return {
    id: childText(entry, ATOM, 'id') ?? link ?? null,
    title: constructText(childNamed(entry, ATOM, 'title')),
    link: link ?? null,
    published: readDate(context, where, childText(entry, ATOM, 'published') ?? childText(entry, ATOM, 'issued') ?? childText(entry, ATOM, 'created') ?? childText(entry, ['dc'], 'date')),
    updated: readDate(context, where, childText(entry, ATOM, 'updated') ?? childText(entry, ATOM, 'modified')),
    author: authors(entry) ?? (source === undefined ? undefined : authors(source)) ?? feedAuthor ?? null,
    summary: constructSanitized(childNamed(entry, ATOM, 'summary'), base),
    content: constructSanitized(childNamed(entry, ATOM, 'content'), base),
    categories: uniqueStrings([
      ...childrenNamed(entry, ATOM, 'category').map((category) => category.attrs.term ?? category.attrs.label ?? ''),
      ...childrenNamed(entry, ['dc'], 'subject').map((subject) => textOf(subject)),
    ]),
    enclosures,
  };
}

export function readAtom(root: XmlElement, context: ReadContext): { feed: FeedInfo; entries: FeedEntry[] } {
  const ownLink = alternateLink(root, root.base ?? context.base);
  if (context.base === undefined && root.base === undefined && ownLink !== undefined && /^https?:\/\//i.test(ownLink)) context.base = ownLink;
  const feed: FeedInfo = {
    title: constructText(childNamed(root, ATOM, 'title')),
    link: ownLink ?? null,
    description: constructText(childNamed(root, ATOM, 'subtitle') ?? childNamed(root, ATOM, 'tagline')),
    language: root.lang ?? childText(root, ['dc'], 'language') ?? null,
    updated: readDate(context, 'feed', childText(root, ATOM, 'updated') ?? childText(root, ATOM, 'modified')),
  };
  const feedAuthor = authors(root);
  return { feed, entries: childrenNamed(root, ATOM, 'entry').map((entry, index) => readEntry(entry, index, context, feedAuthor)) };
}
