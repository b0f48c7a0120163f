// Every webhook fixture (test/fixtures/webhooks, signature vectors aside) goes through parseWebhook and gives
// well-formed events; random and mutated JSON never makes it throw anything but the documented WebhookParseError.
import { readdirSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InboundEvent, WebhookChannelType, WebhookPlatform } from './inbound.js';
import { parseWebhook, WebhookParseError } from './parse-webhook.js';
import { factoryBotHashes, webhookFixtureJson } from './webhook-fixtures.js';

const root = new URL('../../../test/fixtures/webhooks/', import.meta.url);
const platformFolders = ['whatsapp_cloud_api', 'messenger', 'instagram', 'twitter_account_activity', 'telegram_bot_api'];

function filesUnder(folder: string): string[] {
  return readdirSync(new URL(folder, root)).flatMap((name) => {
    const path = `${folder}/${name}`;
    return statSync(new URL(path, root)).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files that are documented not to be webhook bodies (adapter-internal shapes, Send API templates, API responses) */
const notEnvelopes = new Set([
  'messenger/botbuilder-dotnet/Activities.json',
  'messenger/botbuilder-dotnet/FacebookMessages.json',
  'messenger/botbuilder-dotnet/outgoing_ButtonTemplatePayload.json',
  'messenger/botbuilder-dotnet/outgoing_GenericTemplatePayload.json',
  'messenger/botbuilder-dotnet/outgoing_HandoverBotsTemplatePayload.json',
  'messenger/botbuilder-dotnet/outgoing_HandoverTemplatePayload.json',
  'messenger/botbuilder-dotnet/outgoing_MediaTemplatePayload.json',
  'telegram_bot_api/TelegramBots/resources/ResponseWithError.json',
  'telegram_bot_api/TelegramBots/resources/ResponsesSetGameScore.json',
]);

type Delivery = { label: string; platform: WebhookPlatform; channelType: WebhookChannelType; body: unknown };

/** The webhook bodies a fixture file holds */
function deliveries(path: string): Delivery[] {
  if (path.startsWith('whatsapp_cloud_api/')) {
    return Object.entries(webhookFixtureJson(path) as Record<string, unknown>).map(([name, body]) => ({ label: `${path}#${name}`, platform: 'meta', channelType: 'whatsapp', body }));
  }
  if (path.startsWith('messenger/')) return [{ label: path, platform: 'meta', channelType: 'messenger', body: webhookFixtureJson(path) }];
  if (path.startsWith('instagram/')) {
    // chatwoot keeps only the entries; Meta's envelope names the product.
    return [...factoryBotHashes(path)].map(([name, hash]) => ({ label: `${path}#${name}`, platform: 'meta', channelType: 'instagram', body: { object: 'instagram', ...hash } }));
  }
  if (path.startsWith('twitter_account_activity/')) {
    if (path.endsWith('.rb')) return [...factoryBotHashes(path)].map(([name, hash]) => ({ label: `${path}#${name}`, platform: 'x', channelType: 'x', body: hash }));
    return [{ label: path, platform: 'x', channelType: 'x', body: webhookFixtureJson(path) }];
  }
  return [{ label: path, platform: 'telegram', channelType: 'telegram', body: webhookFixtureJson(path) }];
}

const fixtureFiles = platformFolders.flatMap(filesUnder).filter((path) => /\.(json|rb)$/.test(path)).sort();

function expectWellFormed(event: InboundEvent, label: string): void {
  const validDate = (date: Date): boolean => date instanceof Date && !Number.isNaN(date.getTime());
  switch (event.kind) {
    case 'message':
      expect(event.externalThreadId, label).toMatch(/\S/);
      expect(event.externalMessageId, label).toMatch(/\S/);
      expect(['public', 'private'], label).toContain(event.visibility);
      expect(['facebook', 'instagram', 'whatsapp', 'twitter', 'telegram'], label).toContain(event.sender.identity.channel);
      expect(event.sender.identity.externalId, label).toMatch(/\S/);
      expect(typeof event.text, label).toBe('string');
      for (const attachment of event.attachments) {
        expect(attachment, label).toEqual({ name: expect.any(String) as string, contentType: expect.stringMatching(/^[\w.+-]+\/[\w.+*-]+/) as string, size: expect.any(Number) as number, url: expect.stringMatching(/\S/) as string });
      }
      expect(validDate(event.occurredAt), label).toBe(true);
      if (event.data !== undefined) expect(() => JSON.stringify(event.data), label).not.toThrow();
      return;
    case 'status':
      expect(event.externalMessageId, label).toMatch(/\S/);
      expect(['sent', 'delivered', 'read', 'failed'], label).toContain(event.status);
      expect(validDate(event.occurredAt), label).toBe(true);
      return;
    case 'reaction':
      expect(event.externalMessageId, label).toMatch(/\S/);
      expect(event.emoji === null || event.emoji.length > 0, label).toBe(true);
      expect(validDate(event.occurredAt), label).toBe(true);
      return;
    case 'edit':
      expect(event.externalMessageId, label).toMatch(/\S/);
      expect(typeof event.text, label).toBe('string');
      expect(validDate(event.occurredAt), label).toBe(true);
      return;
    case 'template_status':
      expect(event.name, label).toMatch(/\S/);
      expect(event.language, label).toMatch(/\S/);
      expect(event.status, label).toMatch(/^[A-Z_]+$/);
      expect(validDate(event.occurredAt), label).toBe(true);
      return;
    case 'unsupported':
      expect(event.type, label).toMatch(/^(whatsapp|messenger|instagram|facebook|meta|x|telegram)\./);
      expect(event.reason, label).toMatch(/\S/);
      // The parsers' last-resort guard (an exception turned into an event) must never be what handled the input.
      expect(event.reason, label).not.toMatch(/could not be read/);
      return;
    default:
      throw new Error(`unknown event ${JSON.stringify(event)}`);
  }
}

/** Parses, accepting only events or the documented envelope error */
function parseOrEnvelopeError(platform: WebhookPlatform, channelType: WebhookChannelType, body: unknown): InboundEvent[] | 'not an envelope' {
  try {
    return parseWebhook(platform, channelType, body);
  } catch (error) {
    if (error instanceof WebhookParseError) return 'not an envelope';
    throw error;
  }
}

describe('parseWebhook over every fixture', () => {
  it('finds the 52 platform fixture files (the signature vectors belong to the ingress)', () => {
    expect(fixtureFiles).toHaveLength(52);
    expect(fixtureFiles.filter((path) => path.endsWith('.rb'))).toHaveLength(4);
  });

  it.each(fixtureFiles)('%s parses into well-formed events', (path) => {
    const all = deliveries(path);
    expect(all.length).toBeGreaterThan(0);
    for (const delivery of all) {
      if (notEnvelopes.has(path)) {
        expect(() => parseWebhook(delivery.platform, delivery.channelType, delivery.body), delivery.label).toThrow(WebhookParseError);
        continue;
      }
      const events = parseWebhook(delivery.platform, delivery.channelType, delivery.body);
      expect(events.length, delivery.label).toBeGreaterThan(0);
      for (const event of events) expectWellFormed(event, delivery.label);
    }
  });

  it('turns the fixtures into messages of every kind the inbox stores', () => {
    const events = fixtureFiles.filter((path) => !notEnvelopes.has(path)).flatMap((path) => deliveries(path).flatMap((delivery) => parseWebhook(delivery.platform, delivery.channelType, delivery.body)));
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toMatchObject({ message: expect.any(Number) as number, status: expect.any(Number) as number, reaction: 3, edit: expect.any(Number) as number, unsupported: expect.any(Number) as number });
    const channels = new Set(events.flatMap((event) => (event.kind === 'message' ? [event.sender.identity.channel] : [])));
    expect([...channels].sort()).toEqual(['facebook', 'instagram', 'telegram', 'twitter', 'whatsapp']);
  });

  it("reads WhatsApp's template reviews: the template, its new status and Meta's reason for a rejection", () => {
    const fixture = webhookFixtureJson('whatsapp_cloud_api/pywa/tests/data/updates/template_status_update.json') as Record<string, unknown>;
    expect(parseWebhook('meta', 'whatsapp', fixture.approved)).toEqual([
      { kind: 'template_status', templateExternalId: '1689556908129832', name: 'order_confirmation', language: 'en_US', status: 'APPROVED', reason: null, occurredAt: new Date(1751247548 * 1000) },
    ]);
    expect(parseWebhook('meta', 'whatsapp', fixture.rejected)).toEqual([
      expect.objectContaining({ kind: 'template_status', name: 'abandoned_cart', language: 'en', status: 'REJECTED', reason: expect.stringContaining('parameters placed next to each other') as string }),
    ]);
  });

  it('refuses a channel type of another platform', () => {
    expect(() => parseWebhook('telegram', 'whatsapp', { update_id: 1 })).toThrow(WebhookParseError);
  });
});

describe('parseWebhook on random and mutated input', () => {
  const targets: [WebhookPlatform, WebhookChannelType][] = [
    ['meta', 'messenger'],
    ['meta', 'instagram'],
    ['meta', 'whatsapp'],
    ['x', 'x'],
    ['telegram', 'telegram'],
  ];
  const target = fc.constantFrom(...targets);

  it('never throws on arbitrary JSON except the envelope error, and what it returns is well formed', () => {
    fc.assert(
      fc.property(target, fc.jsonValue(), ([platform, channelType], body) => {
        const result = parseOrEnvelopeError(platform, channelType, body);
        if (result !== 'not an envelope') for (const event of result) expectWellFormed(event, JSON.stringify(body));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on a valid envelope holding arbitrary values', () => {
    const anything = fc.anything({ maxDepth: 4, withNullPrototype: false });
    const envelope = fc.oneof(
      fc.record({ object: fc.constantFrom('page', 'instagram', 'whatsapp_business_account', 'user'), entry: fc.array(anything, { maxLength: 3 }) }).map((body) => ['meta', body] as const),
      fc.record({ for_user_id: fc.string(), direct_message_events: anything, tweet_create_events: anything, direct_message_mark_read_events: anything }).map((body) => ['x', body] as const),
      fc.record({ update_id: fc.integer(), message: anything, edited_message: anything, callback_query: anything, channel_post: anything }).map((body) => ['telegram', body] as const),
    );
    fc.assert(
      fc.property(envelope, ([platform, body]) => {
        const channelType = targets.find(([candidate]) => candidate === platform)?.[1] ?? 'x';
        const events = parseWebhook(platform, channelType, body);
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) expectWellFormed(event, JSON.stringify(body));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on real payloads with random parts replaced or removed', () => {
    const samples = fixtureFiles.filter((path) => !notEnvelopes.has(path)).flatMap(deliveries);
    const mutation = fc.record({ at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }), remove: fc.boolean() });
    fc.assert(
      fc.property(fc.nat({ max: samples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const sample = samples[index] as Delivery;
        const body = structuredClone(sample.body);
        for (const change of mutations) mutate(body, change);
        const result = parseOrEnvelopeError(sample.platform, sample.channelType, body);
        if (result !== 'not an envelope') for (const event of result) expectWellFormed(event, sample.label);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 600) },
    );
  });
});

/** Replaces (or deletes) the value at one of the body's paths, chosen by `at` */
function mutate(body: unknown, change: { at: number; value: unknown; remove: boolean }): void {
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        slots.push([node, index]);
        walk(item);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, key]);
        walk(value);
      }
    }
  };
  walk(body);
  const slot = slots[change.at % Math.max(slots.length, 1)];
  if (!slot) return;
  const [parent, key] = slot;
  if (Array.isArray(parent)) {
    if (change.remove) parent.splice(key as number, 1);
    else parent[key as number] = structuredClone(change.value);
  } else if (change.remove) delete parent[key as string];
  // A copy: fast-check may hand the same value to two mutations, which would nest it in itself.
  else parent[key as string] = structuredClone(change.value);
}
