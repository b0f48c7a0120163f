// Messenger (Page) and Instagram webhooks: botbuilder-dotnet's Page payloads, chatwoot's Instagram entries, and
// shapes from Meta's webhook reference (reactions, deliveries, postbacks, feed and comment changes) written inline.
import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../inbound.js';
import { parseWebhook, WebhookParseError } from '../parse-webhook.js';
import { factoryBotHashes, webhookFixtureFiles, webhookFixtureJson } from '../webhook-fixtures.js';

const botbuilder = 'messenger/botbuilder-dotnet/';
const page = (messaging: unknown[], extra: Record<string, unknown> = {}): unknown => ({ object: 'page', entry: [{ id: 'PAGE', time: 1_700_000_000_000, messaging, ...extra }] });
const user = { sender: { id: 'PSID' }, recipient: { id: 'PAGE' }, timestamp: 1_700_000_001_000 };

describe('Messenger Page webhooks (botbuilder-dotnet fixtures)', () => {
  it('reads a text message with its sender, page-scoped thread and time', () => {
    expect(parseWebhook('meta', 'messenger', webhookFixtureJson(`${botbuilder}Payload.json`))).toEqual([
      {
        kind: 'message',
        externalThreadId: '0:0',
        externalMessageId: 'AAAA-BBBB-CCCC',
        visibility: 'private',
        sender: { identity: { channel: 'facebook', externalId: '0' } },
        text: 'text',
        attachments: [],
        replyToExternalId: null,
        // A toy timestamp (2222222); real ones are epoch milliseconds, checked with the next file.
        occurredAt: expect.any(Date) as Date,
      },
    ]);
    const [event] = parseWebhook('meta', 'messenger', webhookFixtureJson(`${botbuilder}RequestResponse.json`));
    expect(event).toMatchObject({ kind: 'message', externalThreadId: '123123123:123123123', text: 'asd', occurredAt: new Date(1570649960249) });
  });

  it('reads the messaging item next to standby items and keeps the empty standby ones as unsupported', () => {
    const events = parseWebhook('meta', 'messenger', webhookFixtureJson(`${botbuilder}PayloadWithStandby.json`));
    expect(events[0]).toMatchObject({ kind: 'message', externalThreadId: 'page1:0', externalMessageId: 'AAAA-BBBB-CCCC', text: 'text' });
    expect(events.slice(1)).toEqual([
      { kind: 'unsupported', type: 'messenger.standby', reason: 'item with no event' },
      { kind: 'unsupported', type: 'messenger.standby', reason: 'item with no event' },
    ]);
  });

  it('keeps handover and standalone referrals as unsupported with their type', () => {
    const type = (file: string): string[] => parseWebhook('meta', 'messenger', webhookFixtureJson(`${botbuilder}${file}`)).map((event) => (event.kind === 'unsupported' ? event.type : event.kind));
    expect(type('PayloadWithPassThreadControl.json')).toEqual(['messenger.pass_thread_control']);
    expect(type('PayloadWithTakeThreadControl.json')).toEqual(['messenger.take_thread_control']);
    expect(type('PayloadWithRequestThreadControl.json')).toEqual(['messenger.request_thread_control']);
    const [referral] = parseWebhook('meta', 'messenger', webhookFixtureJson(`${botbuilder}PayloadWithReferral.json`));
    expect(referral).toEqual({ kind: 'unsupported', type: 'messenger.referral', reason: 'referral SHORTLINK USER_DEFINED_REFERRAL_PARAM without a message' });
  });

  it('refuses the adapter-internal and Send API shapes, which are not webhooks', () => {
    for (const file of ['Activities.json', 'FacebookMessages.json', ...webhookFixtureFiles(botbuilder, '.json').filter((name) => name.includes('outgoing_')).map((name) => name.slice(botbuilder.length))]) {
      expect(() => parseWebhook('meta', 'messenger', webhookFixtureJson(`${botbuilder}${file}`)), file).toThrow(WebhookParseError);
    }
  });

  it("reads the adapter's messaging items once in a Page envelope: text, three images, a postback, an opt-in", () => {
    const items = webhookFixtureJson(`${botbuilder}FacebookMessages.json`) as unknown[];
    const events = items.map((item) => parseWebhook('meta', 'messenger', page([item])));
    // The first item has no event at all; the adapter's messages have no mid, the last not even a sender.
    expect(events[0]).toEqual([{ kind: 'unsupported', type: 'messenger.messaging', reason: 'item with no event' }]);
    expect(events[1]).toEqual([{ kind: 'unsupported', type: 'messenger.optin', reason: 'opt-in (send-to-Messenger or notification request)' }]);
    expect(events[2]?.[0]).toMatchObject({ kind: 'unsupported', type: 'messenger.message' });
    expect(events[5]).toEqual([{ kind: 'unsupported', type: 'messenger.message', reason: 'message without a sender or message id' }]);
    expect(events[4]).toEqual([
      {
        kind: 'message',
        externalThreadId: 'PAGE:123123123',
        externalMessageId: 'postback:123123123:1570625343690',
        visibility: 'private',
        sender: { identity: { channel: 'facebook', externalId: '123123123' } },
        text: 'Say Hello',
        attachments: [],
        replyToExternalId: null,
        occurredAt: new Date(1570625343690),
        data: { postback: 'Hello button' },
      },
    ]);
    // With message ids (as Meta sends them) the text and image messages are read in full.
    const withMid = (index: number, mid: string): unknown => ({ ...(items[index] as object), message: { ...((items[index] as { message: object }).message), mid } });
    const [text] = parseWebhook('meta', 'messenger', page([withMid(2, 'm.text')]));
    expect(text).toMatchObject({ kind: 'message', externalMessageId: 'm.text', text: 'Test Hi!', attachments: [] });
    const [images] = parseWebhook('meta', 'messenger', page([withMid(3, 'm.images')]));
    expect(images).toMatchObject({ kind: 'message', text: '', attachments: Array.from({ length: 3 }, () => ({ contentType: 'image/jpeg', size: 0, url: 'http://mockedtesturl.com/' })) });
  });
});

describe('Messenger events from the webhook reference', () => {
  it('reads quick replies, replies, attachments and a referral on a message', () => {
    const [event] = parseWebhook(
      'meta',
      'messenger',
      page([
        {
          ...user,
          message: {
            mid: 'm.1',
            text: 'Red please',
            quick_reply: { payload: 'COLOR_RED' },
            reply_to: { mid: 'm.0' },
            referral: { ref: 'spring', source: 'ADS', type: 'OPEN_THREAD', ad_id: '42' },
            attachments: [
              { type: 'file', payload: { url: 'https://cdn.example/doc/terms.pdf?x=1' } },
              { type: 'fallback', payload: { url: 'https://shop.example/item' }, title: 'Item' },
            ],
          },
        },
      ]),
    );
    expect(event).toEqual({
      kind: 'message',
      externalThreadId: 'PAGE:PSID',
      externalMessageId: 'm.1',
      visibility: 'private',
      sender: { identity: { channel: 'facebook', externalId: 'PSID' } },
      text: 'Red please',
      attachments: [{ name: 'terms.pdf', contentType: 'application/octet-stream', size: 0, url: 'https://cdn.example/doc/terms.pdf?x=1' }],
      replyToExternalId: 'm.0',
      occurredAt: new Date(1_700_000_001_000),
      data: { quickReply: 'COLOR_RED', referral: { ref: 'spring', source: 'ADS', type: 'OPEN_THREAD', ad_id: '42' }, sharedLinks: ['https://shop.example/item'] },
    });
  });

  it('turns echoes, deliveries, reads, reactions and edits into status, reaction and edit events', () => {
    const events = parseWebhook(
      'meta',
      'messenger',
      page([
        { sender: { id: 'PAGE' }, recipient: { id: 'PSID' }, timestamp: 1_700_000_002_000, message: { mid: 'm.ours', is_echo: true, app_id: 1, text: 'Hi' } },
        { ...user, delivery: { mids: ['m.a', 'm.b'], watermark: 1_700_000_000_000 } },
        { ...user, read: { watermark: 1_700_000_000_000 } },
        { ...user, reaction: { mid: 'm.ours', action: 'react', emoji: '❤️', reaction: 'love' } },
        { ...user, reaction: { mid: 'm.ours', action: 'unreact' } },
        { ...user, message_edit: { mid: 'm.1', text: 'Red, please', num_edit: 1 } },
      ]),
    );
    const at = new Date(1_700_000_001_000);
    expect(events).toEqual([
      { kind: 'status', externalMessageId: 'm.ours', status: 'sent', occurredAt: new Date(1_700_000_002_000) },
      { kind: 'status', externalMessageId: 'm.a', status: 'delivered', occurredAt: at },
      { kind: 'status', externalMessageId: 'm.b', status: 'delivered', occurredAt: at },
      { kind: 'unsupported', type: 'messenger.read', reason: 'read watermark 1700000000000 without message ids' },
      { kind: 'reaction', externalMessageId: 'm.ours', emoji: '❤️', occurredAt: at, senderExternalId: 'PSID' },
      { kind: 'reaction', externalMessageId: 'm.ours', emoji: null, occurredAt: at, senderExternalId: 'PSID' },
      { kind: 'edit', externalMessageId: 'm.1', text: 'Red, please', occurredAt: at },
    ]);
  });

  it('reads Page comments as public messages on the post, our own comments as sent, and edits', () => {
    const comment = (value: Record<string, unknown>): unknown => ({ object: 'page', entry: [{ id: 'PAGE', time: 1_700_000_000, changes: [{ field: 'feed', value }] }] });
    const base = { item: 'comment', post_id: 'PAGE_POST', comment_id: 'PAGE_POST_C2', created_time: 1_700_000_100, message: 'Where is my order?' };
    expect(parseWebhook('meta', 'messenger', comment({ ...base, verb: 'add', parent_id: 'PAGE_POST_C1', from: { id: 'U1', name: 'Ada Lovelace' } }))).toEqual([
      {
        kind: 'message',
        externalThreadId: 'PAGE_POST',
        externalMessageId: 'PAGE_POST_C2',
        visibility: 'public',
        sender: { identity: { channel: 'facebook', externalId: 'U1', displayName: 'Ada Lovelace' }, name: 'Ada Lovelace' },
        text: 'Where is my order?',
        attachments: [],
        replyToExternalId: 'PAGE_POST_C1',
        occurredAt: new Date(1_700_000_100_000),
        data: { postId: 'PAGE_POST' },
      },
    ]);
    expect(parseWebhook('meta', 'messenger', comment({ ...base, verb: 'add', parent_id: 'PAGE_POST', from: { id: 'U1' } }))[0]).toMatchObject({ replyToExternalId: null });
    expect(parseWebhook('meta', 'messenger', comment({ ...base, verb: 'add', from: { id: 'PAGE', name: 'Brand' } }))).toEqual([
      { kind: 'status', externalMessageId: 'PAGE_POST_C2', status: 'sent', occurredAt: new Date(1_700_000_100_000) },
    ]);
    expect(parseWebhook('meta', 'messenger', comment({ ...base, verb: 'edited', from: { id: 'U1' }, message: 'Found it' }))).toEqual([
      { kind: 'edit', externalMessageId: 'PAGE_POST_C2', text: 'Found it', occurredAt: new Date(1_700_000_100_000) },
    ]);
    expect(parseWebhook('meta', 'messenger', comment({ item: 'reaction', verb: 'add', post_id: 'PAGE_POST', reaction_type: 'like' }))).toEqual([
      { kind: 'unsupported', type: 'facebook.feed.reaction.add', reason: 'only comments become conversations' },
    ]);
  });
});

describe('Instagram webhooks (chatwoot entries)', () => {
  const factories = factoryBotHashes('instagram/chatwoot/instagram_message_create_event.rb');
  const parse = (name: string): InboundEvent[] => {
    const factory = factories.get(name);
    if (!factory) throw new Error(`no factory ${name}`);
    return parseWebhook('meta', 'instagram', { object: 'instagram', ...factory });
  };
  const person = { identity: { channel: 'instagram', externalId: 'Sender-id-1' } };

  it('has the nine entries of the file', () => expect(factories.size).toBe(9));

  it('reads text, standby, story replies, story mentions and shares', () => {
    expect(parse('instagram_message_create_event')).toEqual([
      {
        kind: 'message',
        externalThreadId: 'instagram-message-id-123:Sender-id-1',
        externalMessageId: 'message-id-1',
        visibility: 'private',
        sender: person,
        text: 'This is the first message from the customer',
        attachments: [],
        replyToExternalId: null,
        occurredAt: new Date('2021-09-08T06:34:04Z'),
      },
    ]);
    expect(parse('instagram_message_standby_event')[0]).toMatchObject({ kind: 'message', text: 'This is the first standby message from the customer, after 24 hours.', data: { standby: true } });
    expect(parse('instagram_story_reply_event')[0]).toMatchObject({ text: 'This is the story reply', data: { storyReply: { id: 'chatwoot-app-user-id-1', url: 'https://chatwoot-assets.local/sample.png' } } });
    expect(parse('instagram_test_text_event')).toEqual([expect.objectContaining({ externalThreadId: '0:12334', externalMessageId: 'random_mid', text: 'random_text', occurredAt: new Date(1527459824 * 1000) })]);
    expect(parse('instagram_message_attachment_event')[0]).toMatchObject({
      externalThreadId: 'instagram-message-id-1234:Sender-id-1',
      text: '',
      attachments: [{ name: 'test.jpeg', contentType: 'image/jpeg', size: 0, url: 'https://www.example.com/test.jpeg' }],
    });
    expect(parse('instagram_story_mention_event')[0]).toMatchObject({
      attachments: [{ url: 'https://www.example.com/test.jpeg' }],
      data: { storyMention: { url: 'https://www.example.com/test.jpeg' } },
    });
  });

  it('reads echoes as sent, reads as read and keeps an unsent message as unsupported', () => {
    expect(parse('instagram_story_mention_event_with_echo')).toEqual([{ kind: 'status', externalMessageId: 'message-id-1', status: 'sent', occurredAt: new Date('2021-09-08T06:34:04Z') }]);
    expect(parse('messaging_seen_event')).toEqual([{ kind: 'status', externalMessageId: 'message-id-1', status: 'read', occurredAt: new Date('2021-09-08T06:34:04Z') }]);
    expect(parse('instagram_message_unsend_event')).toEqual([{ kind: 'unsupported', type: 'instagram.message_deleted', reason: 'the person unsent message message-id-to-delete' }]);
  });

  it('reads comments on the account’s media as public messages on the media', () => {
    const body = {
      object: 'instagram',
      entry: [
        {
          id: 'IGACCOUNT',
          time: 1_700_000_000,
          changes: [
            { field: 'comments', value: { id: 'C9', text: 'Love it @brand', from: { id: 'IGSID', username: 'grace' }, media: { id: 'MEDIA1', media_product_type: 'FEED' } } },
            { field: 'comments', value: { id: 'C10', text: 'Thanks!', parent_id: 'C9', from: { id: 'IGACCOUNT', username: 'brand' }, media: { id: 'MEDIA1' } } },
            { field: 'mentions', value: { media_id: 'MEDIA2', comment_id: 'C11' } },
          ],
        },
      ],
    };
    expect(parseWebhook('meta', 'instagram', body)).toEqual([
      {
        kind: 'message',
        externalThreadId: 'MEDIA1',
        externalMessageId: 'C9',
        visibility: 'public',
        sender: { identity: { channel: 'instagram', externalId: 'IGSID', handle: 'grace', profileUrl: 'https://www.instagram.com/grace' } },
        text: 'Love it @brand',
        attachments: [],
        replyToExternalId: null,
        occurredAt: new Date(1_700_000_000_000),
        data: { mediaId: 'MEDIA1', mediaProductType: 'FEED' },
      },
      { kind: 'status', externalMessageId: 'C10', status: 'sent', occurredAt: new Date(1_700_000_000_000) },
      { kind: 'unsupported', type: 'instagram.mentions', reason: 'the account was @mentioned in media MEDIA2; the mention is fetched, not pushed' },
    ]);
  });
});
