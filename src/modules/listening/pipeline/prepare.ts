// The CPU part of the pipeline for one batch: analyze, match, enrich and label each post, giving the
// rows to store. Pure (no I/O), so it runs the same in the pipeline's process or in its threads.
// Near-duplicate clusters are assigned afterwards, in one place, so that every post of a workspace
// meets the same index whichever thread prepared it.
import { analyzePost } from '../text/analyze.js';
import { enrichPost } from './enrich-post.js';
import type { WorkspaceEngine } from './engine.js';
import type { IncomingPost } from './incoming.js';
import type { WorkspaceModels } from './models.js';

/** A mention ready to store: the columns of `mentions` the pipeline writes. */
export type MentionInput = {
  externalId: string;
  channel: string | null;
  url: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  langConfidence: number | null;
  country: string | null;
  publishedAt: string;
  authorHandle: string | null;
  authorExternalId: string | null;
  authorName: string | null;
  authorFollowers: number | null;
  authorVerified: boolean | null;
  authorProfileUrl: string | null;
  authorAvatarUrl: string | null;
  /** comma-joined, sorted */
  topicIds: string;
  /** comma-joined, sorted */
  queryIds: string;
  sentimentScore: number;
  sentimentLabel: string;
  sentimentBy: string;
  machineSentimentLabel: string;
  relevance: string | null;
  relevanceBy: string | null;
  spamScore: number;
  botScore: number;
  /** signed 64-bit, as a decimal string */
  simhash: string;
  clusterKey: string | null;
  data: string;
};

function authorSignals(post: IncomingPost) {
  const author = post.author;
  if (!author) return {};
  const ageDays = author.accountCreatedAt ? (Date.now() - Date.parse(author.accountCreatedAt)) / 86_400_000 : undefined;
  return {
    followers: author.followers,
    following: author.following,
    postsPerHour: author.postsPerHour,
    accountAgeDays: ageDays,
    defaultAvatar: author.defaultAvatar,
  };
}

/** The mentions among `posts` (those matching a query), in input order; clusterKey is left null. */
export function prepareBatch(engine: WorkspaceEngine, models: WorkspaceModels | undefined, posts: IncomingPost[], now: string): MentionInput[] {
  const rows: MentionInput[] = [];
  if (engine.queryCount === 0) return rows;
  for (const post of posts) {
    const analyzed = analyzePost({
      id: post.externalId,
      text: post.text,
      title: post.title,
      author: post.author?.handle,
      url: post.url,
      links: post.links,
      lang: post.lang,
      country: post.country?.toLowerCase(),
      channel: post.channel,
    });
    const languageNeeded = engine.needsLanguage(analyzed);
    let enrichment = languageNeeded ? enrichPost(analyzed, authorSignals(post)) : null;
    const queryIds = engine.match(analyzed, languageNeeded);
    if (queryIds.length === 0) continue;
    enrichment ??= enrichPost(analyzed, authorSignals(post));

    const topicIds = [...new Set(queryIds.map((id) => engine.topicOf(id)).filter((id): id is string => id !== undefined))].sort();
    const learned = models?.apply(analyzed, enrichment) ?? null;
    const sentimentLabel = learned?.sentiment?.label ?? enrichment.sentimentLabel;
    rows.push({
      externalId: post.externalId,
      channel: post.channel ?? null,
      url: post.url ?? null,
      title: post.title ?? null,
      text: post.text,
      lang: enrichment.lang,
      langConfidence: enrichment.langConfidence,
      country: post.country?.toLowerCase() ?? null,
      publishedAt: post.publishedAt ?? now,
      authorHandle: post.author?.handle?.replace(/^@/, '') ?? null,
      authorExternalId: post.author?.externalId ?? null,
      authorName: post.author?.name ?? null,
      authorFollowers: post.author?.followers ?? null,
      authorVerified: post.author?.verified ?? null,
      authorProfileUrl: post.author?.profileUrl ?? null,
      authorAvatarUrl: post.author?.avatarUrl ?? null,
      topicIds: topicIds.join(','),
      queryIds: queryIds.join(','),
      sentimentScore: learned?.sentiment?.score ?? enrichment.sentimentScore,
      sentimentLabel,
      sentimentBy: learned?.sentiment && learned.sentiment.label !== enrichment.sentimentLabel ? 'model' : 'machine',
      machineSentimentLabel: enrichment.sentimentLabel,
      relevance: learned?.relevance ?? null,
      relevanceBy: learned?.relevance ? 'model' : null,
      spamScore: enrichment.spam,
      botScore: enrichment.bot,
      simhash: enrichment.simhash.toString(),
      clusterKey: null,
      data: JSON.stringify(post.data ?? {}),
    });
  }
  return rows;
}
