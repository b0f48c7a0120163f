// The feed parser against externally authored feeds (test/fixtures/feeds, sources in its README):
// every format, encodings, broken XML, relative links, dates and hostile HTML. Expected values are
// read from the files, not from the parser's output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NotAFeedError, parseFeed, type ParsedFeed } from './parse-feed.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../../test/fixtures/feeds');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));
const parse = (name: string, options: { url?: string; contentType?: string } = {}) => parseFeed(fixture(name), options);
const entry = (feed: ParsedFeed, index: number) => {
  const found = feed.entries[index];
  if (found === undefined) throw new Error(`no entry ${index}`);
  return found;
};

describe('RSS', () => {
  it('reads the RSS 2.0 sample: channel, items, RFC 822 dates in UTC, author names, permalink guids, escaped HTML', () => {
    const feed = parse('rss2sample.xml');
    expect(feed.format).toBe('rss2');
    expect(feed.warnings).toEqual([]);
    expect(feed.feed).toEqual({
      title: 'Liftoff News',
      link: 'http://liftoff.msfc.nasa.gov/',
      description: 'Liftoff to Space Exploration.',
      language: 'en-us',
      updated: '2003-06-10T09:41:01Z',
    });
    expect(feed.entries.map((item) => item.title)).toEqual(['Star City', null, 'The Engine That Does More', "Astronauts' Dirty Laundry"]);
    expect(entry(feed, 0)).toMatchObject({
      id: 'http://liftoff.msfc.nasa.gov/2003/06/03.html#item573',
      link: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp',
      published: '2003-06-03T09:39:21Z',
      author: 'Writer',
      content: null,
    });
    expect(entry(feed, 0).summary).toContain('at Russia\'s <a href="http://howe.iki.rssi.ru/GCTC/gctc_e.htm">Star City</a>.');
    // An item without <link> takes its permalink guid.
    expect(entry(feed, 1).link).toBe('http://liftoff.msfc.nasa.gov/2003/05/30.html#item572');
    expect(entry(feed, 3).published).toBe('2003-05-20T08:56:02Z');
  });

  it('reads RSS 0.90 and RSS 1.0 (RDF), whose items sit beside the channel', () => {
    const rss090 = parse('rss090_item_title.xml');
    expect(rss090.format).toBe('rss090');
    expect(rss090.feed.title).toBe('Example title');
    expect(rss090.entries.map((item) => item.title)).toEqual(['Item title']);

    const rss1 = parse('rdf_item_rdf_about.xml');
    expect(rss1.format).toBe('rss1');
    expect(rss1.entries).toHaveLength(1);
    expect(entry(rss1, 0).id).toBe('http://example.org/1');
  });

  it('reads HTML named entities that XML does not define', () => {
    expect(parse('eacute.xml').feed.title).toBe('testing é entity');
  });

  it('reads dc:creator, enclosures with their length, and a +0200 date', () => {
    const feed = parse('latin2.rss');
    expect(entry(feed, 0)).toMatchObject({
      title: 'ZAŻÓŁĆ GĘSLĄ JAŹŃ',
      author: 'Adam Gżegżółka',
      published: '2019-10-18T15:27:37Z',
      summary: 'Szedł sasza suchą szosą',
      enclosures: [{ url: 'http://www.example.pl/image.jpg', type: 'image/jpeg', length: 1648 }],
    });
  });
});

describe('Atom', () => {
  it('reads Atom 1.0 under a non-default namespace prefix, with XHTML content and the feed author inherited', () => {
    const feed = parse('nondefaultnamespace.atom');
    expect(feed.format).toBe('atom1');
    expect(feed.feed).toMatchObject({ title: 'Non-default namespace test', link: 'http://example.org/tests/namespace/result.html', updated: '2006-01-18T11:26:54Z' });
    const only = entry(feed, 0);
    expect(only).toMatchObject({
      id: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
      title: 'If you can read the content of this entry, your aggregator works fine.',
      link: 'http://example.org/tests/namespace/result.html',
      updated: '2006-01-18T11:26:54Z',
      author: 'Aristotle Pagaltzis',
    });
    expect(only.content).toContain('<p>For information, see:</p>');
    expect(only.content).toContain('<a href="http://plasmasturm.org/log/376/">Who knows an <abbr title="Extensible Markup Language">XML</abbr> document from a hole in the ground?</a>');
    expect(only.content).not.toContain('<div');
  });

  it('reads Atom 0.3 escaped content and strips scripts, event handlers and the document wrapper', () => {
    const feed = parse('entry_content_crazy.xml');
    expect(feed.format).toBe('atom03');
    const content = entry(feed, 0).content ?? '';
    expect(content).toContain('<h1>Did The Javascript Execute?</h1>');
    expect(content).toContain('I will execute here, too, if you mouse over me');
    for (const unsafe of ['<script', 'alert(', 'executeMe', 'onload', 'onmouseover', '<html', '<body', 'notRealAttribute']) expect(content).not.toContain(unsafe);
  });
});

describe('JSON Feed', () => {
  it('reads JSON Feed 1.0: feed author, tags, attachments, and sanitizes content_html', () => {
    const feed = parse('jsonfeed-example.json');
    expect(feed.format).toBe('json1');
    expect(feed.feed).toMatchObject({ title: 'My Example Feed', link: 'https://example.org/' });
    expect(feed.entries).toHaveLength(2);
    expect(entry(feed, 0)).toEqual({
      id: '2',
      title: 'post 2',
      link: 'https://example.org/second-item',
      published: null,
      updated: null,
      author: 'me',
      summary: null,
      content: 'This is a second item.',
      categories: ['test', 'JSON'],
      enclosures: [{ url: 'https://example.org/second-item-show.mp4', type: 'video/mp4', length: 12000000 }],
    });
    expect(entry(feed, 1)).toMatchObject({ id: '1', author: 'you', link: 'https://example.org/initial-post', content: '<p>Hello, world!</p>' });
  });

  it('reads a JSON Feed with a non-standard version, with a warning, and its dates in UTC', () => {
    const feed = parse('gofeed-sample.json');
    expect(feed.format).toBe('json');
    expect(feed.warnings).toEqual([expect.stringContaining('"1.0"')]);
    expect(entry(feed, 0)).toMatchObject({
      published: '2019-10-12T07:20:50.520Z',
      content: '<p>content_html</p>',
      summary: 'summary',
      categories: ['tag1', 'tag2'],
      enclosures: [{ url: 'https://sample-json-feed.com/attachment', type: 'audio/mpeg', length: 100 }],
    });
  });
});

describe('encodings', () => {
  it('decodes the encoding the XML declaration names (ISO-8859-2, cp1252, EUC-KR)', () => {
    expect(parse('latin2.rss').feed.description).toBe('Przykładowe newsy z polski, w latin-2');
    const cp1252 = parse('x80_cp1252.xml');
    expect(cp1252.feed.title).toBe('€');
    expect(parse('euc-kr.xml').feed.title).toBe('년');
    expect(cp1252.warnings).toEqual([]);
  });

  it('finds UTF-16 by its byte order mark', () => {
    const feed = parse('rss2sample-utf16le.xml');
    expect(feed.warnings).toEqual([]);
    expect(feed.feed.title).toBe('Liftoff News');
    expect(entry(feed, 3).title).toBe("Astronauts' Dirty Laundry");
  });

  it('lets the Content-Type charset win over the XML declaration, with a warning when they disagree', () => {
    expect(parse('latin2.rss', { contentType: 'application/rss+xml; charset=ISO-8859-2' }).warnings).toEqual([]);
    const wrong = parse('latin2.rss', { contentType: 'text/xml; charset=utf-8' });
    expect(wrong.warnings[0]).toContain('disagree');
    expect(wrong.warnings[1]).toContain('not valid utf-8');
  });

  it('reads undeclared non-UTF-8 bytes, and ISO-8859-1, as windows-1252 (its curly quotes in 0x80–0x9F)', () => {
    const body = (declaration: string) => Buffer.concat([Buffer.from(`${declaration}<rss version="2.0"><channel><title>caf`), Buffer.from([0xe9, 0x20, 0x93]), Buffer.from('quoted'), Buffer.from([0x94]), Buffer.from('</title></channel></rss>')]);
    const undeclared = parseFeed(body('<?xml version="1.0"?>'));
    expect(undeclared.feed.title).toBe('café “quoted”');
    expect(undeclared.warnings).toEqual(['the bytes are not valid utf-8; read as windows-1252']);
    const latin1 = parseFeed(body('<?xml version="1.0" encoding="ISO-8859-1"?>'));
    expect(latin1.feed.title).toBe('café “quoted”');
    expect(latin1.warnings).toEqual([]);
  });

  it('decodes Shift_JIS (a feed made here: no Shift_JIS feed was found among the sources)', () => {
    const body = iconv.encode('<?xml version="1.0" encoding="Shift_JIS"?>\n<rss version="2.0"><channel><title>日本語のフィード</title></channel></rss>', 'Shift_JIS');
    expect(parseFeed(body).feed.title).toBe('日本語のフィード');
  });
});

describe('broken feeds and non-feeds', () => {
  it('reads every item of a feed with a bare ampersand, and says it is not well-formed', () => {
    const feed = parse('saxerror.xml');
    expect(feed.entries.map((item) => item.title)).toEqual(['Good Item', 'Bad Item', 'Item After Error']);
    expect(entry(feed, 1).link).toBe('http://example.com/bad?foo=1&bar=2');
    expect(feed.warnings).toEqual([expect.stringMatching(/^not well-formed XML \(line 15: /)]);
  });

  it('reads a feed whose closing tag is cut off', () => {
    const feed = parse('rss_item_link_corrupted_ampersands.xml');
    expect(entry(feed, 0).link).toBe('http://link/get?a=1&b=2');
    expect(feed.warnings[0]).toMatch(/^not well-formed XML/);
  });

  it('refuses an HTML page, an empty file and JSON that is not a JSON Feed', () => {
    expect(() => parse('notafeed.html')).toThrow(NotAFeedError);
    expect(() => parse('notafeed.html')).toThrow(/<html>/);
    expect(() => parseFeed('')).toThrow(NotAFeedError);
    expect(() => parseFeed('{"name": "package", "version": "1.0.0"}')).toThrow(/not a JSON Feed/);
  });
});

describe('links and dates', () => {
  it('resolves relative links against the document URL, reads two-digit years, and keeps non-permalink guids as ids', () => {
    const url = 'http://www.arcgames.com/en/games/neverwinter/news/rss';
    const feed = parse('rss-with-relative-urls.xml', { url });
    expect(feed.feed.link).toBe('http://www.arcgames.com/en/games/neverwinter/news');
    expect(feed.feed.updated).toBe('2017-12-10T21:01:36Z');
    expect(entry(feed, 0)).toMatchObject({
      id: 'http://www.arcgames.com/en/games/PAB_nw/news/detail/10743874',
      title: 'Neverwinter & Jingle Jam Humble Bundle!',
      link: 'http://www.arcgames.com/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21',
      published: '2017-12-07T18:00:29Z',
    });
    expect(entry(feed, 1).published).toBe('2017-12-07T15:00:00Z');
    // Without a URL there is nothing to resolve against.
    expect(entry(parse('rss-with-relative-urls.xml'), 0).link).toBe('/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21');
  });

  it('resolves an Atom link against the document URL and HTML links against the nearest xml:base', () => {
    expect(entry(parse('http_entry_link_base_docuri.xml', { url: 'http://127.0.0.1:8097/' }), 0).link).toBe('http://127.0.0.1:8097/relative/link');
    expect(entry(parse('entry_content_xml_base_inherit_2.xml'), 0).content).toBe('Example <a href="http://example.com/test/test.html">test</a>');
  });

  it('reports a date it cannot read and leaves it null', () => {
    const feed = parseFeed('<rss version="2.0"><channel><item><title>t</title><pubDate>08/02/2013 12:00:00</pubDate></item></channel></rss>');
    expect(entry(feed, 0).published).toBeNull();
    expect(feed.warnings).toEqual(['item 1: unrecognized date "08/02/2013 12:00:00"']);
  });

  it('drops javascript: URLs and event handlers and resolves relative links inside HTML', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><item><description>&lt;p onclick="x()"&gt;Hi &lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; &lt;a href="/about"&gt;about&lt;/a&gt;&lt;img src="i.png" onerror="y()"&gt;&lt;/p&gt;</description></item></channel></rss>',
      { url: 'https://example.com/blog/feed.xml' },
    );
    expect(entry(feed, 0).summary).toBe('<p>Hi <a>x</a> <a href="https://example.com/about">about</a><img src="https://example.com/blog/i.png" /></p>');
  });
});
