// Replies on Bluesky: a session on the account's PDS (com.atproto.server.createSession with the
// handle and an app password, kept until shortly before its access token expires), then
// com.atproto.repo.createRecord of an app.bsky.feed.post whose reply holds strong refs ({uri, cid})
// to the thread's root and to the post answered. Cids the source did not record are read with
// app.bsky.feed.getPosts. The record key is a TID made from our message (its time and id), so a
// retried send writes the same record: when the PDS refuses it as existing, the stored one is it.
import { createHash } from 'node:crypto';
import { blueskyRetryAfterMs } from '../../listening/sources/bluesky/bluesky-xrpc.js';
import { ChannelSendError } from '../driver.js';
import { stringField, type ReplyPost, type ReplySource, type SourceReplyClient } from './reply-client.js';
import { endpoint, replyFailure, replyJson, replyRequest, type ReplyHttp } from './reply-http.js';

const PLATFORM = 'Bluesky';
export const DEFAULT_BLUESKY_PDS_URL = 'https://bsky.social';
/** Access tokens live about two hours; a session is reused for less than that. */
const SESSION_TTL_MS = 90 * 60_000;

const FAILURES = { resetMs: blueskyRetryAfterMs, credentialErrors: new Set(['AuthRequired', 'AuthMissing', 'ExpiredToken', 'InvalidToken', 'AuthenticationRequired']) };

type Session = { accessJwt: string; did: string; expiresAt: number };
const sessions = new Map<string, Session>();

const pdsUrlOf = (source: ReplySource): string =>
  source.credentials.pdsUrl ?? (typeof source.config.pdsUrl === 'string' ? source.config.pdsUrl : DEFAULT_BLUESKY_PDS_URL);

const sessionKey = (source: ReplySource) =>
  createHash('sha256').update(`${pdsUrlOf(source)}\n${source.credentials.handle}\n${source.credentials.appPassword}`).digest('hex');

async function createSession(source: ReplySource, http: ReplyHttp): Promise<Session> {
  const key = sessionKey(source);
  const cached = sessions.get(key);
  if (cached && cached.expiresAt > http.now()) return cached;
  const response = await replyRequest(
    http,
    endpoint(pdsUrlOf(source), '/xrpc/com.atproto.server.createSession'),
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ identifier: source.credentials.handle, password: source.credentials.appPassword }) },
    PLATFORM,
  );
  // A wrong app password is a 401 AuthenticationRequired: ask for new credentials.
  if (!response.ok) throw await replyFailure(response, PLATFORM, http, FAILURES);
  const body = (await replyJson(response, PLATFORM)) as { accessJwt?: unknown; did?: unknown };
  if (typeof body.accessJwt !== 'string' || typeof body.did !== 'string') throw new ChannelSendError('temporary', 'Bluesky answered a session without a token');
  const session = { accessJwt: body.accessJwt, did: body.did, expiresAt: http.now() + SESSION_TTL_MS };
  sessions.set(key, session);
  return session;
}

const TID_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

/** A TID (the record key of posts): 53 bits of microseconds since the epoch, then a 10-bit clock id, in base32-sortable. */
export function tidOf(timeMs: number, clockId: number): string {
  let value = (BigInt(Math.floor(timeMs)) * 1000n << 10n) | BigInt(clockId & 1023);
  let tid = '';
  for (let i = 0; i < 13; i++) {
    tid = TID_ALPHABET[Number(value & 31n)] + tid;
    value >>= 5n;
  }
  return tid;
}

type StrongRef = { uri: string; cid: string };

/** Strong refs of posts: cids the source recorded, the others read from the AppView through the PDS. */
async function strongRefs(posts: ReplyPost[], session: Session, source: ReplySource, http: ReplyHttp): Promise<Map<string, string>> {
  const cids = new Map<string, string>();
  const missing: string[] = [];
  for (const post of posts) {
    const cid = stringField(post.data, 'cid');
    if (cid) cids.set(post.externalId, cid);
    else missing.push(post.externalId);
  }
  if (missing.length === 0) return cids;
  const url = endpoint(pdsUrlOf(source), '/xrpc/app.bsky.feed.getPosts');
  for (const uri of new Set(missing)) url.searchParams.append('uris', uri);
  const response = await replyRequest(http, url, { headers: { authorization: `Bearer ${session.accessJwt}`, accept: 'application/json' } }, PLATFORM);
  if (!response.ok) throw await replyFailure(response, PLATFORM, http, FAILURES);
  const body = (await replyJson(response, PLATFORM)) as { posts?: { uri?: unknown; cid?: unknown }[] };
  for (const post of body.posts ?? []) if (typeof post.uri === 'string' && typeof post.cid === 'string') cids.set(post.uri, post.cid);
  return cids;
}

async function existingRecord(session: Session, rkey: string, source: ReplySource, http: ReplyHttp): Promise<string | null> {
  const url = endpoint(pdsUrlOf(source), '/xrpc/com.atproto.repo.getRecord');
  url.searchParams.set('repo', session.did);
  url.searchParams.set('collection', 'app.bsky.feed.post');
  url.searchParams.set('rkey', rkey);
  const response = await replyRequest(http, url, { headers: { authorization: `Bearer ${session.accessJwt}`, accept: 'application/json' } }, PLATFORM);
  if (!response.ok) return null;
  const body = (await replyJson(response, PLATFORM)) as { uri?: unknown };
  return typeof body.uri === 'string' ? body.uri : null;
}

async function post(source: ReplySource, request: Parameters<SourceReplyClient['reply']>[1], http: ReplyHttp, session: Session): Promise<string> {
  const parentUri = request.parent.externalId;
  const rootUri = stringField(request.parent.data, 'replyRoot') ?? parentUri;
  const root: ReplyPost = request.root?.externalId === rootUri ? request.root : rootUri === parentUri ? request.parent : { externalId: rootUri, channel: 'bluesky', authorHandle: null, data: {} };
  const cids = await strongRefs([request.parent, root], session, source, http);
  const ref = (uri: string): StrongRef => {
    const cid = cids.get(uri);
    if (!cid) throw new ChannelSendError('permanent', `Bluesky does not know the post ${uri} any more (deleted?): there is nothing to reply to.`);
    return { uri, cid };
  };
  const reply = { root: ref(rootUri), parent: ref(parentUri) };
  const rkey = tidOf(request.createdAt.getTime(), Number(request.messageId) || 0);
  const response = await replyRequest(
    http,
    endpoint(pdsUrlOf(source), '/xrpc/com.atproto.repo.createRecord'),
    {
      method: 'POST',
      headers: { authorization: `Bearer ${session.accessJwt}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        repo: session.did,
        collection: 'app.bsky.feed.post',
        rkey,
        record: { $type: 'app.bsky.feed.post', text: request.text, createdAt: new Date(http.now()).toISOString(), reply },
      }),
    },
    PLATFORM,
  );
  if (!response.ok) {
    const failure = await replyFailure(response, PLATFORM, http, FAILURES);
    // A send retried after the PDS stored it but before we heard back: the record is there.
    if (failure.kind === 'permanent') {
      const stored = await existingRecord(session, rkey, source, http);
      if (stored) return stored;
    }
    throw failure;
  }
  const body = (await replyJson(response, PLATFORM)) as { uri?: unknown };
  if (typeof body.uri !== 'string') throw new ChannelSendError('temporary', 'Bluesky answered a record without a uri');
  return body.uri;
}

export const blueskyReplyClient: SourceReplyClient = {
  sourceType: 'bluesky',
  cannotReply(source) {
    if (source.credentials.handle && source.credentials.appPassword) return null;
    const reads = typeof source.config.query === 'string' ? 'searches Bluesky' : 'reads the public firehose';
    return `The Bluesky source "${source.name}" ${reads}; add a handle and an app password to reply.`;
  },
  async reply(source, request, http) {
    const session = await createSession(source, http);
    try {
      return await post(source, request, http, session);
    } catch (error) {
      // An access token revoked or expired early: one more try with a new session.
      if (!(error instanceof ChannelSendError) || error.kind !== 'credentials') throw error;
      sessions.delete(sessionKey(source));
      return post(source, request, http, await createSession(source, http));
    }
  },
};
