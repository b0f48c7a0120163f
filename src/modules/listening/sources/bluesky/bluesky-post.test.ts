// Bluesky post records (Jetstream) and postViews (AppView) from test/fixtures/listening/bluesky as
// IncomingPosts. Expected values are read from the payloads.
import { describe, expect, it } from 'vitest';
import { incomingPostSchema } from '../../pipeline/incoming.js';
import { appViewPosts, jetstreamMessages } from './bluesky-fixtures.js';
import { postRecordSchema, postRecordToPost, postViewSchema, postViewSortAt, postViewToPost } from './bluesky-post.js';

const [quotePost, linkPost, imagePost] = appViewPosts().map((raw) => postViewSchema.parse(raw));

describe('Bluesky posts', () => {
  it('maps a Jetstream post record: at:// URI, bsky.app link by DID, language, reply references', () => {
    const event = JSON.parse(jetstreamMessages('jetstream-jsonbench-events.jsonl')[0] ?? '{}') as { did: string; commit: { rkey: string; record: unknown } };
    const post = postRecordToPost(event.did, event.commit.rkey, postRecordSchema.parse(event.commit.record));
    expect(post).toEqual({
      externalId: 'at://did:plc:yj3sjq3blzpynh27cumnp5ks/app.bsky.feed.post/3lbhtyteurk2y',
      text: 'aaaaah.  LIght shines in a corner of WTF....',
      url: 'https://bsky.app/profile/did:plc:yj3sjq3blzpynh27cumnp5ks/post/3lbhtyteurk2y',
      links: undefined,
      lang: 'en',
      channel: 'bluesky',
      publishedAt: '2024-11-21T16:09:27.095Z',
      author: { externalId: 'did:plc:yj3sjq3blzpynh27cumnp5ks' },
      data: {
        replyParent: 'at://did:plc:6tr6tuzlx2db3rduzr2d6r24/app.bsky.feed.post/3lbhqo2rtys2z',
        replyRoot: 'at://did:plc:6tr6tuzlx2db3rduzr2d6r24/app.bsky.feed.post/3lbhqo2rtys2z',
        quoted: null,
      },
    });
    expect(incomingPostSchema.safeParse(post).success).toBe(true);
  });

  it('maps a postView with a link facet and an external embed: the link once, the author profile, the counts', () => {
    const post = postViewToPost(linkPost!);
    expect(post).toEqual({
      externalId: 'at://did:plc:4hsqiyuogfohtw5loto626ck/app.bsky.feed.post/3lbv5is6h6c2k',
      text: 'Every Reference In Kendrick Lamar’s “squabble up” Music Video\n\nwww.vibe.com/lists/kendri...',
      url: 'https://bsky.app/profile/did:plc:4hsqiyuogfohtw5loto626ck/post/3lbv5is6h6c2k',
      links: ['https://www.vibe.com/lists/kendrick-lamar-squabble-up-video-easter-eggs/'],
      lang: 'en',
      channel: 'bluesky',
      publishedAt: '2024-11-26T23:04:02.981Z',
      author: {
        externalId: 'did:plc:4hsqiyuogfohtw5loto626ck',
        handle: 'manusandhu.com',
        name: 'Manu Sandhu',
        avatarUrl: 'https://cdn.bsky.app/img/avatar/plain/did:plc:4hsqiyuogfohtw5loto626ck/bafkreif2nfoafynzomrp7jdjrqei36jtcaa54wqlmqnjvl7yaow7cphh5y@jpeg',
        profileUrl: 'https://bsky.app/profile/did:plc:4hsqiyuogfohtw5loto626ck',
        accountCreatedAt: '2024-11-12T05:31:25.402Z',
        defaultAvatar: false,
      },
      data: {
        replyParent: null,
        replyRoot: null,
        quoted: null,
        cid: 'bafyreifgttblhqxmug5te2iji2txrrchna4qw4wfct5kpxxvkt2pu2qtle',
        indexedAt: '2024-11-26T23:04:04.562Z',
        replyCount: 0,
        repostCount: 0,
        likeCount: 0,
        quoteCount: 0,
      },
    });
    expect(incomingPostSchema.safeParse(post).success).toBe(true);
  });

  it("maps a quote post: the quoted post's URI in data, not the quoted post's links", () => {
    const post = postViewToPost(quotePost!);
    expect(post?.data).toMatchObject({ quoted: 'at://did:plc:jmte4w4x7ukciit6lci6ziau/app.bsky.feed.post/3lbujtl5sgk2a', likeCount: 2, repostCount: 1, quoteCount: 1 });
    expect(post?.links).toBeUndefined();
    expect(post?.author).toMatchObject({ handle: 'kelliteration.bsky.social', name: 'Kelliteration 👑 ♌️' });
  });

  it('keeps the line breaks of a post with images and no links', () => {
    const post = postViewToPost(imagePost!);
    expect(post?.text).toBe(
      'Drake files second piece of legal action against UMG over Kendrick Lamar’s “Not Like Us.”\n\nHe accuses them of defamation and releasing a song falsely accusing him of being a sex offender.',
    );
    expect(post?.links).toBeUndefined();
  });

  it('files a post for search by the earlier of its creation and its indexing', () => {
    expect(postViewSortAt(linkPost!)).toBe('2024-11-26T23:04:02.981Z');
    expect(postViewSortAt(quotePost!)).toBe('2024-11-26T22:34:57.235Z');
  });
});
