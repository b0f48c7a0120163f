// `parley parse-feed` exactly as specs/cli.md says: the normalized JSON on stdout, warnings inside it
// for a broken feed, exit 2 naming the file for a non-feed or an unreadable file, and for a bad --url.
import path from 'node:path';
import { expect, it } from 'vitest';
import { runParleyToEnd } from '../../test/helpers/process.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../test/fixtures/feeds', name);

it('prints the normalized feed as one JSON object', { timeout: 60_000 }, async () => {
  const result = await runParleyToEnd(['parse-feed', fixture('rss-with-relative-urls.xml'), '--url', 'http://www.arcgames.com/en/games/neverwinter/news/rss'], {});
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const parsed = JSON.parse(lines[0]!) as { format: string; feed: Record<string, unknown>; entries: Array<Record<string, unknown>>; warnings: string[] };
  expect(Object.keys(parsed)).toEqual(['format', 'feed', 'entries', 'warnings']);
  expect(parsed.format).toBe('rss2');
  expect(parsed.feed).toEqual({ title: 'Neverwinter', link: 'http://www.arcgames.com/en/games/neverwinter/news', description: null, language: 'en_US', updated: '2017-12-10T21:01:36Z' });
  expect(parsed.entries.map((entry) => Object.keys(entry))).toEqual(Array(2).fill(['id', 'title', 'link', 'published', 'updated', 'author', 'summary', 'content', 'categories', 'enclosures']));
  expect(parsed.entries[1]).toMatchObject({ title: '2x Underdark Currency & 15% off Bags!', published: '2017-12-07T15:00:00Z' });
  expect(parsed.warnings).toEqual([]);
});

it('reads the encoding from --content-type', { timeout: 60_000 }, async () => {
  const result = await runParleyToEnd(['parse-feed', fixture('latin2.rss'), '--content-type', 'application/rss+xml; charset=iso-8859-2'], {});
  expect(result.code).toBe(0);
  expect((JSON.parse(result.stdout) as { entries: Array<{ title: string }> }).entries[0]!.title).toBe('ZAŻÓŁĆ GĘSLĄ JAŹŃ');
});

it('parses a feed that is not well-formed, with a warning (exit 0)', { timeout: 60_000 }, async () => {
  const result = await runParleyToEnd(['parse-feed', fixture('saxerror.xml')], {});
  expect(result.code).toBe(0);
  const parsed = JSON.parse(result.stdout) as { entries: unknown[]; warnings: string[] };
  expect(parsed.entries).toHaveLength(3);
  expect(parsed.warnings[0]).toMatch(/not well-formed/);
});

it('exits 2 naming a file that is not a feed, a file that cannot be read, and a relative --url', { timeout: 60_000 }, async () => {
  const notFeed = await runParleyToEnd(['parse-feed', fixture('notafeed.html')], {});
  expect(notFeed.code).toBe(2);
  expect(notFeed.stdout).toBe('');
  expect(notFeed.stderr).toContain('notafeed.html: not an RSS, Atom or JSON feed');

  const missing = await runParleyToEnd(['parse-feed', fixture('missing.xml')], {});
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('missing.xml');

  const badUrl = await runParleyToEnd(['parse-feed', fixture('rss2sample.xml'), '--url', '/relative'], {});
  expect(badUrl.code).toBe(2);
  expect(badUrl.stderr).toContain('--url');

  const noFile = await runParleyToEnd(['parse-feed'], {});
  expect(noFile.code).toBe(2);
});
