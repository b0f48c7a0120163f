// Every WhatsApp Cloud API payload of pywa's test data (test/fixtures/webhooks/whatsapp_cloud_api) through parseWebhook.
import { describe, expect, it } from 'vitest';
import type { InboundEvent, InboundMessage } from '../inbound.js';
import { parseWebhook } from '../parse-webhook.js';
import { webhookFixtureFiles, webhookFixtureJson } from '../webhook-fixtures.js';

const folder = 'whatsapp_cloud_api/pywa/tests/data/updates/';
const cases = new Map<string, unknown>();
for (const file of webhookFixtureFiles(folder, '.json')) {
  for (const [name, body] of Object.entries(webhookFixtureJson(file) as Record<string, unknown>)) cases.set(`${file.slice(folder.length, -5)}#${name}`, body);
}

const testName: InboundMessage['sender'] = { identity: { channel: 'whatsapp', externalId: '972987654321', displayName: 'Test Name' }, phone: '+972987654321', name: 'Test Name' };

const parse = (name: string): InboundEvent[] => {
  if (!cases.has(name)) throw new Error(`no fixture case ${name}`);
  return parseWebhook('meta', 'whatsapp', cases.get(name));
};
const only = (name: string): InboundEvent => {
  const events = parse(name);
  expect(events).toHaveLength(1);
  return events[0] as InboundEvent;
};
const message = (name: string): InboundMessage => {
  const event = only(name);
  if (event.kind !== 'message') throw new Error(`${name} gave ${event.kind}: ${JSON.stringify(event)}`);
  // Every message of these fixtures comes from the same person to the same business number.
  expect(event.externalThreadId).toBe('1122334455667:972987654321');
  expect(event.sender).toEqual(testName);
  expect(event.visibility).toBe('private');
  return event;
};

/** What each case must give; a new fixture case without an entry here fails the completeness test */
const expectations: Record<string, () => void> = {
  'message#text': () => {
    const event = message('message#text');
    expect(event).toMatchObject({ externalMessageId: 'wamid.xyzxyz', visibility: 'private', text: 'Body Text', attachments: [], replyToExternalId: null, sender: testName });
    expect(event.occurredAt.toISOString()).toBe(new Date(1697043223 * 1000).toISOString());
  },
  'message#image': () => expect(message('message#image').attachments).toEqual([{ name: 'image-65463453.jpg', contentType: 'image/jpeg', size: 0, url: 'whatsapp-media:65463453' }]),
  'message#media_with_url': () => expect(message('message#media_with_url').attachments[0]?.url).toBe('whatsapp-media:65463453'),
  'message#video': () => {
    const event = message('message#video');
    expect(event.text).toBe('caption');
    expect(event.attachments).toEqual([{ name: 'video-765756756.mp4', contentType: 'video/mp4', size: 0, url: 'whatsapp-media:765756756' }]);
    expect(event.data).toMatchObject({ forwarded: true });
  },
  'message#document': () => {
    const event = message('message#document');
    expect(event.text).toBe('caption');
    expect(event.attachments).toEqual([{ name: 'filename.pdf', contentType: 'application/pdf', size: 0, url: 'whatsapp-media:1234567890987654321' }]);
  },
  'message#audio': () => {
    const event = message('message#audio');
    expect(event.attachments[0]).toMatchObject({ contentType: 'audio/ogg; codecs=opus', url: 'whatsapp-media:1234567890987654321' });
    expect(event.data?.voice).toBeUndefined();
  },
  'message#voice': () => expect(message('message#voice').data).toMatchObject({ voice: true }),
  'message#static_sticker': () => {
    const event = message('message#static_sticker');
    expect(event.attachments[0]).toMatchObject({ contentType: 'image/webp', url: 'whatsapp-media:1234567890987654321' });
    expect(event.data?.animatedSticker).toBeUndefined();
  },
  'message#animated_sticker': () => expect(message('message#animated_sticker').data).toMatchObject({ animatedSticker: true }),
  'message#reaction': () => expect(only('message#reaction')).toMatchObject({ kind: 'reaction', externalMessageId: 'wamid.yzxyzx=', emoji: '😮', senderExternalId: '972987654321' }),
  'message#unreaction_empty': () => expect(only('message#unreaction_empty')).toMatchObject({ kind: 'reaction', externalMessageId: 'wamid.yzxyzx=', emoji: null }),
  'message#unreaction_no_emoji': () => expect(only('message#unreaction_no_emoji')).toMatchObject({ kind: 'reaction', emoji: null }),
  'message#current_location': () => {
    const event = message('message#current_location');
    expect(event.text).toBe('12.25089, 43.90539');
    expect(event.data).toMatchObject({ location: { latitude: 12.25089, longitude: 43.90539 } });
  },
  'message#chosen_location': () => {
    const event = message('message#chosen_location');
    expect(event.text).toBe('Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025');
    expect(event.data).toMatchObject({ location: { latitude: 37.4611978, longitude: -122.2164385, url: 'https://maps.google.com/?cid=2000000000000000000' } });
  },
  'message#contacts': () => {
    const event = message('message#contacts');
    expect(event.text).toBe('Chandler Bing, Monica, Rachel Green');
    expect(event.data?.contacts).toEqual([
      { name: 'Chandler Bing', phones: [{ phone: '+1 555-555-5555', waId: '972987654321', type: 'CELL' }], emails: [] },
      { name: 'Monica', phones: [{ phone: '+1 666-666-6666', waId: '972987654321', type: 'HOME' }], emails: [] },
      { name: 'Rachel Green', phones: [{ phone: '+1 777-777-7777', waId: '972987654321', type: 'WORK' }], emails: [] },
    ]);
  },
  'message#order': () => {
    const event = message('message#order');
    expect(event.text).toBe('Order: 3 × HAMBURGER, 2 × FRENCH_FRIES, 2 × SODA');
    expect(event.data?.order).toEqual({
      catalogId: '354160437058781',
      items: [
        { productRetailerId: 'HAMBURGER', quantity: 3, itemPrice: 30, currency: 'ILS' },
        { productRetailerId: 'FRENCH_FRIES', quantity: 2, itemPrice: 35, currency: 'ILS' },
        { productRetailerId: 'SODA', quantity: 2, itemPrice: 10, currency: 'ILS' },
      ],
    });
  },
  'message#unsupported': () => expect(only('message#unsupported')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.message.unsupported', reason: expect.stringContaining('131051') }),
  'message#unsupported_with_type': () => expect(only('message#unsupported_with_type')).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/^pool: 131051/) }),
  'message#reply': () => expect(message('message#reply')).toMatchObject({ text: 'replied text', replyToExternalId: 'wamid.xyzxyz==' }),
  'message#forwarded': () => expect(message('message#forwarded')).toMatchObject({ text: 'forwarded text', replyToExternalId: null, data: { forwarded: true } }),
  'message#forwarded_many_times': () => expect(message('message#forwarded_many_times').data).toEqual({ frequentlyForwarded: true }),
  'message#interactive_message_with_err': () =>
    expect(only('message#interactive_message_with_err')).toMatchObject({ kind: 'unsupported', reason: '131000 Something went wrong: Unsupported webhook payload' }),
  'message#referral': () => {
    const event = message('message#referral');
    expect(event.text).toBe('BODY');
    expect(event.data?.referral).toMatchObject({ source_id: 'ADID', ctwa_clid: 'CTWA_CLID', headline: 'AD_TITLE' });
  },
  'callback_button#button': () =>
    expect(message('callback_button#button')).toMatchObject({ text: 'title', replyToExternalId: 'wamid.xyzxyz', data: { interactive: { type: 'button_reply', id: 'callback_data', title: 'title' } } }),
  'callback_button#quick_reply': () =>
    expect(message('callback_button#quick_reply')).toMatchObject({ externalMessageId: 'wamid.xsidjw', text: 'title', data: { button: { payload: 'callback_data', text: 'title' } } }),
  'callback_button#quick_reply_without_context': () => expect(message('callback_button#quick_reply_without_context')).toMatchObject({ externalMessageId: 'wamid.xsidjx', replyToExternalId: null }),
  'callback_selection#callback': () => expect(message('callback_selection#callback').data).toEqual({ interactive: { type: 'list_reply', id: 'callback_data', title: 'title' } }),
  'callback_selection#description': () =>
    expect(message('callback_selection#description').data).toEqual({ interactive: { type: 'list_reply', id: 'callback_data', title: 'title', description: 'description' } }),
  'flow_completion#completion': () => {
    const event = message('flow_completion#completion');
    expect(event.text).toBe('Sent');
    expect(event.data).toMatchObject({ flowName: 'flow', flowResponse: { comment_text: 'Comment Text', flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.' } });
  },
  'flow_completion#without_flow_token': () => expect(message('flow_completion#without_flow_token').data?.flowResponse).not.toHaveProperty('flow_token'),
  'message_status#sent': () => expect(only('message_status#sent')).toEqual({ kind: 'status', externalMessageId: 'wamid.xyzxyz', status: 'sent', occurredAt: new Date(1698266945 * 1000) }),
  'message_status#delivered': () => expect(only('message_status#delivered')).toMatchObject({ kind: 'status', status: 'delivered' }),
  'message_status#read': () => expect(only('message_status#read')).toMatchObject({ kind: 'status', status: 'read' }),
  'message_status#played': () => expect(only('message_status#played')).toMatchObject({ kind: 'status', status: 'read' }),
  'message_status#failed': () =>
    expect(only('message_status#failed')).toMatchObject({
      kind: 'status',
      status: 'failed',
      error: "130472 User's number is part of an experiment: Failed to send message because this user's phone number is part of an experiment",
    }),
  'message_status#with_tracker': () => expect(only('message_status#with_tracker')).toMatchObject({ kind: 'status', status: 'sent' }),
  'message_status#group': () => expect(only('message_status#group')).toMatchObject({ kind: 'status', externalMessageId: '<WHATSAPP_MESSAGE_ID>', status: 'read' }),
  'outgoing_message#text': () => expect(only('outgoing_message#text')).toMatchObject({ kind: 'status', externalMessageId: '<WHATSAPP_MESSAGE_ID>', status: 'sent' }),
  'outgoing_message#edit': () => expect(only('outgoing_message#edit')).toMatchObject({ kind: 'edit', externalMessageId: 'wamid.zzzzzz', text: 'Text was edited' }),
  'outgoing_message#delete': () => expect(only('outgoing_message#delete')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.echo.revoke' }),
  'edited_message#image': () =>
    expect(only('edited_message#image')).toEqual({
      kind: 'edit',
      externalMessageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=',
      text: 'Updated image caption',
      occurredAt: new Date(1749854575 * 1000),
    }),
  'deleted_message#revoke': () => expect(only('deleted_message#revoke')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.message.revoke' }),
  'system#phone_number_change': () => expect(only('system#phone_number_change')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.system.user_changed_number' }),
  'system#identity_change': () => expect(only('system#identity_change')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.system.customer_identity_changed' }),
  'call_permission_update#accept': () => expect(only('call_permission_update#accept')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.interactive.call_permission_reply' }),
  'call_permission_update#reject': () => expect(only('call_permission_update#reject')).toMatchObject({ kind: 'unsupported', type: 'whatsapp.interactive.call_permission_reply' }),
  // Meta's review of a template: applied to the stored template (whatsapp/sync-templates.ts).
  'template_status_update#approved': () => expect(only('template_status_update#approved')).toMatchObject({ kind: 'template_status', name: 'order_confirmation', language: 'en_US', status: 'APPROVED', reason: null }),
  'template_status_update#rejected': () => expect(only('template_status_update#rejected')).toMatchObject({ kind: 'template_status', name: 'abandoned_cart', status: 'REJECTED', reason: expect.stringMatching(/^Your template has parameters/) }),
};

// Account, other template, call and preference updates: kept as unsupported under their webhook field.
const fieldOnly: Record<string, string> = {
  account_update: 'whatsapp.account_update',
  call_connect: 'whatsapp.calls',
  call_status: 'whatsapp.calls',
  call_terminate: 'whatsapp.calls',
  template_category_update: 'whatsapp.template_category_update',
  template_components_update: 'whatsapp.message_template_components_update',
  template_quality_update: 'whatsapp.message_template_quality_update',
  user_marketing_preferences: 'whatsapp.user_preferences',
};
for (const name of cases.keys()) {
  const type = fieldOnly[name.split('#')[0] ?? ''];
  if (type) expectations[name] = () => expect(parse(name)).toEqual([{ kind: 'unsupported', type, reason: expect.any(String) as string }]);
}

describe('WhatsApp Cloud API webhooks', () => {
  it('has an expectation for every fixture case (74 payloads)', () => {
    expect(cases.size).toBe(74);
    expect(Object.keys(expectations).sort()).toEqual([...cases.keys()].sort());
  });

  it.each(Object.keys(expectations).sort())('%s', (name) => {
    expectations[name]?.();
  });

  it('takes a template review with a blank name or language, or an event that is no status, as unsupported', () => {
    const approved = cases.get('template_status_update#approved') as { entry: { changes: { value: Record<string, unknown> }[] }[] };
    const withValue = (changes: Record<string, unknown>): unknown => {
      const body = structuredClone(approved);
      Object.assign(body.entry[0]?.changes[0]?.value ?? {}, changes);
      return body;
    };
    // Found by the property test in parse-webhook.test.ts: a blank name was stored as the template's name.
    for (const changes of [{ message_template_name: ' ' }, { message_template_language: '' }, { event: ' ' }, { event: 'APPROVED 2' }, { event: 7 }]) {
      expect(parseWebhook('meta', 'whatsapp', withValue(changes)), JSON.stringify(changes)).toEqual([{ kind: 'unsupported', type: 'whatsapp.message_template_status_update', reason: expect.any(String) as string }]);
    }
    expect(parseWebhook('meta', 'whatsapp', withValue({ event: 'pending_deletion' }))).toMatchObject([{ kind: 'template_status', name: 'order_confirmation', status: 'PENDING_DELETION' }]);
  });

  it('reads one delivery with several messages and statuses in order, and a message with no contacts block', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'waba',
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: 'PN' },
                messages: [
                  { from: '15550001111', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'one' } },
                  { from: '15550001111', id: 'wamid.2', timestamp: '1700000001', type: 'text', text: { body: 'two' } },
                ],
                statuses: [{ id: 'wamid.out', status: 'delivered', timestamp: '1700000002', recipient_id: '15550001111' }],
              },
            },
          ],
        },
      ],
    };
    const events = parseWebhook('meta', 'whatsapp', body);
    expect(events.map((event) => (event.kind === 'message' ? event.text : event.kind))).toEqual(['one', 'two', 'status']);
    expect(events[0]).toMatchObject({ externalThreadId: 'PN:15550001111', sender: { identity: { channel: 'whatsapp', externalId: '15550001111' }, phone: '+15550001111' } });
  });
});
