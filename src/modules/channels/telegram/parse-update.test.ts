// Telegram updates from TelegramBots' test resources (webhook updates and getUpdates responses).
import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../inbound.js';
import { parseWebhook, WebhookParseError } from '../parse-webhook.js';
import { webhookFixtureJson } from '../webhook-fixtures.js';

const fixture = (name: string): unknown => webhookFixtureJson(`telegram_bot_api/TelegramBots/${name}.json`);
const parse = (name: string): InboundEvent[] => parseWebhook('telegram', 'telegram', fixture(name));
const kinds = (events: InboundEvent[]): string[] => events.map((event) => (event.kind === 'unsupported' ? event.type : event.kind));

describe('Telegram updates', () => {
  it('reads a message with its sender, reply, forward and files, then the edit, callback and inline updates of Update.json', () => {
    const events = parse('resources/Update');
    expect(kinds(events)).toEqual(['message', 'edit', 'telegram.inline_query', 'telegram.chosen_inline_result', 'message']);
    expect(events[0]).toEqual({
      kind: 'message',
      externalThreadId: '1111111',
      externalMessageId: '1111111:1365',
      visibility: 'private',
      sender: {
        identity: { channel: 'telegram', externalId: '1111111', handle: 'Testusername', displayName: 'Test Firstname Test Lastname', profileUrl: 'https://t.me/Testusername' },
        name: 'Test Firstname Test Lastname',
      },
      text: 'Bold and italics',
      attachments: [
        { name: 'Testfile.pdf', contentType: 'application/pdf', size: 536392, url: 'telegram-file:AwADBAADbXXXXXXXXXXXGBdhD2l6_XX' },
        { name: 'Testmusicfile', contentType: 'audio/mpeg', size: 3897500, url: 'telegram-file:AwADBAADbXXXXXXXXXXXGBdhD2l6_XX' },
        { name: 'voice.ogg', contentType: 'audio/ogg', size: 23000, url: 'telegram-file:AwADBAADbXXXXXXXXXXXGBdhD2l6_XX' },
      ],
      replyToExternalId: '1111112:1334',
      occurredAt: new Date(1441645532 * 1000),
      data: { chatType: 'private', forwarded: true },
    });
    expect(events[1]).toEqual({ kind: 'edit', externalMessageId: '-10000000000:1365', text: 'Edited text', occurredAt: new Date(1441646600 * 1000) });
    expect(events[4]).toMatchObject({
      kind: 'message',
      externalThreadId: '1111111',
      externalMessageId: 'callback:4382bfdwdsb323b2d9',
      text: 'Data from button callback',
      data: { callbackData: 'Data from button callback', inlineMessageId: '1234csdbsk4839' },
    });
  });

  it('reads getUpdates responses: commands, photos (largest size), voice and documents', () => {
    const events = parse('extracted_testListUpdates2');
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({ kind: 'message', externalThreadId: '12345678', externalMessageId: '12345678:101', text: '/start', data: { command: '/start' } });
    const [photo, voice, , document] = events.slice(2);
    expect(photo).toMatchObject({ kind: 'message', attachments: [{ contentType: 'image/jpeg', url: expect.stringMatching(/^telegram-file:/) as string }] });
    const photoSizes = ((fixture('extracted_testListUpdates2') as { result: { message: { photo?: { file_id: string }[] } }[] }).result[2]?.message.photo ?? []).map((size) => size.file_id);
    expect(photo?.kind === 'message' && photo.attachments[0]?.url).toBe(`telegram-file:${photoSizes.at(-1)}`);
    expect(voice).toMatchObject({ kind: 'message', attachments: [{ contentType: 'audio/ogg' }] });
    expect(document).toMatchObject({ kind: 'message', attachments: [{ url: expect.stringMatching(/^telegram-file:/) as string }] });
  });

  it('reads stickers, contacts, polls, locations and replies, and live-location edits and service messages as unsupported', () => {
    const events = parse('extracted_testListUpdates3');
    expect(events).toHaveLength(47);
    const messages = events.filter((event) => event.kind === 'message');
    const sticker = messages.find((event) => event.kind === 'message' && event.data?.sticker);
    expect(sticker).toMatchObject({ text: '🤬', attachments: [{ contentType: 'application/x-tgsticker', size: 13187, url: 'telegram-file:FILEID' }], data: { sticker: { emoji: '🤬', setName: 'ShadowKitty' } } });
    const contact = messages.find((event) => event.kind === 'message' && event.data?.contact);
    expect(contact).toMatchObject({ data: { contact: { phone: expect.any(String) as string } } });
    const location = messages.find((event) => event.kind === 'message' && event.data?.location);
    expect(location).toMatchObject({ text: expect.stringMatching(/^-?\d+(\.\d+)?, -?\d+(\.\d+)?$/) as string });
    const reply = messages.find((event) => event.kind === 'message' && event.replyToExternalId);
    expect(reply).toMatchObject({ externalThreadId: '-10011869112345', externalMessageId: '-10011869112345:12', replyToExternalId: '-10011869112345:11', visibility: 'public' });
    expect(kinds(events)).toContain('telegram.message.new_chat_members');
    expect(kinds(events)).toContain('telegram.edited_message.location');
    expect(events.find((event) => event.kind === 'edit')).toMatchObject({ text: expect.any(String) as string });
  });

  it('keeps service messages and poll answers as unsupported', () => {
    expect(kinds(parse('extracted_testListUpdatesVoiceChat'))).toEqual([
      'telegram.message.group_chat_created',
      'telegram.message.migrate_to_chat_id',
      'telegram.message.video_chat_started',
      'telegram.message.video_chat_participants_invited',
      'telegram.message.video_chat_ended',
    ]);
    expect(kinds(parse('extracted_testDeserializationMessageAutodeleteChanged'))).toEqual(['telegram.message.message_auto_delete_timer_changed']);
    expect(kinds(parse('extracted_testDeserializationPollAnswer'))).toEqual(['telegram.poll_answer']);
    expect(kinds(parse('resources/update-with-write-access-allowed-for-webapp'))).toEqual(['telegram.message.write_access_allowed']);
    expect(kinds(parse('resources/ResponseWithoutError'))).toEqual(['message', 'edit', 'telegram.inline_query', 'telegram.chosen_inline_result', 'message']);
  });

  it('reads a channel post as public, spoken by the channel', () => {
    const [event] = parseWebhook('telegram', 'telegram', {
      update_id: 1,
      channel_post: { message_id: 7, date: 1700000000, chat: { id: -1001, type: 'channel', title: 'News', username: 'news' }, sender_chat: { id: -1001, type: 'channel', title: 'News', username: 'news' }, text: 'Launch day' },
    });
    expect(event).toMatchObject({
      kind: 'message',
      externalThreadId: '-1001',
      externalMessageId: '-1001:7',
      visibility: 'public',
      subject: 'News',
      sender: { identity: { channel: 'telegram', externalId: '-1001', handle: 'news', displayName: 'News' } },
      text: 'Launch day',
    });
  });

  it('refuses API responses that are not updates', () => {
    expect(() => parse('resources/ResponseWithError')).toThrow(WebhookParseError);
    expect(() => parse('resources/ResponsesSetGameScore')).toThrow(WebhookParseError);
  });
});
