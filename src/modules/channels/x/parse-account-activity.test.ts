// X Account Activity deliveries: the official documentation's examples and chatwoot's DM and tweet fixtures.
import { describe, expect, it } from 'vitest';
import { parseWebhook, WebhookParseError } from '../parse-webhook.js';
import { factoryBotHashes, webhookFixtureJson } from '../webhook-fixtures.js';

const docs = (name: string): unknown => webhookFixtureJson(`twitter_account_activity/x_developer_docs/${name}.json`);
const chatwoot = (file: string, factory: string): unknown => factoryBotHashes(`twitter_account_activity/chatwoot/${file}.rb`).get(factory);

describe('X Account Activity', () => {
  it('reads a DM with the sender from the users map (kept inside apps in the documentation) and the sorted id pair as thread', () => {
    expect(parseWebhook('x', 'x', docs('direct_message_events'))).toEqual([
      {
        kind: 'message',
        externalThreadId: '3001969357:4337869213',
        externalMessageId: '954491830116155396',
        visibility: 'private',
        sender: {
          identity: { channel: 'twitter', externalId: '3001969357', handle: 'furiouscamper', displayName: 'Jordan Brinks', followers: 22, profileUrl: 'https://x.com/furiouscamper' },
          name: 'Jordan Brinks',
        },
        text: 'Hello World!',
        attachments: [],
        replyToExternalId: null,
        occurredAt: new Date(1516403560557),
      },
    ]);
  });

  it('gives the same thread to both directions of a DM conversation and reads our own DMs as sent', () => {
    const dm = (id: string, from: string, to: string): unknown => ({
      for_user_id: '900',
      direct_message_events: [{ type: 'message_create', id, created_timestamp: '1700000000000', message_create: { sender_id: from, target: { recipient_id: to }, message_data: { text: 'hi' } } }],
    });
    expect(parseWebhook('x', 'x', dm('1', '10000', '900'))[0]).toMatchObject({ kind: 'message', externalThreadId: '900:10000' });
    expect(parseWebhook('x', 'x', dm('2', '900', '10000'))).toEqual([{ kind: 'status', externalMessageId: '2', status: 'sent', occurredAt: new Date(1700000000000) }]);
  });

  it('reads chatwoot DMs, with the image as an attachment', () => {
    expect(parseWebhook('x', 'x', chatwoot('twitter_message_create_event', 'twitter_message_create_event'))[0]).toMatchObject({
      kind: 'message',
      externalThreadId: '1:2',
      externalMessageId: '123',
      text: 'Blue Bird',
      attachments: [],
      sender: { identity: { channel: 'twitter', externalId: '2', displayName: 'person 1' } },
    });
    expect(parseWebhook('x', 'x', chatwoot('twitter_dm_image_event', 'twitter_dm_image_event'))[0]).toMatchObject({
      kind: 'message',
      text: 'Blue Bird',
      attachments: [{ name: 'DOhM30VVwAEpIHq.jpg', contentType: 'image/jpeg', size: 0, url: 'https://pbs.twimg.com/media/DOhM30VVwAEpIHq.jpg' }],
    });
  });

  it('reads a mention as a public message with the author’s handle and followers', () => {
    expect(parseWebhook('x', 'x', chatwoot('tweet_create_event', 'tweet_create_event'))).toEqual([
      {
        kind: 'message',
        externalThreadId: '1',
        externalMessageId: '1',
        visibility: 'public',
        sender: {
          identity: { channel: 'twitter', externalId: '2', handle: 'surveyjoyHQ', displayName: 'SurveyJoy', followers: 21, profileUrl: 'https://x.com/surveyjoyHQ' },
          name: 'SurveyJoy',
        },
        text: '@chatwootapp Testing a sample tweet with Twitter client',
        attachments: [],
        replyToExternalId: null,
        occurredAt: new Date('2020-02-05T08:39:31Z'),
        data: { url: 'https://x.com/surveyjoyHQ/status/1', inReplyToUserId: '1' },
      },
    ]);
  });

  it('threads a reply under the conversation root and reads the full text of long tweets', () => {
    const [event] = parseWebhook('x', 'x', {
      for_user_id: '900',
      tweet_create_events: [
        {
          id_str: '300',
          conversation_id_str: '100',
          in_reply_to_status_id_str: '200',
          timestamp_ms: '1700000000000',
          text: 'short…',
          extended_tweet: { full_text: 'the whole reply' },
          user: { id_str: '5', screen_name: 'ada', name: 'Ada', followers_count: 12000 },
        },
        { id_str: '301', user: { id_str: '900', screen_name: 'brand' }, timestamp_ms: '1700000000001', text: 'our answer' },
      ],
    });
    expect(event).toMatchObject({ externalThreadId: '100', externalMessageId: '300', replyToExternalId: '200', text: 'the whole reply', sender: { identity: { followers: 12000 } } });
  });

  it('reads read receipts as read statuses and keeps typing, deletes and revokes as unsupported', () => {
    expect(parseWebhook('x', 'x', docs('direct_message_mark_read_events'))).toEqual([{ kind: 'status', externalMessageId: '963085315333238788', status: 'read', occurredAt: new Date(1518452444662) }]);
    expect(parseWebhook('x', 'x', docs('direct_message_indicate_typing_events'))).toEqual([
      { kind: 'unsupported', type: 'x.direct_message_indicate_typing_events', reason: '1 activity item(s) Parley does not act on' },
    ]);
    expect(parseWebhook('x', 'x', docs('tweet_delete_events'))).toEqual([{ kind: 'unsupported', type: 'x.tweet_delete_events', reason: '1 activity item(s) Parley does not act on' }]);
    expect(parseWebhook('x', 'x', docs('user_event_revoke'))).toEqual([{ kind: 'unsupported', type: 'x.user_event', reason: '1 activity item(s) Parley does not act on' }]);
    expect(parseWebhook('x', 'x', { for_user_id: '1', favorite_events: [{}], follow_events: [{}] }).map((event) => event.kind === 'unsupported' && event.type)).toEqual([
      'x.favorite_events',
      'x.follow_events',
    ]);
  });

  it('refuses a body that is not an activity delivery', () => {
    expect(() => parseWebhook('x', 'x', { for_user_id: '1' })).toThrow(WebhookParseError);
    expect(() => parseWebhook('x', 'x', [])).toThrow(WebhookParseError);
  });
});
