// Statuses from Mastodon's documentation and a real boost (test/fixtures/listening/mastodon) as
// IncomingPosts. Expected values are read from the payloads.
import { describe, expect, it } from 'vitest';
import { incomingPostSchema } from '../../pipeline/incoming.js';
import { mastodonFixtureJson, mastodonStreamStatuses } from './mastodon-fixtures.js';
import { mastodonContentToText, mastodonStatusSchema, statusToPost, statusesToPosts } from './mastodon-status.js';

const toPost = (raw: unknown, host = 'mastodon.social') => statusToPost(mastodonStatusSchema.parse(raw), host);

describe('statusToPost', () => {
  it('maps the Status entity example: URI as id, paragraphs and the full link as text, the card link, the author as user@instance', () => {
    const post = toPost(mastodonFixtureJson('status-entity-example.json'));
    expect(post).toEqual({
      externalId: 'https://mastodon.social/users/Gargron/statuses/103270115826048975',
      text: '"I lost my inheritance with one wrong digit on my sort code"\n\nhttps://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code',
      title: undefined,
      url: 'https://mastodon.social/@Gargron/103270115826048975',
      links: ['https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code'],
      lang: 'en',
      channel: 'mastodon',
      publishedAt: '2019-12-08T03:48:33.901Z',
      author: {
        handle: 'Gargron@mastodon.social',
        externalId: 'Gargron@mastodon.social',
        name: 'Eugen',
        followers: 322930,
        following: 459,
        profileUrl: 'https://mastodon.social/@Gargron',
        avatarUrl: 'https://files.mastodon.social/accounts/avatars/000/000/001/original/d96d39a0abb45b92.jpg',
        accountCreatedAt: '2016-03-16T14:34:26.392Z',
        defaultAvatar: false,
      },
      data: {
        statusId: '103270115826048975',
        instance: 'mastodon.social',
        visibility: 'public',
        sensitive: false,
        spoilerText: '',
        inReplyToId: null,
        repliesCount: 5,
        reblogsCount: 6,
        favouritesCount: 11,
        editedAt: null,
        bot: false,
        tags: [],
      },
    });
    expect(incomingPostSchema.safeParse(post).success).toBe(true);
  });

  it('maps a boost to the boosted status: its URI, its remote bot author, its language and counts', () => {
    const post = toPost(mastodonFixtureJson('status-boost.json'), 'test.website.egg');
    expect(post).toMatchObject({
      externalId: 'https://botsin.space/users/tmnt/statuses/103139477824897157',
      url: 'https://botsin.space/@tmnt/103139477824897157',
      text: 'Happy, Horny, Gay and Sassy\nhttps://en.wikipedia.org/wiki/Happy%2C_Horny%2C_Gay_and_Sassy',
      lang: 'mg',
      publishedAt: '2019-11-15T02:05:36.000Z',
      author: { handle: 'tmnt@botsin.space', name: 'Wiki Titles Singable to TMNT', followers: 135, following: 1, profileUrl: 'https://botsin.space/@tmnt' },
      data: { statusId: '103139477977906929', bot: true, repliesCount: 1, reblogsCount: 11, favouritesCount: 0, boostedBy: 'BestGirlGrace@test.website.egg' },
    });
    // The anchor's href and the preview card's URL differ in their escaping: both are kept.
    expect(post?.links).toEqual(['https://en.wikipedia.org/wiki/Happy%2C_Horny%2C_Gay_and_Sassy', 'https://en.wikipedia.org/wiki/Happy,_Horny,_Gay_and_Sassy']);
  });

  it('collapses a boost and the boosted status into one post', () => {
    const boost = mastodonFixtureJson('status-boost.json');
    const posts = statusesToPosts([boost, boost.reblog], 'test.website.egg');
    expect(posts.map((post) => post.externalId)).toEqual(['https://botsin.space/users/tmnt/statuses/103139477824897157']);
  });

  it('skips statuses that are not public (an unlisted reply)', () => {
    const [unlisted] = mastodonStreamStatuses('streaming-other-events.txt');
    expect(unlisted?.visibility).toBe('unlisted');
    expect(toPost(unlisted)).toBeNull();
  });

  it('keeps hashtags as #words, paragraphs as blank lines and drops hashtag links from links', () => {
    const edited = mastodonStreamStatuses('streaming-hashtag.txt')[1];
    const post = toPost(edited);
    expect(post?.text).toBe(
      "#musicTuesday\n\nHere's a solo #piano track of mine called Gravity Assist\n\n#neoclassical (#jazz ish)\n\nhttps://cstudios.bandcamp.com/track/celestia-gravity-assist-no-19-var-2",
    );
    expect(post?.links).toEqual(['https://cstudios.bandcamp.com/track/celestia-gravity-assist-no-19-var-2']);
    expect(post?.author?.handle).toBe('chrismo@ruby.social');
    expect(post?.data).toMatchObject({ editedAt: '2022-11-15T16:10:43.000Z', tags: ['MUSICTUESDAY', 'piano', 'neoclassical', 'jazz'] });
  });

  it('writes a mention as the full acct of the mentioned account', () => {
    const [reply] = mastodonStreamStatuses('streaming-other-events.txt');
    const status = mastodonStatusSchema.parse(reply);
    expect(mastodonContentToText(status.content ?? '', status.mentions ?? [])).toBe('@disarray@pl.nulled.red glad i was able to help');
    // Without the mentions array the anchor's own text is kept.
    expect(mastodonContentToText(status.content ?? '')).toBe('@disarray glad i was able to help');
  });

  it("recognizes Mastodon's default avatar and gives a local account the instance's domain", () => {
    const edit = mastodonStreamStatuses('streaming-other-events.txt')[2];
    const post = toPost(edit, 'mastodon.local');
    expect(post?.author).toMatchObject({ handle: 'admin@mastodon.local', name: undefined, defaultAvatar: true, followers: 0 });
    expect(post?.text).toBe('edited');
  });

  it('keeps a remote status in another script as it is', () => {
    const remote = mastodonStreamStatuses('streaming-other-events.txt')[1];
    const post = toPost(remote);
    expect(post?.author?.handle).toBe('aiueohisama@mstdn.jp');
    expect(post?.text).toBe('処女の子が「処女だからキモい絡み方しちゃうかもだけど許して🥺」なんて言ってるのわたしは見たことない、童貞の甘えだよそれは 嫌われたくないなら最低限のマナーくらい身につけた方がいい');
    expect(post?.author?.name).toBe('💎🌻陽菜💙💛');
  });
});
