// A public post as it enters the listening pipeline, from any source: the HTTP API, a source driver,
// the demo or a benchmark. Only externalId and text are required.
import { z } from 'zod';

export const incomingAuthorSchema = z.object({
  handle: z.string().trim().min(1).max(300).optional().describe('Handle without the leading @'),
  externalId: z.string().trim().min(1).max(300).optional().describe("The platform's id of the author (user id, DID…)"),
  name: z.string().trim().max(300).optional(),
  followers: z.number().int().min(0).optional(),
  following: z.number().int().min(0).optional(),
  verified: z.boolean().optional(),
  profileUrl: z.string().max(2000).optional(),
  avatarUrl: z.string().max(2000).optional(),
  accountCreatedAt: z.iso.datetime({ offset: true }).optional(),
  postsPerHour: z.number().min(0).optional(),
  defaultAvatar: z.boolean().optional(),
});

export const incomingPostSchema = z.object({
  externalId: z.string().trim().min(1).max(500).describe("The post's id at its source; a post delivered twice is stored once"),
  text: z.string().max(100_000),
  title: z.string().max(2000).optional(),
  url: z.string().max(4000).optional(),
  links: z.array(z.string().max(4000)).max(200).optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as "en"')
    .optional()
    .describe('ISO 639-1; detected when absent'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "us"')
    .optional(),
  channel: z.string().trim().min(1).max(50).optional().describe('The network or kind of site: twitter, mastodon, bluesky, reddit, youtube, news, blog, review…'),
  publishedAt: z.iso.datetime({ offset: true }).optional().describe('When it was published; the time it arrived when absent'),
  author: incomingAuthorSchema.optional(),
  data: z.record(z.string(), z.unknown()).optional().describe('Anything else the source knows (engagement counts, thread ids…), kept as is'),
});

export type IncomingPost = z.infer<typeof incomingPostSchema>;
export type IncomingAuthor = z.infer<typeof incomingAuthorSchema>;
