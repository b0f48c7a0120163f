// What a listening source's reply client is given and must do: say whether the source's credentials
// can post at all (a read-only key cannot), and post one reply to one stored post through the
// platform's API, answering the platform's id for it.
import type { ReplyHttp } from './reply-http.js';

/** The configured source a mention came from, with its credentials opened. */
export type ReplySource = {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
};

/** A stored post (a mention) as a reply needs it: its id at the platform and what its source recorded. */
export type ReplyPost = {
  externalId: string;
  channel: string | null;
  authorHandle: string | null;
  data: Record<string, unknown>;
};

export type ReplyRequest = {
  /** Our message id, stable across retries: sent where the platform de-duplicates (Idempotency-Key) */
  messageId: string;
  /** When the agent wrote it (Bluesky makes the record key from it, the same on every retry) */
  createdAt: Date;
  text: string;
  /** The post answered */
  parent: ReplyPost;
  /** The first post of its thread when it is not the parent and is known */
  root: ReplyPost | null;
};

export interface SourceReplyClient {
  readonly sourceType: string;
  /** Why this source cannot post replies (and what to add so it can), or null when it can */
  cannotReply(source: ReplySource): string | null;
  /** Posts the reply; answers the platform's id of the new post. Failures are ChannelSendErrors. */
  reply(source: ReplySource, request: ReplyRequest, http: ReplyHttp): Promise<string>;
}

export const stringField = (data: Record<string, unknown>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
