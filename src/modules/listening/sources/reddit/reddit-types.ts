// The parts of Reddit's listing JSON (https://www.reddit.com/dev/api) that the Reddit source reads:
// a Listing of t3 (submissions) or t1 (comments) things, validated leniently because Reddit adds
// and drops fields over time.
import { z } from 'zod';

const commonThingFields = {
  id: z.string(),
  /** the fullname: kind prefix + id (t3_5jo13y), which listings page by */
  name: z.string(),
  author: z.string().optional(),
  author_fullname: z.string().optional(),
  subreddit: z.string(),
  subreddit_id: z.string().optional(),
  score: z.number().optional(),
  created_utc: z.number(),
  permalink: z.string().optional(),
  over_18: z.boolean().optional(),
};

export const submissionSchema = z.object({
  ...commonThingFields,
  title: z.string(),
  selftext: z.string().optional(),
  url: z.string().optional(),
  domain: z.string().optional(),
  is_self: z.boolean().optional(),
  num_comments: z.number().optional(),
  upvote_ratio: z.number().optional(),
  link_flair_text: z.string().nullable().optional(),
});

export const commentSchema = z.object({
  ...commonThingFields,
  body: z.string(),
  link_id: z.string(),
  parent_id: z.string(),
  link_title: z.string().optional(),
  link_permalink: z.string().optional(),
});

export type RedditSubmission = z.infer<typeof submissionSchema>;
export type RedditComment = z.infer<typeof commentSchema>;

export type RedditThing = { kind: 't3'; data: RedditSubmission } | { kind: 't1'; data: RedditComment };

export const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    children: z.array(z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) })),
    after: z.string().nullable().optional(),
    before: z.string().nullable().optional(),
  }),
});

export const accessTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

/** Which listing of the configured subreddits (or search) a poll reads. */
export type RedditListing = 'posts' | 'comments' | 'search';

export type RedditSourceConfig = {
  /** Subreddit names without `r/` (several are read as one multireddit, `r/a+b`). */
  subreddits?: string[];
  /** What to read from the subreddits: new posts (`/new`), new comments (`/comments`). Default: both, unless `search` is set. */
  read?: ('posts' | 'comments')[];
  /** A Reddit search (`/search.json?q=…&sort=new`), restricted to `subreddits` when some are given. */
  search?: string;
  /** Things per request, 1–100 (Reddit's maximum and the default). */
  pageSize?: number;
  /** Requests per listing and poll at most; the cursor keeps the rest for the next poll. Default 10. */
  maxPages?: number;
};
