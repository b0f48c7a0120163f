import { expect, it } from 'vitest';
import { combineScore, crossLinks } from './commands/find-duplicates.js';
import { checkCustomFields, type CustomFieldDefinition } from './custom-fields.js';
import { normalizeIdentity, normalizePhone } from './identity.js';
import { influenceScore } from './signals.js';

it('normalizes identities so the same person seen twice has one key', () => {
  expect(normalizeIdentity({ channel: 'email', externalId: ' Jane.Doe@Example.COM ' }).externalId).toBe('jane.doe@example.com');
  expect(normalizeIdentity({ channel: 'phone', externalId: '+44 20 7946 0958' }).externalId).toBe('+442079460958');
  expect(normalizeIdentity({ channel: 'whatsapp', externalId: '16505551234' }).externalId).toBe('+16505551234');
  expect(normalizeIdentity({ channel: 'mastodon', handle: '@Gargron@Mastodon.Social' }).externalId).toBe('gargron@mastodon.social');
  expect(normalizeIdentity({ channel: 'mastodon', handle: 'jane', profileUrl: 'https://fosstodon.org/@jane' }).externalId).toBe('jane@fosstodon.org');
  expect(normalizeIdentity({ channel: 'bluesky', externalId: 'did:plc:abc123', handle: 'Jane.bsky.social' })).toMatchObject({ externalId: 'did:plc:abc123', handle: 'jane.bsky.social' });
  expect(normalizeIdentity({ channel: 'twitter', externalId: '783214', handle: '@Twitter' })).toMatchObject({ externalId: '783214', handle: 'Twitter' });
  expect(normalizeIdentity({ channel: 'twitter', handle: '@JaneDoe' }).externalId).toBe('handle:janedoe');
  expect(() => normalizeIdentity({ channel: 'email', externalId: 'not an email' })).toThrow(/not an email/);
  expect(() => normalizeIdentity({ channel: 'phone', externalId: '12' })).toThrow(/country code/);
  expect(() => normalizeIdentity({ channel: 'mastodon', handle: 'nobody' })).toThrow(/user@instance/);
  expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
  expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
});

it('combines duplicate evidence like independent probabilities and finds cross-links in bios', () => {
  expect(combineScore([{ kind: 'a', detail: '', weight: 0.5 }])).toBe(0.5);
  expect(combineScore([{ kind: 'a', detail: '', weight: 0.5 }, { kind: 'b', detail: '', weight: 0.5 }])).toBe(0.75);
  expect(crossLinks('Coffee nerd. Also @jane_d on insta and https://jane.example/blog.')).toEqual({ handles: ['jane_d'], urls: ['https://jane.example/blog'] });
});

it('scores influence from reach, engagement, verification and networks', () => {
  expect(influenceScore({ followersTotal: 0, engagement: 0, verified: false, networks: 0 })).toBe(0);
  const small = influenceScore({ followersTotal: 500, engagement: 0.1, verified: false, networks: 1 });
  const large = influenceScore({ followersTotal: 2_000_000, engagement: 0.1, verified: true, networks: 3 });
  expect(large).toBeGreaterThan(small);
  expect(influenceScore({ followersTotal: 1e9, engagement: 1, verified: true, networks: 10 })).toBe(100);
});

it('checks custom field values against their definitions', () => {
  const definition = (key: string, type: CustomFieldDefinition['type'], options: string[] = [], required = false) =>
    ({ id: key, workspaceId: 'w', entity: 'contact', key, label: key, type, options, required, position: 0, createdAt: new Date(), updatedAt: new Date() }) as CustomFieldDefinition;
  const definitions = [definition('size', 'number'), definition('plan', 'select', ['Free', 'Pro']), definition('langs', 'multiselect', ['en', 'fr']), definition('since', 'date'), definition('site', 'url'), definition('ok', 'boolean'), definition('region', 'text', [], true)];
  const good = checkCustomFields(definitions, {}, { size: '12,5', plan: 'pro', langs: 'fr; en', since: '2024-03-01', site: 'https://acme.test', ok: 'yes', region: 'EMEA' });
  expect(good.errors).toEqual([]);
  expect(good.values).toEqual({ size: 12.5, plan: 'Pro', langs: ['fr', 'en'], since: '2024-03-01', site: 'https://acme.test/', ok: true, region: 'EMEA' });
  const bad = checkCustomFields(definitions, {}, { size: 'lots', plan: 'Gold', since: 'soon', site: 'ftp://x', unknown: 1 });
  expect(bad.errors.map((e) => e.field).sort()).toEqual(['customFields.plan', 'customFields.region', 'customFields.since', 'customFields.site', 'customFields.size', 'customFields.unknown']);
});
