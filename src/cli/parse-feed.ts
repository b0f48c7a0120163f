// `parley parse-feed FILE [--url BASE_URL] [--content-type TYPE]` (specs/cli.md): one feed file read
// by the listening source's parser, printed as the normalized JSON. A file that cannot be read, a bad
// --url and a file that is not a feed exit 2 with the file named.
import { readFile } from 'node:fs/promises';
import { NotAFeedError, parseFeed, type ParsedFeed } from '../modules/listening/sources/feed/parse-feed.js';
import { InputError } from './match.js';

export type ParseFeedCommandOptions = { url?: string; contentType?: string };

export async function runParseFeed(file: string, options: ParseFeedCommandOptions): Promise<ParsedFeed> {
  if (options.url !== undefined) {
    try {
      new URL(options.url);
    } catch {
      throw new InputError(`--url: "${options.url}" is not an absolute URL`);
    }
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as Error).message})`);
  }
  try {
    return parseFeed(body, { url: options.url, contentType: options.contentType });
  } catch (error) {
    if (error instanceof NotAFeedError) throw new InputError(`${file}: not an RSS, Atom or JSON feed: ${error.message}`);
    throw error;
  }
}
