// The YouTube listening source: comments on chosen videos and on all videos of chosen channels,
// read by polling commentThreads.list newest first. The cursor holds, per video or channel, the
// newest publishedAt delivered (and the ids delivered at that instant); paging stops once the
// threads are older than it.
import { SourceError, type DriverContext, type PollingDriver, type PollResult } from '../driver.js';
import type { IncomingPost } from '../../pipeline/incoming.js';
import { commentsOfThread } from './map-youtube.js';
import { youtubeError } from './youtube-errors.js';
import { commentThreadListSchema, type CommentThread, type YouTubeSourceConfig } from './youtube-types.js';

export type { YouTubeSourceConfig } from './youtube-types.js';

export const YOUTUBE_BASE_URL = 'https://www.googleapis.com';

export type YouTubeDriverOptions = { now?: () => number };

/** The newest comments delivered for one video or channel. */
type TargetPosition = {
  publishedAt: string;
  ids: string[];
  /** a poll that hit the page cap before reaching the position: where to go on, and the newest seen so far */
  pending?: { pageToken: string; newest: { publishedAt: string; ids: string[] } };
};
type YouTubeCursor = { v: 1; targets: Record<string, TargetPosition> };
type Target = { key: string; param: 'videoId' | 'allThreadsRelatedToChannelId'; id: string; label: string };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{6,64}$/;

const parseCursor = (cursor: string | null): YouTubeCursor => {
  if (cursor === null) return { v: 1, targets: {} };
  try {
    const value = JSON.parse(cursor) as YouTubeCursor;
    if (value?.v === 1 && typeof value.targets === 'object' && value.targets !== null) return value;
  } catch {
    // fall through
  }
  throw new SourceError('cursor', 'The YouTube cursor is not one this driver wrote.');
};

const targetsOf = (config: YouTubeSourceConfig): Target[] => {
  const targets: Target[] = [
    ...(config.videoIds ?? []).map((id) => ({ key: `video:${id}`, param: 'videoId' as const, id, label: `video ${id}` })),
    ...(config.channelIds ?? []).map((id) => ({ key: `channel:${id}`, param: 'allThreadsRelatedToChannelId' as const, id, label: `channel ${id}` })),
  ];
  if (targets.length === 0) throw new SourceError('config', 'Choose at least one YouTube video or channel.');
  for (const target of targets) {
    if (!YOUTUBE_ID.test(target.id)) throw new SourceError('config', `"${target.id}" is not a YouTube ${target.param === 'videoId' ? 'video' : 'channel'} id.`);
  }
  return targets;
};

const isNewer = (publishedAt: string, id: string, position: TargetPosition | undefined): boolean => {
  if (!position) return true;
  const at = Date.parse(publishedAt);
  const from = Date.parse(position.publishedAt);
  return at > from || (at === from && !position.ids.includes(id));
};

/** The position after delivering `delivered` (publishedAt, id pairs) from `position`. */
const advance = (position: TargetPosition | undefined, delivered: { publishedAt: string; id: string }[]): TargetPosition | undefined => {
  let newest = position;
  for (const { publishedAt, id } of delivered) {
    const at = new Date(publishedAt).toISOString();
    if (!newest || Date.parse(at) > Date.parse(newest.publishedAt)) newest = { publishedAt: at, ids: [id] };
    else if (Date.parse(at) === Date.parse(newest.publishedAt) && !newest.ids.includes(id)) newest = { ...newest, ids: [...newest.ids, id] };
  }
  return newest;
};

type PollTarget = { apiKey: string; baseUrl: string; fetch: typeof fetch; signal?: AbortSignal; pageSize: number; maxPages: number; now: () => number };

const fetchPage = async (target: Target, pageToken: string | undefined, options: PollTarget): Promise<{ threads: CommentThread[]; nextPageToken?: string }> => {
  const url = new URL(`${options.baseUrl}/youtube/v3/commentThreads`);
  url.searchParams.set('part', 'snippet,replies');
  url.searchParams.set(target.param, target.id);
  url.searchParams.set('order', 'time');
  url.searchParams.set('textFormat', 'plainText');
  url.searchParams.set('maxResults', String(options.pageSize));
  if (pageToken) url.searchParams.set('pageToken', pageToken);
  url.searchParams.set('key', options.apiKey);

  let response: Response;
  try {
    response = await options.fetch(url, { headers: { accept: 'application/json' }, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new SourceError('temporary', `YouTube could not be reached: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw await youtubeError(response, target.label, options.now());
  const parsed = commentThreadListSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new SourceError('temporary', `YouTube answered the comments of ${target.label} with something that is not a comment thread list.`);
  return { threads: parsed.data.items, nextPageToken: parsed.data.nextPageToken };
};

const pollTarget = async (target: Target, position: TargetPosition | undefined, options: PollTarget): Promise<{ posts: IncomingPost[]; position: TargetPosition | undefined }> => {
  const delivered: { publishedAt: string; id: string }[] = [];
  const posts: IncomingPost[] = [];
  // Where the comments already delivered begin; a pending walk goes on down to it.
  const from = position ? { publishedAt: position.publishedAt, ids: position.ids } : undefined;
  let pageToken = position?.pending?.pageToken;
  // The first poll reads the newest page only: listening starts now, not at the video's first comment.
  const maxPages = position ? options.maxPages : 1;
  let reachedPosition = !position;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetchPage(target, pageToken, options);
    for (const thread of page.threads) {
      // Threads come newest first: once one is older than the position, the rest of the list is too
      // (their replies included, except the few that came since, which are still checked one by one).
      if (from && Date.parse(thread.snippet.topLevelComment.snippet.publishedAt) < Date.parse(from.publishedAt)) reachedPosition = true;
      for (const { comment, post } of commentsOfThread(thread)) {
        if (!isNewer(comment.snippet.publishedAt, comment.id, from)) continue;
        posts.push(post);
        delivered.push({ publishedAt: comment.snippet.publishedAt, id: comment.id });
      }
    }
    pageToken = page.nextPageToken;
    if (reachedPosition || !pageToken) {
      reachedPosition = true;
      break;
    }
  }
  const newest = advance(position?.pending?.newest ?? from, delivered);
  if (reachedPosition || !from || !pageToken || !newest) return { posts, position: newest };
  // Pages left above the position: keep it, and go on from this page next time.
  return { posts, position: { ...from, pending: { pageToken, newest: { publishedAt: newest.publishedAt, ids: newest.ids } } } };
};

/**
 * A YouTube source. Credentials: `apiKey`, an API key of a Google Cloud project with the YouTube
 * Data API v3 enabled (each request costs one unit of its daily quota).
 */
export const createYouTubeDriver = (options: YouTubeDriverOptions = {}): PollingDriver<YouTubeSourceConfig> => ({
  kind: 'youtube',
  async poll(config: YouTubeSourceConfig, cursor: string | null, context: DriverContext): Promise<PollResult> {
    const targets = targetsOf(config);
    const apiKey = context.credentials?.apiKey;
    if (!apiKey) throw new SourceError('credentials', 'A YouTube Data API key is needed.');
    const state = parseCursor(cursor);
    const pollOptions: PollTarget = {
      apiKey,
      baseUrl: (context.baseUrl ?? YOUTUBE_BASE_URL).replace(/\/+$/, ''),
      fetch: context.fetch ?? fetch,
      signal: context.signal,
      pageSize: Math.min(Math.max(config.pageSize ?? 100, 1), 100),
      maxPages: Math.max(config.maxPages ?? 20, 1),
      now: options.now ?? Date.now,
    };
    const posts: IncomingPost[] = [];
    const next: YouTubeCursor = { v: 1, targets: { ...state.targets } };
    for (const target of targets) {
      const read = await pollTarget(target, state.targets[target.key], pollOptions);
      posts.push(...read.posts);
      if (read.position) next.targets[target.key] = read.position;
    }
    return { posts, cursor: JSON.stringify(next) };
  },
});
