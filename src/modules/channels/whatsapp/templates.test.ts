// Template variables, previews and Graph payloads, and how a message becomes Cloud API bodies: pure
// logic, checked without a server.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { ChannelSendError, type OutboundMessage } from '../driver.js';
import { graphFailure } from './graph.js';
import { buildTemplatePayload, renderTemplate, templateVariables, type TemplateDefinition } from './templates.js';
import { customerServiceWindow, messagePayloads } from './whatsapp-driver.js';

const receipt: TemplateDefinition = {
  name: 'receipt',
  language: 'en_GB',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['https://example.com/x.pdf'] } },
    { type: 'BODY', text: 'Thanks {{1}}! {{1}}, your receipt for {{2}} is attached.' },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }] },
  ],
};

const outbound = (text: string, attachments: OutboundMessage['attachments'] = []): OutboundMessage => ({
  messageId: '1',
  conversationId: 'cv_1',
  externalThreadId: '1122:14155550123',
  visibility: 'private',
  recipient: null,
  text,
  attachments,
  replyToExternalId: null,
  sourceMentionId: null,
});

const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('templates', () => {
  it('lists a variable used twice once, and asks for the media header', () => {
    expect(templateVariables(receipt)).toEqual([
      { component: 'body', name: '1', example: null },
      { component: 'body', name: '2', example: null },
    ]);
    const missing = refusal(() => buildTemplatePayload(receipt, { body: { 1: 'Ada', 2: ' ' } }));
    expect(missing.details.missing).toEqual(['body.2', 'headerMediaUrl']);
    expect(missing.message).toBe(`Fill {{2}} of the body, the header's document link before sending the template "receipt".`);
  });

  it('refuses a header link that is not a public URL, and builds the document header and body', () => {
    expect(refusal(() => buildTemplatePayload(receipt, { body: { 1: 'Ada', 2: '£12' }, headerMediaUrl: '/files/receipt.pdf' })).code).toBe('template.header_media');
    expect(buildTemplatePayload(receipt, { body: { 1: 'Ada', 2: '£12' }, headerMediaUrl: 'https://shop.example/r/1.pdf' })).toEqual({
      name: 'receipt',
      language: { code: 'en_GB' },
      components: [
        { type: 'header', parameters: [{ type: 'document', document: { link: 'https://shop.example/r/1.pdf' } }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '£12' }] },
      ],
    });
    expect(renderTemplate(receipt, { body: { 1: 'Ada' } })).toBe('Thanks Ada! Ada, your receipt for {{2}} is attached.');
  });

  it("fills a URL button's variable by the button's index", () => {
    const tracking: TemplateDefinition = {
      name: 'tracking',
      language: 'en_US',
      parameterFormat: 'NAMED',
      components: [
        { type: 'BODY', text: 'Your parcel {{parcel}} left the depot.' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }, { type: 'URL', text: 'Track it', url: 'https://shop.example/track/{{1}}', example: ['https://shop.example/track/AB12'] }] },
      ],
    };
    expect(templateVariables(tracking)).toEqual([
      { component: 'body', name: 'parcel', example: null },
      { component: 'button', name: '1', example: 'https://shop.example/track/AB12', button: 'Track it' },
    ]);
    expect(refusal(() => buildTemplatePayload(tracking, { body: { parcel: 'AB12' } })).message).toContain('{{1}} in the link of the button "Track it"');
    expect(buildTemplatePayload(tracking, { body: { parcel: 'AB12' }, button: { 1: 'AB12' } }).components).toEqual([
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'parcel', text: 'AB12' }] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'AB12' }] },
    ]);
  });

  it('sends a template without variables with no components', () => {
    const plain: TemplateDefinition = { name: 'hello_world', language: 'en_US', parameterFormat: 'POSITIONAL', components: [{ type: 'BODY', text: 'Hello World' }] };
    expect(buildTemplatePayload(plain)).toEqual({ name: 'hello_world', language: { code: 'en_US' }, components: [] });
  });
});

describe('message bodies', () => {
  it('sends text apart from an audio file, which takes no caption', () => {
    expect(messagePayloads(outbound('Listen to this', [{ name: 'note.ogg', contentType: 'audio/ogg', size: 10, url: 'https://files.example/note.ogg' }]), {})).toEqual([
      { type: 'text', text: { body: 'Listen to this', preview_url: false } },
      { type: 'audio', audio: { link: 'https://files.example/note.ogg' } },
    ]);
  });

  it('refuses a file without a public link, and more than three buttons', () => {
    expect(() => messagePayloads(outbound('', [{ name: 'a.png', contentType: 'image/png', size: 1, url: '/api/v1/files/a.png' }]), {})).toThrow(ChannelSendError);
    const buttons = Array.from({ length: 4 }, (_, index) => ({ id: String(index), title: `Option ${index}` }));
    expect(() => messagePayloads(outbound('Pick one'), { interactive: { type: 'buttons', buttons } })).toThrow(/1 to 3 reply buttons/);
  });

  it('builds a list', () => {
    const list = { type: 'list', button: 'Choose a size', sections: [{ title: 'Sizes', rows: [{ id: 's', title: 'Small' }, { id: 'l', title: 'Large', description: 'Fits most' }] }] };
    expect(messagePayloads(outbound('Which size?'), { interactive: list })).toEqual([
      { type: 'interactive', interactive: { type: 'list', body: { text: 'Which size?' }, action: { button: 'Choose a size', sections: list.sections } } },
    ]);
  });
});

describe('the window and Graph errors', () => {
  it('closes 24 hours after the customer last wrote', () => {
    const wrote = new Date('2026-03-01T10:00:00Z');
    expect(customerServiceWindow(wrote, new Date('2026-03-02T09:59:59Z')).open).toBe(true);
    expect(customerServiceWindow(wrote, new Date('2026-03-02T10:00:00Z'))).toMatchObject({ open: false, closesAt: new Date('2026-03-02T10:00:00Z') });
    expect(customerServiceWindow(null, wrote).open).toBe(false);
  });

  it('maps Graph codes to what the send job does', () => {
    const http = { fetch, now: () => 0 };
    const kind = (status: number, code: number | null) => graphFailure({ status, code, subcode: null, type: 'OAuthException', message: 'x', details: null }, http, new Headers()).kind;
    expect([kind(400, 131056), kind(429, null), kind(400, 190), kind(403, 10), kind(400, 131026), kind(400, 132001), kind(400, 131047), kind(500, 131000), kind(400, 100)]).toEqual([
      'rate_limited',
      'rate_limited',
      'credentials',
      'credentials',
      'permanent',
      'permanent',
      'permanent',
      'temporary',
      'permanent',
    ]);
    expect(graphFailure({ status: 429, code: null, subcode: null, type: null, message: 'slow', details: null }, http, new Headers({ 'retry-after': '7' })).retryAfterMs).toBe(7000);
  });
});
