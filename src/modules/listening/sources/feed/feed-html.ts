// HTML from feeds is untrusted: sanitize-html keeps formatting, links and images and drops scripts,
// styles, event handlers, frames and javascript: URLs; relative links in it are resolved against
// the element's base.
import { decodeHTML, escapeText } from 'entities';
import sanitizeHtml from 'sanitize-html';
import { absoluteUrl } from './xml-tree.js';

const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite'];

function optionsFor(base: string | undefined): sanitizeHtml.IOptions {
  return {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'picture', 'source', 'video', 'audio', 'del', 'ins'],
    allowedAttributes: {
      '*': ['lang', 'dir', 'title'],
      a: ['href', 'hreflang'],
      img: ['src', 'alt', 'width', 'height'],
      source: ['src', 'type'],
      video: ['src', 'poster', 'controls', 'width', 'height'],
      audio: ['src', 'controls'],
      blockquote: ['cite'],
      q: ['cite'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'ftp', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: true,
    transformTags: {
      '*': (tagName, attribs) => {
        const resolved = { ...attribs };
        for (const name of URL_ATTRIBUTES) {
          const value = resolved[name];
          if (value !== undefined) resolved[name] = absoluteUrl(value, base) ?? value;
        }
        return { tagName, attribs: resolved };
      },
    },
  };
}

/** Sanitized HTML, or null when nothing but whitespace is left. */
export function sanitizeFeedHtml(html: string, base: string | undefined): string | null {
  const clean = sanitizeHtml(html, optionsFor(base)).trim();
  return clean === '' ? null : clean;
}

/** Plain text of an HTML fragment, whitespace collapsed. */
export function htmlToText(html: string): string {
  return decodeHTML(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })).replace(/\s+/g, ' ').trim();
}

/** Plain text as HTML. */
export function textToHtml(text: string): string {
  return escapeText(text);
}

/** Text that contains markup (a title written as HTML) read as plain text. */
export function plainText(text: string): string {
  return /<\/?[a-z][^>]*>/i.test(text) ? htmlToText(text) : text.replace(/\s+/g, ' ').trim();
}
