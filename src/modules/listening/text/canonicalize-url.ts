// One canonical string per address, so that `links:` and de-duplication see `WWW.Example.com/a/?utm_source=x`
// and `http://example.com/a` as the same link.
import type { CanonicalUrl } from './types.js';

// Parameters that only identify the click or the campaign, never the page.
const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'mc_cid', 'mc_eid', 'igshid', 'ref_src']);

const HAS_SCHEME = /^https?:\/\//i;
const STARTS_WWW = /^www\./i;
const NON_ASCII = /\P{ASCII}/u;
const TRAILING_SLASHES = /\/+$/;
const LEADING_WWW = /^(?:www\.)+/;
// Scheme, an ASCII host name and a path of unreserved characters without dot segments: no port,
// credentials, query, fragment, percent-escapes or characters the parser would change.
const SIMPLE_URL = /^(https?):\/\/([A-Za-z0-9.-]+)((?:\/(?!\.)[A-Za-z0-9\-_~]*(?:\.[A-Za-z0-9\-_~]+)*)*\/?)$/i;
// A host whose last label is a number is an IPv4 address to the parser (`0x7f.1`): the general path.
const NUMERIC_LABEL_END = /(?:^|\.)(?:0x[0-9a-f]*|[0-9]+)\.?$/i;

/**
 * The canonical form of an http(s) or `www.` address, or null when it is not one. Lower-cases
 * scheme and host, drops `www.`, default ports, credentials, fragments and tracking parameters,
 * sorts the query by key and drops trailing slashes. Canonicalizing `href` again gives `href`.
 */
export function canonicalizeUrl(raw: string): CanonicalUrl | null {
  const simple = SIMPLE_URL.exec(raw);
  if (simple !== null) {
    // `https://host/plain/path`: nothing for the URL parser to decode, encode or resolve, so the
    // canonical form is built directly (every post has an address; parsing it is the costly part).
    const host = simple[2]!.toLowerCase().replace(LEADING_WWW, '');
    if (host !== '' && !host.startsWith('.') && !host.endsWith('.') && !host.includes('..') && !host.includes('xn--') && !NUMERIC_LABEL_END.test(host)) {
      const path = (simple[3] ?? '').replace(TRAILING_SLASHES, '');
      return { href: `${simple[1]!.toLowerCase()}://${host}${path}`, host };
    }
  }
  return canonicalizeUrlByParser(raw);
}

/** canonicalizeUrl through the WHATWG URL parser, for any address. Exported for tests. */
export function canonicalizeUrlByParser(raw: string): CanonicalUrl | null {
  const trimmed = raw.trim();
  const withScheme = STARTS_WWW.test(trimmed) ? `http://${trimmed}` : trimmed;
  if (!HAS_SCHEME.test(withScheme)) return null;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;

  // WHATWG URL turns internationalized hosts into punycode; the spec keeps them as written (so a
  // `links:` value typed in Unicode matches), only lower-cased.
  const rawHost = hostAsWritten(withScheme);
  let host = rawHost !== null && NON_ASCII.test(rawHost) ? rawHost.toLowerCase() : url.hostname;
  // All of them, so that canonicalizing a canonical address (`www.www.x.com` → `www.x.com`) is a no-op.
  host = host.replace(LEADING_WWW, '');
  // The parser's form must hold a host without its www. too: characters the host mapping ignores
  // (`www.` and a variation selector) leave a written host that is no host on its own.
  if (!isHostWithoutWww(host) || !isHostWithoutWww(url.hostname.replace(LEADING_WWW, ''))) return null;

  const path = url.pathname.replace(TRAILING_SLASHES, '');
  const query = canonicalQuery(url.search);
  // url.port is empty for the scheme's default port.
  const port = url.port === '' ? '' : `:${url.port}`;
  const href = `${url.protocol}//${host}${port}${path}${query === '' ? '' : `?${query}`}`;
  return { href, host };
}

/** A host once its leading www. are gone: not empty, no empty label at its start or inside. */
const isHostWithoutWww = (host: string): boolean => host !== '' && !host.startsWith('.') && !host.includes('..');

/** The host exactly as it appears in the address (without credentials and port), or null. */
function hostAsWritten(address: string): string | null {
  const afterScheme = address.slice(address.indexOf(':') + 1).replace(/^[/\\]+/, '');
  const authority = /^[^/?#\\]*/.exec(afterScheme)?.[0] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) return null; // IPv6 literals are ASCII: the parser's form is fine
  const host = hostAndPort.replace(/:\d*$/, '');
  return host === '' ? null : host;
}

/** Query without tracking parameters, sorted by key (stable, so repeated keys keep their order). */
function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept: { key: string; part: string }[] = [];
  for (const part of search.slice(1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeKey(eq === -1 ? part : part.slice(0, eq));
    const lower = key.toLowerCase();
    if (lower.startsWith('utm_') || TRACKING_PARAMS.has(lower)) continue;
    kept.push({ key, part });
  }
  kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return kept.map((p) => p.part).join('&');
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}
