// The parts of X API v2 responses (https://docs.x.com/x-api) that the X sources read: tweets with
// their expansions, recent search pages, filtered-stream lines and stream rules.
import { z } from 'zod';

export const xUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  created_at: z.string().optional(),
  verified: z.boolean().optional(),
  profile_image_url: z.string().optional(),
  public_metrics: z
    .object({ followers_count: z.number().optional(), following_count: z.number().optional(), tweet_count: z.number().optional(), listed_count: z.number().optional() })
    .optional(),
});

export const tweetSchema = z.object({
  id: z.string(),
  text: z.string(),
  author_id: z.string().optional(),
  created_at: z.string().optional(),
  lang: z.string().optional(),
  conversation_id: z.string().optional(),
  in_reply_to_user_id: z.string().optional(),
  possibly_sensitive: z.boolean().optional(),
  source: z.string().optional(),
  entities: z
    .object({
      urls: z.array(z.object({ url: z.string().optional(), expanded_url: z.string().optional(), unwound_url: z.string().optional() })).optional(),
    })
    .optional(),
  public_metrics: z.record(z.string(), z.number()).optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
});

export const includesSchema = z.object({
  users: z.array(xUserSchema).optional(),
  tweets: z.array(tweetSchema).optional(),
});

/** An X API "problem" (https://api.x.com/2/problems/…), in an error response or inside a stream. */
export const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  disconnect_type: z.string().optional(),
  connection_issue: z.string().optional(),
  status: z.number().optional(),
  message: z.string().optional(),
});

export const searchPageSchema = z.object({
  data: z.array(tweetSchema).optional(),
  includes: includesSchema.optional(),
  meta: z.object({ newest_id: z.string().optional(), next_token: z.string().optional(), result_count: z.number().optional() }).optional(),
  errors: z.array(problemSchema).optional(),
});

export const streamLineSchema = z.object({
  data: tweetSchema.optional(),
  includes: includesSchema.optional(),
  matching_rules: z.array(z.object({ id: z.union([z.string(), z.number()]), tag: z.string().optional() })).optional(),
  errors: z.array(problemSchema).optional(),
});

export const streamRuleSchema = z.object({ id: z.string(), value: z.string(), tag: z.string().optional() });

export const rulesPageSchema = z.object({
  data: z.array(streamRuleSchema).optional(),
  meta: z.object({ next_token: z.string().optional(), result_count: z.number().optional() }).optional(),
  errors: z.array(problemSchema).optional(),
});

export type Tweet = z.infer<typeof tweetSchema>;
export type XUser = z.infer<typeof xUserSchema>;
export type XIncludes = z.infer<typeof includesSchema>;
export type StreamRule = z.infer<typeof streamRuleSchema>;
export type Problem = z.infer<typeof problemSchema>;

/** The fields asked of every tweet, so that posts carry author, language, links and metrics. */
export const TWEET_FIELDS_PARAMS: Record<string, string> = {
  'tweet.fields': 'author_id,created_at,lang,entities,public_metrics,conversation_id,in_reply_to_user_id,referenced_tweets,possibly_sensitive',
  expansions: 'author_id',
  'user.fields': 'username,name,created_at,verified,public_metrics,profile_image_url',
};
