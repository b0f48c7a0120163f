// What the add-source form asks for each source type: its settings and its secret fields, and how
// they become the API's `config` and `credentials` (the server checks them against the type's schemas).
import { IconBrandBluesky, IconBrandMastodon, IconBrandReddit, IconBrandX, IconBrandYoutube, IconRss, IconWebhook, type Icon } from '@tabler/icons-react';
import type { SourceType } from './api';

export type FieldValue = string | boolean;
export type FieldSpec = {
  key: string;
  label: string;
  kind: 'text' | 'url' | 'number' | 'select' | 'list' | 'boolean';
  required?: boolean;
  placeholder?: string;
  description?: string;
  options?: { value: string; label: string }[];
  /** Shown only when this is true of the other values */
  when?: (values: Record<string, FieldValue>) => boolean;
};
export type CredentialSpec = { key: string; label: string; required?: boolean; description?: string; /** not masked while typed (a user name) */ plain?: boolean };

export type SourceTypeSpec = {
  type: SourceType;
  label: string;
  icon: Icon;
  color: string;
  summary: string;
  fields: FieldSpec[];
  credentials: CredentialSpec[];
  /** The form's values as the API's config; by default each filled field under its key */
  toConfig?: (values: Record<string, FieldValue>) => Record<string, unknown>;
  /** A stored config as the form's values; by default each field's key */
  fromConfig?: (config: Record<string, unknown>) => Record<string, FieldValue>;
};

const interval: FieldSpec = { key: 'intervalMinutes', label: 'Minutes between polls', kind: 'number', placeholder: 'Default for the type' };

export const SOURCE_TYPES: SourceTypeSpec[] = [
  {
    type: 'rss',
    label: 'RSS or Atom feed',
    icon: IconRss,
    color: 'orange',
    summary: 'News sites, blogs and anything with an RSS, Atom or JSON feed.',
    fields: [
      { key: 'url', label: 'Feed address', kind: 'url', required: true, placeholder: 'https://example.com/feed.xml' },
      { key: 'channel', label: 'Mentions are', kind: 'select', options: [{ value: 'news', label: 'News' }, { value: 'blog', label: 'Blog posts' }] },
      { ...interval, placeholder: '15' },
    ],
    credentials: [
      { key: 'username', label: 'Username', description: 'Only for a feed behind a login', plain: true },
      { key: 'password', label: 'Password' },
    ],
  },
  {
    type: 'mastodon',
    label: 'Mastodon',
    icon: IconBrandMastodon,
    color: 'violet',
    summary: 'A hashtag, a search or the public timeline of a Mastodon instance.',
    fields: [
      { key: 'instance', label: 'Instance', kind: 'url', required: true, placeholder: 'https://mastodon.social' },
      {
        key: 'timeline',
        label: 'Read',
        kind: 'select',
        required: true,
        options: [
          { value: 'hashtag', label: 'Posts with a hashtag' },
          { value: 'search', label: 'Search results' },
          { value: 'public', label: 'The public timeline' },
        ],
      },
      { key: 'hashtag', label: 'Hashtag', kind: 'text', required: true, placeholder: 'lumencoffee', when: (v) => v.timeline === 'hashtag' },
      { key: 'query', label: 'Search', kind: 'text', required: true, placeholder: 'lumen coffee', when: (v) => v.timeline === 'search' },
      { key: 'live', label: 'Stream live instead of polling', kind: 'boolean', when: (v) => v.timeline !== 'search' },
    ],
    credentials: [{ key: 'accessToken', label: 'Access token', description: 'Needed by instances that do not serve their timelines publicly; with the write:statuses scope, replies from the inbox go out with it' }],
    toConfig: (v) => ({
      instance: v.instance,
      [v.live === true && v.timeline !== 'search' ? 'stream' : 'timeline']: v.timeline,
      ...(v.timeline === 'hashtag' ? { hashtag: v.hashtag } : {}),
      ...(v.timeline === 'search' ? { query: v.query } : {}),
    }),
    fromConfig: (c) => ({
      instance: String(c.instance ?? ''),
      timeline: String(c.timeline ?? c.stream ?? 'hashtag'),
      hashtag: String(c.hashtag ?? ''),
      query: String(c.query ?? ''),
      live: typeof c.stream === 'string',
    }),
  },
  {
    type: 'bluesky',
    label: 'Bluesky',
    icon: IconBrandBluesky,
    color: 'blue',
    summary: 'Posts found by a Bluesky search, or every new post of the network live (Jetstream).',
    fields: [
      { key: 'firehose', label: 'Read every new post live (Jetstream); your queries pick the mentions', kind: 'boolean' },
      { key: 'query', label: 'Search', kind: 'text', required: true, placeholder: 'lumen coffee OR #lumencoffee', when: (v) => v.firehose !== true },
      { key: 'lang', label: 'Only in language', kind: 'text', placeholder: 'en', when: (v) => v.firehose !== true },
      { ...interval, when: (v) => v.firehose !== true },
    ],
    credentials: [
      { key: 'accessToken', label: 'Access token', description: 'An app password session token, when the public API refuses searches' },
      { key: 'handle', label: 'Handle', plain: true, description: 'To reply from the inbox: the account that answers, e.g. lumen.bsky.social' },
      { key: 'appPassword', label: 'App password', description: 'To reply from the inbox: an app password of that account' },
      { key: 'pdsUrl', label: 'PDS', plain: true, description: 'Where that account lives, when not https://bsky.social' },
    ],
    // The server reads a config without a search as the Jetstream stream.
    toConfig: (v) => (v.firehose === true ? {} : { query: v.query, ...(v.lang ? { lang: v.lang } : {}), ...numberField(v, 'intervalMinutes') }),
    fromConfig: (c) => ({
      firehose: typeof c.query !== 'string',
      query: String(c.query ?? ''),
      lang: String(c.lang ?? ''),
      intervalMinutes: c.intervalMinutes === undefined ? '' : String(c.intervalMinutes),
    }),
  },
  {
    type: 'reddit',
    label: 'Reddit',
    icon: IconBrandReddit,
    color: 'orange',
    summary: 'New posts and comments of subreddits, or a Reddit search.',
    fields: [
      { key: 'subreddits', label: 'Subreddits', kind: 'list', placeholder: 'coffee, espresso', description: 'Names without r/, separated by commas' },
      {
        key: 'read',
        label: 'Read',
        kind: 'select',
        options: [
          { value: 'both', label: 'Posts and comments' },
          { value: 'posts', label: 'Posts only' },
          { value: 'comments', label: 'Comments only' },
        ],
      },
      { key: 'search', label: 'Search', kind: 'text', placeholder: 'lumen coffee', description: 'Within the subreddits when some are given' },
      interval,
    ],
    credentials: [
      { key: 'clientId', label: 'Client id', plain: true, description: 'Of a Reddit "script" app; without it the public API is used, with lower limits' },
      { key: 'clientSecret', label: 'Client secret' },
      { key: 'userAccessToken', label: 'User access token', description: 'To reply from the inbox: an OAuth token of the account that answers (submit scope)' },
    ],
    toConfig: (v) => ({
      ...(typeof v.subreddits === 'string' && v.subreddits.trim() ? { subreddits: splitList(v.subreddits) } : {}),
      ...(v.read === 'posts' || v.read === 'comments' ? { read: [v.read] } : {}),
      ...(typeof v.search === 'string' && v.search.trim() ? { search: v.search.trim() } : {}),
      ...numberField(v, 'intervalMinutes'),
    }),
    fromConfig: (c) => ({
      subreddits: Array.isArray(c.subreddits) ? c.subreddits.join(', ') : '',
      read: Array.isArray(c.read) && c.read.length === 1 ? String(c.read[0]) : 'both',
      search: String(c.search ?? ''),
      intervalMinutes: c.intervalMinutes === undefined ? '' : String(c.intervalMinutes),
    }),
  },
  {
    type: 'x',
    label: 'X (Twitter)',
    icon: IconBrandX,
    color: 'dark',
    summary: 'Recent posts found by an X search, or the filtered stream.',
    fields: [
      { key: 'stream', label: 'Use the filtered stream (rules follow your queries)', kind: 'boolean' },
      { key: 'query', label: 'Search', kind: 'text', required: true, placeholder: '"lumen coffee" -is:retweet', when: (v) => v.stream !== true },
      { ...interval, when: (v) => v.stream !== true },
    ],
    credentials: [
      { key: 'bearerToken', label: 'Bearer token', required: true, description: 'From your X developer app' },
      { key: 'userAccessToken', label: 'User access token', description: 'To reply from the inbox: an OAuth 2.0 user token with tweet.write (the bearer token cannot post)' },
    ],
    toConfig: (v) => (v.stream === true ? { stream: true } : { query: v.query, ...numberField(v, 'intervalMinutes') }),
    fromConfig: (c) => ({ stream: c.stream === true, query: String(c.query ?? ''), intervalMinutes: c.intervalMinutes === undefined ? '' : String(c.intervalMinutes) }),
  },
  {
    type: 'youtube',
    label: 'YouTube',
    icon: IconBrandYoutube,
    color: 'red',
    summary: 'Comments on videos, or on every video of channels.',
    fields: [
      { key: 'videoIds', label: 'Videos', kind: 'list', placeholder: 'dQw4w9WgXcQ', description: 'The id after watch?v=, separated by commas' },
      { key: 'channelIds', label: 'Channels', kind: 'list', placeholder: 'UC…', description: 'Channel ids, separated by commas' },
      interval,
    ],
    credentials: [
      { key: 'apiKey', label: 'API key', required: true, description: 'A Google Cloud API key with the YouTube Data API enabled' },
      { key: 'oauthAccessToken', label: 'OAuth access token', description: 'To reply from the inbox: a token of the channel that answers (youtube.force-ssl scope); an API key cannot post' },
    ],
  },
  {
    type: 'generic',
    label: 'Webhook (any system)',
    icon: IconWebhook,
    color: 'gray',
    summary: 'Your own systems push posts to a signed webhook.',
    fields: [{ key: 'channel', label: 'Channel of posts that do not name one', kind: 'text', placeholder: 'forum' }],
    credentials: [],
  },
];

export function sourceTypeSpec(type: string): SourceTypeSpec {
  return SOURCE_TYPES.find((spec) => spec.type === type) ?? SOURCE_TYPES[SOURCE_TYPES.length - 1]!;
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim().replace(/^r\//, ''))
    .filter(Boolean);
}

function numberField(values: Record<string, FieldValue>, key: string): Record<string, number> {
  const value = values[key];
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? { [key]: Number(value) } : {};
}

/** The API's config from the form's values. */
export function configOf(spec: SourceTypeSpec, values: Record<string, FieldValue>): Record<string, unknown> {
  if (spec.toConfig) return spec.toConfig(values);
  const config: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (field.when && !field.when(values)) continue;
    const value = values[field.key];
    if (field.kind === 'boolean') {
      if (value === true) config[field.key] = true;
    } else if (field.kind === 'number') Object.assign(config, numberField(values, field.key));
    else if (field.kind === 'list') {
      if (typeof value === 'string' && value.trim()) config[field.key] = splitList(value);
    } else if (typeof value === 'string' && value.trim() !== '') config[field.key] = value.trim();
  }
  return config;
}

/** The form's values from a stored config. */
export function valuesOf(spec: SourceTypeSpec, config: Record<string, unknown>): Record<string, FieldValue> {
  if (spec.fromConfig) return spec.fromConfig(config);
  const values: Record<string, FieldValue> = {};
  for (const field of spec.fields) {
    const value = config[field.key];
    if (field.kind === 'boolean') values[field.key] = value === true;
    else if (Array.isArray(value)) values[field.key] = value.join(', ');
    else values[field.key] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

export function defaultValues(spec: SourceTypeSpec): Record<string, FieldValue> {
  const values = valuesOf(spec, {});
  for (const field of spec.fields) if (field.kind === 'select' && field.options && !values[field.key]) values[field.key] = field.options[0]!.value;
  if (spec.type === 'mastodon') values.instance = 'https://mastodon.social';
  return values;
}
