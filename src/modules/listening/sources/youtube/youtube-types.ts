// The parts of the YouTube Data API v3 `commentThreads.list` response the YouTube source reads
// (https://developers.google.com/youtube/v3/docs/commentThreads), and the source's configuration.
import { z } from 'zod';

export const youtubeCommentSchema = z.object({
  id: z.string(),
  snippet: z.object({
    authorDisplayName: z.string().optional(),
    authorProfileImageUrl: z.string().optional(),
    authorChannelUrl: z.string().optional(),
    authorChannelId: z.object({ value: z.string() }).optional(),
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    textOriginal: z.string().optional(),
    textDisplay: z.string().optional(),
    parentId: z.string().optional(),
    likeCount: z.number().optional(),
    publishedAt: z.string(),
    updatedAt: z.string().optional(),
  }),
});

export const commentThreadSchema = z.object({
  id: z.string(),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    topLevelComment: youtubeCommentSchema,
    totalReplyCount: z.number().optional(),
  }),
  replies: z.object({ comments: z.array(youtubeCommentSchema) }).optional(),
});

export const commentThreadListSchema = z.object({
  items: z.array(commentThreadSchema),
  nextPageToken: z.string().optional(),
});

export const googleErrorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

export type YouTubeComment = z.infer<typeof youtubeCommentSchema>;
export type CommentThread = z.infer<typeof commentThreadSchema>;

export type YouTubeSourceConfig = {
  /** Videos whose comments are read (the id in watch?v=…). */
  videoIds?: string[];
  /** Channels whose videos' comments are all read (allThreadsRelatedToChannelId). */
  channelIds?: string[];
  /** Threads per request, 1–100 (the default). */
  pageSize?: number;
  /** Requests per video or channel and poll at most. Default 20. */
  maxPages?: number;
};
