// Downloads from URLs that people or payloads supply (a link an agent attaches to an X reply, a feed
// or a platform address a workspace admin configures for a listening source) go to public addresses only: a link to 127.0.0.1, 10.x, 169.254.169.254 (a cloud's metadata service) or
// another private address would otherwise let whoever writes it make the server fetch inside its own
// network (SSRF). The host's addresses are looked up and every one must be public; redirects are
// followed by hand, each hop checked the same way. What this does not stop: a name whose DNS answer
// changes between this lookup and the connection (DNS rebinding).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const MAX_REDIRECTS = 5;

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) privateRanges.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) privateRanges.addSubnet(network, prefix, 'ipv6');

/** A URL refused because it is not http(s) or its host is (or resolves to) a private address. */
export class NotPublicUrlError extends Error {}

/** Whether an IP address (v4, v6 or v4-mapped v6) is in a private, loopback, link-local or reserved range. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? privateRanges.check(mapped[1]!, 'ipv4') : privateRanges.check(address, 'ipv6');
}

/** Throws NotPublicUrlError unless the URL is http(s) and every address of its host is public. */
export async function assertPublicUrl(url: URL): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NotPublicUrlError(`${url.protocol} links are not downloaded: only http(s).`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw new NotPublicUrlError(`${url.host} could not be found.`);
    }
  }
  const internal = addresses.find(isPrivateAddress);
  if (internal) throw new NotPublicUrlError(`${url.host} is a private address (${internal}): Parley downloads only from public addresses.`);
}

/** fetch for a URL somebody supplied: public addresses only, redirects followed (at most 5) and checked hop by hop. */
export async function fetchPublic(fetchImpl: typeof fetch, url: string, init: RequestInit = {}): Promise<Response> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    await assertPublicUrl(current);
    const response = await fetchImpl(current, { ...init, redirect: 'manual' });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (!location) return response;
    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) throw new NotPublicUrlError(`${url} redirects more than ${MAX_REDIRECTS} times.`);
    current = new URL(location, current);
  }
}

/**
 * A fetch that reaches public addresses only, for code that takes a fetch (the listening sources'
 * drivers). A request with `redirect: 'manual'` has its URL checked and its redirects handed back to
 * the caller, whose next request comes through here again; any other is followed hop by hop as
 * fetchPublic does.
 */
export function publicOnlyFetch(fetchImpl: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    if (init?.redirect === 'manual') {
      await assertPublicUrl(new URL(url));
      return fetchImpl(input, init);
    }
    return fetchPublic(fetchImpl, url, init);
  };
}
