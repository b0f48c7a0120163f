// The Bluesky payloads of test/fixtures/listening/bluesky (sources in its README), for the tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const folder = path.resolve(import.meta.dirname, '../../../../../test/fixtures/listening/bluesky');

/** The lines of a Jetstream recording, each one message as Jetstream sends it. */
export const jetstreamMessages = (name: string): string[] =>
  readFileSync(path.join(folder, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** The postViews of the AppView feed recording (each feed item's `post`). */
export function appViewPosts(): Record<string, unknown>[] {
  const items = JSON.parse(readFileSync(path.join(folder, 'appview-feed-posts.json'), 'utf8')) as { post: Record<string, unknown> }[];
  return items.map((item) => item.post);
}
