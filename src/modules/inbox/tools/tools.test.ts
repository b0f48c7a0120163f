// The agent tools over HTTP on a real PostgreSQL: canned responses (CRUD, search, rendering for a
// conversation, unknown variables refused), the knowledge library (CRUD, full-text search), the
// suggestions beside a conversation, permissions, and another workspace's ids answering 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { channels, conversations, messages } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let agent: TestUser;
let viewer: TestUser;
let other: { ws: string; owner: TestUser };
let channelId: string;

type Body = { data: Record<string, unknown> & Record<string, unknown>[]; nextCursor?: string | null; error?: { code: string; message: string; details: Record<string, unknown> } };
const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const ok = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = owner) => {
  const response = await inject(method, url, payload, user);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
};

/** A conversation with the given inbound messages (oldest first), written straight to the tables. */
async function conversationWith(texts: string[], extra: Partial<typeof conversations.$inferInsert> = {}, workspaceId = ws, channel = channelId) {
  const db = t.db.database.db;
  const id = newId('conv');
  await db.insert(conversations).values({ id, workspaceId, channelId: channel, channelType: 'webchat', externalThreadId: id, ...extra });
  for (const text of texts) await db.insert(messages).values({ workspaceId, conversationId: id, channelId: channel, direction: 'inbound', text });
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Zephyr Shoes');
  ws = acme.workspace.id;
  owner = acme.owner;
  agent = (await addMember(t, ws, 'agent')).user;
  viewer = (await addMember(t, ws, 'viewer')).user;
  const globex = await createWorkspaceWithOwner(t, 'Globex');
  other = { ws: globex.workspace.id, owner: globex.owner };
  channelId = newId('ch');
  await t.db.database.db.insert(channels).values({ id: channelId, workspaceId: ws, type: 'webchat', name: 'Website' });
});

afterAll(async () => t.close());

describe('canned responses', () => {
  it('creates, lists by name, searches, changes and deletes', async () => {
    const created = await ok('POST', '/canned-responses', { name: 'Greeting', shortcut: '/hello', body: 'Hi {{contact.first_name | "there"}}, {{agent.first_name}} here.' });
    expect(created.data).toMatchObject({ name: 'Greeting', shortcut: 'hello', usageCount: 0, teamId: null });
    await ok('POST', '/canned-responses', { name: 'Refund policy', shortcut: 'refund', body: 'Refunds reach your card within 5 days.' });
    await ok('POST', '/canned-responses', { name: 'Apology', shortcut: 'sorry', body: 'So sorry about the delay with your **order**.' });

    const listed = await ok('GET', '/canned-responses?limit=2');
    expect(listed.data.map((row) => row.name)).toEqual(['Apology', 'Greeting']);
    const next = await ok('GET', `/canned-responses?limit=2&cursor=${listed.nextCursor}`);
    expect(next.data.map((row) => row.name)).toEqual(['Refund policy']);
    expect(next.nextCursor).toBeNull();

    expect((await ok('GET', '/canned-responses?q=ref')).data.map((row) => row.shortcut)).toEqual(['refund']);
    expect((await ok('GET', '/canned-responses?q=order')).data.map((row) => row.shortcut)).toEqual(['sorry']);
    expect((await ok('GET', '/canned-responses?q=%2Fhel')).data.map((row) => row.shortcut)).toEqual(['hello']);

    const id = created.data.id as string;
    const changed = await ok('PATCH', `/canned-responses/${id}`, { name: 'Hello' });
    expect(changed.data).toMatchObject({ name: 'Hello', shortcut: 'hello' });
    await ok('DELETE', `/canned-responses/${id}`);
    expect((await inject('GET', `/canned-responses/${id}`)).status).toBe(404);
  });

  it('refuses a shortcut already taken (case-insensitive) with 409', async () => {
    const response = await inject('POST', '/canned-responses', { name: 'Refund 2', shortcut: 'REFUND', body: 'x' });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'canned_response.shortcut_taken' });
  });

  it('refuses unknown variables when saving, saying where and how to fix them', async () => {
    const response = await inject('POST', '/canned-responses', { name: 'Typo', shortcut: 'typo', body: 'Hello\n{{contact.frist_name}} and {{contact.custom.tier}}' });
    expect(response.status).toBe(400);
    expect(response.body.error!.code).toBe('canned_response.unknown_variable');
    expect(response.body.error!.message).toContain('line 2, column 1');
    expect(response.body.error!.message).toContain('Did you mean {{contact.first_name}}?');
    const problems = response.body.error!.details.problems as { variable: string; line: number; column: number }[];
    expect(problems.map((problem) => [problem.variable, problem.line, problem.column])).toEqual([
      ['contact.frist_name', 2, 1],
      ['contact.custom.tier', 2, 28],
    ]);
    // Once the workspace defines the custom field, the same body saves.
    await ok('POST', '/custom-fields', { entity: 'contact', key: 'tier', label: 'Loyalty tier', type: 'text' });
    await ok('POST', '/canned-responses', { name: 'Tier', shortcut: 'tier', body: 'Your tier: {{contact.custom.tier | "none yet"}}' });
    const patched = await inject('PATCH', `/canned-responses/${(await ok('GET', '/canned-responses?q=tier')).data[0]!.id}`, { body: '{{agent.nam}}' });
    expect(patched.status).toBe(400);
  });

  it("renders for a conversation: the contact's, the agent's and the workspace's values, and counts the use", async () => {
    const contact = await ok('POST', '/contacts', { name: 'Maria Lopez', firstName: 'Maria', email: 'maria@example.com', customFields: { tier: 'Gold' } });
    const conversationId = await conversationWith(['Hello?'], { contactId: contact.data.id as string });
    const response = await ok('POST', '/canned-responses', {
      name: 'Everything',
      shortcut: 'all',
      body: '<p>Hi {{contact.first_name}} ({{contact.name}}, {{contact.email}}), {{contact.custom.tier}} member.</p> {{agent.name}}/{{agent.first_name}} of {{workspace.name}} · {{conversation.id}}',
    });
    const id = response.data.id as string;
    const rendered = await ok('POST', `/canned-responses/${id}/render`, { conversationId });
    expect(rendered.data.text).toBe(`<p>Hi Maria (Maria Lopez, maria@example.com), Gold member.</p> Olivia Owner/Olivia of Zephyr Shoes · ${conversationId}`);
    const asAgent = await ok('POST', `/canned-responses/${id}/render`, { conversationId }, agent);
    expect(asAgent.data.text).toContain('agent person/agent of Zephyr Shoes');
    expect((await ok('GET', `/canned-responses/${id}`)).data.usageCount).toBe(2);

    // A conversation without a contact falls back.
    const anonymous = await conversationWith(['hi']);
    const greeting = await ok('POST', '/canned-responses', { name: 'Hi', shortcut: 'hi', body: 'Hi {{contact.first_name | "there"}}!' });
    expect((await ok('POST', `/canned-responses/${greeting.data.id}/render`, { conversationId: anonymous })).data.text).toBe('Hi there!');
  });

  it('previews against a sample contact, with problems and the variables to pick from', async () => {
    const preview = await ok('POST', '/canned-responses/preview', { body: 'Hi {{contact.first_name}}, tier {{contact.custom.tier}} {{nope}}' }, viewer);
    expect(preview.data.text).toBe('Hi Jo, tier [Loyalty tier] {{nope}}');
    expect((preview.data.problems as { variable: string }[]).map((problem) => problem.variable)).toEqual(['nope']);
    expect((preview.data.variables as { name: string }[]).map((variable) => variable.name)).toContain('contact.custom.tier');
  });

  it('lets agents use but not edit canned responses, viewers only read', async () => {
    expect((await inject('POST', '/canned-responses', { name: 'A', shortcut: 'a', body: 'b' }, agent)).status).toBe(403);
    const id = (await ok('GET', '/canned-responses?q=hi', undefined, viewer)).data[0]!.id as string;
    const conversationId = await conversationWith(['x']);
    expect((await inject('POST', `/canned-responses/${id}/render`, { conversationId }, viewer)).status).toBe(403);
    expect((await inject('POST', `/canned-responses/${id}/render`, { conversationId }, agent)).status).toBe(200);
  });

  it("answers 404 for another workspace's canned responses and conversations", async () => {
    const mine = (await ok('GET', '/canned-responses?q=hi')).data[0]!.id as string;
    const theirs = await inject('POST', '/canned-responses', { name: 'Theirs', shortcut: 'hi', body: 'Hi' }, other.owner, other.ws);
    expect(theirs.status).toBe(201);
    const theirId = theirs.body.data.id as string;
    expect((await inject('GET', `/canned-responses/${theirId}`)).status).toBe(404);
    expect((await inject('PATCH', `/canned-responses/${theirId}`, { name: 'Mine now' })).status).toBe(404);
    expect((await inject('DELETE', `/canned-responses/${theirId}`)).status).toBe(404);
    const conversationId = await conversationWith(['x']);
    expect((await inject('POST', `/canned-responses/${theirId}/render`, { conversationId })).status).toBe(404);
    const rendered = await inject('POST', `/canned-responses/${mine}/render`, { conversationId }, other.owner, other.ws);
    expect(rendered.status).toBe(404);
    const ours = await inject('POST', `/canned-responses/${mine}/render`, { conversationId: 'conv_nope' });
    expect(ours.status).toBe(404);
    expect(ours.body.error!.code).toBe('conversation.not_found');
  });
});

describe('knowledge library', () => {
  let refundId: string;

  it('creates articles and video demos, searches them by full text, changes and deletes them', async () => {
    const refund = await ok('POST', '/knowledge-articles', { title: 'How refunds work', body: 'We refund the card you paid with. Refunds take 5 business days.', tags: ['Billing', 'billing'], language: 'en' });
    refundId = refund.data.id as string;
    expect(refund.data).toMatchObject({ kind: 'article', tags: ['billing'], url: null, language: 'en' });
    await ok('POST', '/knowledge-articles', { kind: 'video', title: 'Lacing your Zephyr runners', url: 'https://videos.example.com/lacing', tags: ['shoes'] });
    await ok('POST', '/knowledge-articles', { title: 'Shipping times', body: 'Orders ship within two days; tracking arrives by email.' });
    const noUrl = await inject('POST', '/knowledge-articles', { kind: 'video', title: 'No address' });
    expect(noUrl.status).toBe(400);
    expect((await inject('POST', '/knowledge-articles', { title: 'Bad', url: 'javascript:alert(1)' })).status).toBe(400);

    expect((await ok('GET', '/knowledge-articles?q=refund')).data.map((row) => row.title)).toEqual(['How refunds work']);
    expect((await ok('GET', '/knowledge-articles?q=lacing%20zephyr')).data.map((row) => row.title)).toEqual(['Lacing your Zephyr runners']);
    expect((await ok('GET', '/knowledge-articles?q=billing')).data.map((row) => row.id)).toEqual([refundId]);
    expect((await ok('GET', '/knowledge-articles?kind=video')).data.map((row) => row.kind)).toEqual(['video']);
    expect((await ok('GET', '/knowledge-articles?tag=shoes')).data).toHaveLength(1);
    const firstPage = await ok('GET', '/knowledge-articles?limit=2');
    expect(firstPage.data.map((row) => row.title)).toEqual(['Shipping times', 'Lacing your Zephyr runners']);
    expect((await ok('GET', `/knowledge-articles?limit=2&cursor=${firstPage.nextCursor}`)).data.map((row) => row.title)).toEqual(['How refunds work']);

    const changed = await ok('PATCH', `/knowledge-articles/${refundId}`, { title: 'Refunds and returns' });
    expect(changed.data.title).toBe('Refunds and returns');
    expect((await ok('GET', '/knowledge-articles?q=returns')).data.map((row) => row.id)).toEqual([refundId]);
    const video = (await ok('GET', '/knowledge-articles?kind=video')).data[0]!.id as string;
    expect((await inject('PATCH', `/knowledge-articles/${video}`, { url: null })).status).toBe(400);
  });

  it('lets managers edit, everyone read; 404 across workspaces', async () => {
    expect((await inject('POST', '/knowledge-articles', { title: 'x' }, agent)).status).toBe(403);
    expect((await inject('GET', `/knowledge-articles/${refundId}`, undefined, viewer)).status).toBe(200);
    expect((await inject('GET', `/knowledge-articles/${refundId}`, undefined, other.owner, other.ws)).status).toBe(404);
    expect((await inject('PATCH', `/knowledge-articles/${refundId}`, { title: 'x' }, other.owner, other.ws)).status).toBe(404);
    expect((await inject('DELETE', `/knowledge-articles/${refundId}`, undefined, other.owner, other.ws)).status).toBe(404);
    const temp = await ok('POST', '/knowledge-articles', { title: 'Temporary' });
    await ok('DELETE', `/knowledge-articles/${temp.data.id}`);
    expect((await inject('GET', `/knowledge-articles/${temp.data.id}`)).status).toBe(404);
  });
});

describe('suggestions', () => {
  it('suggests the refund article and the refund reply for a refund complaint, attached articles first', async () => {
    const shipping = (await ok('GET', '/knowledge-articles?q=shipping')).data[0]!.id as string;
    const conversationId = await conversationWith(['Hi, my order arrived yesterday', 'The shoes were charged twice and I want my money refunded!!'], { suggestedArticleIds: [shipping] });
    const suggestions = await ok('GET', `/conversations/${conversationId}/suggestions`, undefined, viewer);
    const articles = suggestions.data.articles as unknown as { id: string; title: string; attached: boolean; score: number }[];
    // The video about shoes matches "shoes" too, but the refund article matches more of the complaint.
    expect(articles.map((article) => [article.title, article.attached])).toEqual([
      ['Shipping times', true],
      ['Refunds and returns', false],
      ['Lacing your Zephyr runners', false],
    ]);
    expect(articles[1]!.score).toBeGreaterThan(articles[2]!.score);
    const replies = suggestions.data.replies as unknown as { shortcut: string }[];
    expect(replies[0]!.shortcut).toBe('refund');
  });

  it('reads the latest inbound message for replies and stems in the conversation language', async () => {
    await ok('POST', '/knowledge-articles', { title: 'Remboursement', body: 'Nous remboursons votre carte sous cinq jours.', language: 'fr' });
    const conversationId = await conversationWith(['Je voudrais être remboursée, svp'], { language: 'fr' });
    const suggestions = await ok('GET', `/conversations/${conversationId}/suggestions`);
    expect((suggestions.data.articles as unknown as { title: string }[]).map((article) => article.title)).toEqual(['Remboursement']);
  });

  it('answers empty lists for a conversation with nothing inbound, and 404 for another workspace', async () => {
    const quiet = await conversationWith([]);
    expect((await ok('GET', `/conversations/${quiet}/suggestions`)).data).toEqual({ articles: [], replies: [] });
    const otherChannel = newId('ch');
    await t.db.database.db.insert(channels).values({ id: otherChannel, workspaceId: other.ws, type: 'webchat', name: 'Theirs' });
    const theirs = await conversationWith(['refund please'], {}, other.ws, otherChannel);
    expect((await inject('GET', `/conversations/${theirs}/suggestions`)).status).toBe(404);
  });
});
