// The Mastodon payloads of test/fixtures/listening/mastodon (sources in its README), for the tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const folder = path.resolve(import.meta.dirname, '../../../../../test/fixtures/listening/mastodon');

export const mastodonFixtureText = (name: string): string => readFileSync(path.join(folder, name), 'utf8');

export const mastodonFixtureJson = (name: string): Record<string, unknown> => JSON.parse(mastodonFixtureText(name)) as Record<string, unknown>;

/** The statuses carried by the `data:` lines of a streaming transcript, in order. */
export const mastodonStreamStatuses = (name: string): Record<string, unknown>[] =>
  mastodonFixtureText(name)
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);

/** Every status of the fixtures: the Status entity example, a boost, and the streaming examples. */
export function allMastodonStatuses(): Record<string, unknown>[] {
  return [
    mastodonFixtureJson('status-entity-example.json'),
    mastodonFixtureJson('status-boost.json'),
    ...mastodonStreamStatuses('streaming-hashtag.txt'),
    ...mastodonStreamStatuses('streaming-other-events.txt'),
  ];
}
