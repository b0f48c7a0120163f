// The XML of a feed as a small namespace-aware tree. htmlparser2 reads it leniently (a broken feed
// still gives every element it can), fast-xml-parser's validator says whether it was well-formed.
// Entities are left encoded by the parser and decoded here with the HTML table, so RSS that uses
// &nbsp; or &eacute; without declaring them reads as intended.
import { render } from 'dom-serializer';
import { isCDATA, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { decodeHTMLStrict } from 'entities';
import { XMLValidator } from 'fast-xml-parser';
import { parseDocument } from 'htmlparser2';

// Namespace URIs → the short names the format readers look for. RSS 2.0's own (rarely used)
// namespaces mean "no namespace".
const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom03',
  'http://purl.org/rss/1.0/': 'rss1',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss090',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

export type XmlElement = {
  /** Short namespace name ('atom', 'dc', …), '' for none, the URI of an unknown one, or an undeclared prefix. */
  ns: string;
  /** Local name, lower-cased (feeds in the wild are not consistent about case). */
  name: string;
  /** Attributes by local name (and 'xml:…', 'rdf:…' for those namespaces), entities decoded. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The absolute base URI in effect (xml:base chain over the document's URL), if any. */
  base: string | undefined;
  lang: string | undefined;
  node: Element;
};

type Scope = Record<string, string>;

export function absoluteUrl(reference: string, base: string | undefined): string | undefined {
  const trimmed = reference.trim();
  if (trimmed === '') return undefined;
  try {
    new URL(trimmed);
    return trimmed; // already absolute: kept as written
  } catch {
    if (base === undefined) return undefined;
    try {
      return new URL(trimmed, base).href;
    } catch {
      return undefined;
    }
  }
}

function splitName(qualified: string): { prefix: string | null; local: string } {
  const colon = qualified.indexOf(':');
  return colon < 0 ? { prefix: null, local: qualified } : { prefix: qualified.slice(0, colon), local: qualified.slice(colon + 1) };
}

function namespaceKey(prefix: string | null, scope: Scope): string {
  if (prefix?.toLowerCase() === 'xml') return 'xml';
  const uri = scope[prefix ?? ''];
  if (uri === undefined) return prefix === null ? '' : prefix.toLowerCase();
  return NAMESPACES[uri] ?? NAMESPACES[uri.replace(/\/$/, '')] ?? uri;
}

function toElement(node: Element, parentScope: Scope, parentBase: string | undefined, parentLang: string | undefined): XmlElement {
  const scope: Scope = { ...parentScope };
  for (const [key, value] of Object.entries(node.attribs)) {
    if (key === 'xmlns') scope[''] = decodeHTMLStrict(value).trim();
    else if (key.startsWith('xmlns:')) scope[key.slice(6)] = decodeHTMLStrict(value).trim();
  }
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attribs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    const { prefix, local } = splitName(key);
    const ns = prefix === null ? '' : namespaceKey(prefix, scope);
    const name = ns === 'xml' || ns === 'rdf' ? `${ns}:${local.toLowerCase()}` : local.toLowerCase();
    attrs[name] ??= decodeHTMLStrict(value);
  }
  const base = attrs['xml:base'] === undefined ? parentBase : (absoluteUrl(attrs['xml:base'], parentBase) ?? parentBase);
  const lang = attrs['xml:lang']?.trim() || parentLang;
  const { prefix, local } = splitName(node.name);
  const element: XmlElement = { ns: namespaceKey(prefix, scope), name: local.toLowerCase(), attrs, children: [], base, lang, node };
  for (const child of node.children) if (isTag(child)) element.children.push(toElement(child, scope, base, lang));
  return element;
}

export type XmlDocument = { root: XmlElement | null; wellFormed: true } | { root: XmlElement | null; wellFormed: false; problem: string };

export function parseXml(text: string, documentUrl: string | undefined): XmlDocument {
  const dom = parseDocument(text, { xmlMode: true, decodeEntities: false });
  const rootNode = dom.children.find(isTag);
  const root = rootNode === undefined ? null : toElement(rootNode, {}, documentUrl, undefined);
  const validation = XMLValidator.validate(text);
  if (validation === true) return { root, wellFormed: true };
  return { root, wellFormed: false, problem: `line ${validation.err.line}: ${validation.err.msg}` };
}

function nodeText(node: AnyNode): string {
  if (isText(node)) return decodeHTMLStrict(node.data);
  // Inside CDATA nothing is escaped.
  if (isCDATA(node)) return node.children.map((child) => (isText(child) ? child.data : '')).join('');
  if (isTag(node)) return node.children.map(nodeText).join('');
  return '';
}

/** The element's text, entities decoded. */
export function textOf(element: XmlElement | undefined): string {
  return element === undefined ? '' : element.node.children.map(nodeText).join('');
}

/**
 * The element's content as HTML: escaped or CDATA text as written, child elements (markup left
 * unescaped in the feed) serialized back.
 */
export function markupOf(element: XmlElement | undefined): string {
  if (element === undefined) return '';
  return element.node.children
    .map((child) => (isTag(child) ? render(child, { xmlMode: false, decodeEntities: false, selfClosingTags: true }) : nodeText(child)))
    .join('');
}

/** Children in one of the namespaces, with the local name. */
export function childrenNamed(element: XmlElement | undefined, namespaces: readonly string[], name: string): XmlElement[] {
  return element === undefined ? [] : element.children.filter((child) => child.name === name && namespaces.includes(child.ns));
}

export function childNamed(element: XmlElement | undefined, namespaces: readonly string[], name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name && namespaces.includes(child.ns));
}

/** The trimmed text of the first such child, or undefined when it is missing or empty. */
export function childText(element: XmlElement | undefined, namespaces: readonly string[], name: string): string | undefined {
  for (const child of childrenNamed(element, namespaces, name)) {
    const text = textOf(child).trim();
    if (text !== '') return text;
  }
  return undefined;
}
