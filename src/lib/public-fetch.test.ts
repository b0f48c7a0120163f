import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { assertPublicUrl, createConnectPublicFetch, fetchPublic, isPrivateAddress, notPublicCause, NotPublicUrlError, publicOnlyFetch } from './public-fetch.js';

describe('public addresses only', () => {
  it('tells private, loopback, link-local and reserved addresses from public ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('refuses a URL whose host is, or resolves to, a private address, and any scheme but http(s)', async () => {
    await expect(assertPublicUrl(new URL('http://localhost:5432/'))).rejects.toThrow(/localhost:5432 is a private address \((127\.0\.0\.1|::1)\)/);
    await expect(assertPublicUrl(new URL('http://[::1]:8080/x'))).rejects.toThrow(NotPublicUrlError);
    await expect(assertPublicUrl(new URL('http://169.254.169.254/latest/meta-data/'))).rejects.toThrow(/169\.254\.169\.254/);
    await expect(assertPublicUrl(new URL('file:///etc/passwd'))).rejects.toThrow(/only http\(s\)/);
    await expect(assertPublicUrl(new URL('https://93.184.216.34/logo.png'))).resolves.toBeUndefined();
  });

  it('follows redirects by hand and refuses one that leads to a private address before going there', async () => {
    const asked: string[] = [];
    const fake = (async (input: string | URL | Request) => {
      const url = String(input);
      asked.push(url);
      if (url === 'http://93.184.216.34/a') return new Response(null, { status: 302, headers: { location: 'http://8.8.8.8/b' } });
      if (url === 'http://8.8.8.8/b') return new Response(null, { status: 301, headers: { location: 'http://127.0.0.1:6379/' } });
      return new Response('secret');
    }) as typeof fetch;
    await expect(fetchPublic(fake, 'http://93.184.216.34/a')).rejects.toThrow(/127\.0\.0\.1:6379 is a private address/);
    expect(asked).toEqual(['http://93.184.216.34/a', 'http://8.8.8.8/b']);

    const fine = (async (input: string | URL | Request) =>
      String(input).endsWith('/start') ? new Response(null, { status: 307, headers: { location: '/file.gif' } }) : new Response('GIF89a')) as typeof fetch;
    expect(await (await fetchPublic(fine, 'http://93.184.216.34/start')).text()).toBe('GIF89a');
  });

  it('gives drivers a fetch that refuses private addresses: redirects handed back in manual mode, followed and checked otherwise', async () => {
    const asked: string[] = [];
    const fake = (async (input: string | URL | Request) => {
      const url = String(input);
      asked.push(url);
      if (url === 'http://93.184.216.34/feed') return new Response(null, { status: 301, headers: { location: 'http://10.0.0.5/feed' } });
      return new Response('<rss/>');
    }) as typeof fetch;
    const guarded = publicOnlyFetch(fake);
    // Manual: the 301 comes back to the caller, whose next hop is refused before it is asked.
    const first = await guarded('http://93.184.216.34/feed', { redirect: 'manual' });
    expect(first.status).toBe(301);
    await expect(guarded(new URL(first.headers.get('location')!), { redirect: 'manual' })).rejects.toThrow(/10\.0\.0\.5 is a private address/);
    // Followed: the same redirect is refused inside.
    await expect(guarded('http://93.184.216.34/feed')).rejects.toThrow(NotPublicUrlError);
    await expect(guarded('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(NotPublicUrlError);
    expect(asked).toEqual(['http://93.184.216.34/feed', 'http://93.184.216.34/feed']);
  });

  it('checks the address a connection is made to, so a name that resolves to a private address later (DNS rebinding) is refused', async () => {
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.end('internal secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // The name answers 127.0.0.1 by the time the connection is made.
      const rebinding: LookupFunction = (hostname, options, callback) => {
        if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
        else callback(null, '127.0.0.1', 4);
      };
      const guarded = createConnectPublicFetch(rebinding);
      const refused = await guarded(`http://files.example:${port}/metadata`).catch((error: unknown) => error);
      expect(notPublicCause(refused)?.message).toBe('files.example is a private address (127.0.0.1): Parley downloads only from public addresses.');
      expect(asked).toEqual([]);
      // The server is there: without the check the same request reaches it.
      expect(await (await fetch(`http://127.0.0.1:${port}/metadata`)).text()).toBe('internal secret');
      expect(asked).toEqual(['/metadata']);
    } finally {
      server.close();
    }
  });
});
