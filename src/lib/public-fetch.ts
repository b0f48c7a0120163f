// Downloads from URLs that people or payloads supply (a link an agent attaches to an X reply, a feed
// or a platform address a workspace admin configures for a listening source) go to public addresses only: a link to 127.0.0.1, 10.x, 169.254.169.254 (a cloud's metadata service) or
// another private address would otherwise let whoever writes it make the server fetch inside its own
// network (SSRF). The host's addresses are looked up and every one must be public; redirects are
// followed by hand, each hop checked the same way. A name whose DNS answer changes between that
// check and the connection (DNS rebinding) is caught by `connectPublicFetch`, whose connections
// check the address they are about to connect to.
import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

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

const privateAddressMessage = (host: string, address: string) => `${host} is a private address (${address}): Parley downloads only from public addresses.`;

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
  if (internal) throw new NotPublicUrlError(privateAddressMessage(url.host, internal));
}

/**
 * A DNS lookup for sockets that fails with NotPublicUrlError when the name resolves to a private
 * address: the check made on the very address the socket then connects to.
 */
export function publicOnlyLookup(resolve: LookupFunction = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const addresses = Array.isArray(address) ? address.map((entry: dns.LookupAddress) => entry.address) : [address];
      const internal = addresses.find(isPrivateAddress);
      if (internal) return callback(new NotPublicUrlError(privateAddressMessage(hostname, internal)), address, family);
      callback(null, address, family);
    });
  };
}

/** A fetch whose connections go to public addresses only, checked as they connect; `resolve` is the DNS lookup underneath (tests give their own). */
export function createConnectPublicFetch(resolve?: LookupFunction): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup(resolve) } });
  return (input, init) => undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
}

/** The default fetch behind fetchPublic and publicOnlyFetch: DNS answers are checked at connection time. */
export const connectPublicFetch: typeof fetch = createConnectPublicFetch();

/** The NotPublicUrlError behind an error (fetch wraps what its connection failed with), or null. */
export function notPublicCause(error: unknown): NotPublicUrlError | null {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (cause instanceof NotPublicUrlError) return cause;
  }
  return null;
}

/** A fetch whose refusal at connection time comes out as the NotPublicUrlError itself. */
async function fetchUnwrapped(fetchImpl: typeof fetch, input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
  try {
    return await fetchImpl(input, init);
  } catch (error) {
    throw notPublicCause(error) ?? error;
  }
}

/** fetch for a URL somebody supplied: public addresses only, redirects followed (at most 5) and checked hop by hop. */
export async function fetchPublic(fetchImpl: typeof fetch, url: string, init: RequestInit = {}): Promise<Response> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    await assertPublicUrl(current);
    const response = await fetchUnwrapped(fetchImpl, current, { ...init, redirect: 'manual' });
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
export function publicOnlyFetch(fetchImpl: typeof fetch = connectPublicFetch): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    if (init?.redirect === 'manual') {
      await assertPublicUrl(new URL(url));
      return fetchUnwrapped(fetchImpl, input, init);
    }
    return fetchPublic(fetchImpl, url, init);
  };
}
