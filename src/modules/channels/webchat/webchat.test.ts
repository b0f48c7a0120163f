// The web chat over a real socket: a visitor's token resumes them with their history, a message re-sent
// after a reconnection is stored once, bad frames get error frames, the allowed origins are enforced,
// uploads are limited, agents' messages, typing and status reach the open widget, offline is said.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import WebSocket from 'ws';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from '../../../../test/helpers/factories.js';
import { emitEvent } from '../../../server/events.js';
import { webchatDriver } from './webchat-driver.js';
import { webchatHubOf } from './webchat-routes.js';

let t: TestApp;
let ws: string;
let owner: TestUser;
let base: string;
let channelId: string;

type Frame = { type: string } & Record<string, unknown>;
type Body = { data: Record<string, unknown> & Record<string, unknown>[]; error?: { code: string; message: string } };
const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, user = owner, workspaceId = ws) => {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(user, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as Body };
};
const rows = async <T>(text: string, params: unknown[] = []) => (await t.db.database.pool.query(text, params)).rows as T[];

/** A widget's socket that keeps every frame it gets, and waits for the next one matching. */
class Visitor {
  frames: Frame[] = [];
  private waiters: { test: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
  }
  static open(channel = channelId, headers: Record<string, string> = {}): Promise<Visitor> {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/webchat/${channel}/socket`, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Visitor(socket)));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }
  send(frame: unknown) {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  next(type: string, test: (frame: Frame) => boolean = () => true): Promise<Frame> {
    const seen = this.frames.find((frame) => frame.type === type && test(frame));
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.push({ test: (frame) => frame.type === type && test(frame), resolve: (frame) => {
      this.frames.splice(this.frames.indexOf(frame), 1);
      resolve(frame);
    } }));
  }
  async hello(token?: string) {
    this.send({ type: 'hello', ...(token ? { token } : {}), pageUrl: 'https://shop.example.com/pricing' });
    return this.next('welcome') as Promise<Frame & { token: string; visitor: { id: string }; history: { id: string; clientId: string | null; text: string; from: string }[]; agentsOnline: boolean; prechatRequired: boolean }>;
  }
  close() {
    this.socket.close();
    return new Promise((resolve) => this.socket.once('close', resolve));
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  ws = acme.workspace.id;
  owner = acme.owner;
  const created = await inject('POST', '/channels', { type: 'webchat', name: 'Site chat', config: { greeting: 'Hello there', color: '#e8590c' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  channelId = created.body.data.id as string;
  await webchatHubOf(t.db.database.pool)!.ready();
});

afterAll(async () => t.close());

describe('channel accounts', () => {
  it('creates a web chat with its script tag, checks config, refuses types not available, hides other workspaces', async () => {
    const got = await inject('GET', `/channels/${channelId}`);
    expect(got.body.data).toMatchObject({ type: 'webchat', name: 'Site chat', config: { greeting: 'Hello there', color: '#e8590c', prechatFields: [] }, enabled: true });
    expect((got.body.data.widget as { snippet: string }).snippet).toBe(`<script src="http://localhost:3000/widget.js" data-channel="${channelId}" async></script>`);
    const bad = await inject('POST', '/channels', { type: 'webchat', config: { color: 'orange' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('channel.invalid_config');
    // Listening channels come with listening sources; they are not created here.
    expect((await inject('POST', '/channels', { type: 'listening', config: {} })).body.error?.code).toBe('channel.type_unavailable');
    const patched = await inject('PATCH', `/channels/${channelId}`, { config: { greeting: 'Hello there', color: '#e8590c', prechatFields: [] }, name: 'Website' });
    expect(patched.body.data).toMatchObject({ name: 'Website' });
    const list = await inject('GET', '/channels?type=webchat');
    expect((list.body.data as unknown as { id: string }[]).map((c) => c.id)).toEqual([channelId]);
    const other = await createWorkspaceWithOwner(t, 'Other');
    expect((await inject('GET', `/channels/${channelId}`, undefined, other.owner, other.workspace.id)).status).toBe(404);
    const agent = await addMember(t, ws, 'agent');
    expect((await inject('POST', '/channels', { type: 'webchat' }, agent.user)).status).toBe(403);
    const removable = await inject('POST', '/channels', { type: 'webchat' });
    expect((await inject('DELETE', `/channels/${removable.body.data.id as string}`)).status).toBe(204);
    expect((await inject('GET', `/channels/${removable.body.data.id as string}`)).status).toBe(404);
  });
});

describe('the widget socket', () => {
  it('resumes a visitor by token with their history, and stores a message re-sent after reconnecting once', async () => {
    const first = await Visitor.open();
    const welcome = await first.hello();
    expect(welcome).toMatchObject({ history: [], agentsOnline: false, prechatRequired: false, config: { greeting: 'Hello there' } });
    expect(welcome.token.length).toBeGreaterThan(30);
    first.send({ type: 'message', clientId: 'client-msg-1', text: 'Do you ship to Norway?' });
    const ack = await first.next('ack');
    expect(ack).toMatchObject({ clientId: 'client-msg-1', messageId: expect.any(String) });
    // Only the token's hash is stored.
    const [stored] = await rows<{ token_hash: string; conversation_id: string }>('SELECT token_hash, conversation_id FROM webchat_visitors WHERE id = $1', [welcome.visitor.id]);
    expect(stored!.token_hash).not.toContain(welcome.token);
    expect(stored!.conversation_id).toMatch(/^cv_/);
    await first.close();

    const again = await Visitor.open();
    const resumed = await again.hello(welcome.token);
    expect(resumed.visitor.id).toBe(welcome.visitor.id);
    expect(resumed.history).toMatchObject([{ id: ack.messageId, clientId: 'client-msg-1', text: 'Do you ship to Norway?', from: 'visitor' }]);
    // The widget did not hear the first ack before the reload, so it sends the message again.
    again.send({ type: 'message', clientId: 'client-msg-1', text: 'Do you ship to Norway?' });
    expect(await again.next('ack')).toMatchObject({ clientId: 'client-msg-1', messageId: ack.messageId });
    const counted = await rows<{ n: number }>("SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND direction = 'inbound'", [stored!.conversation_id]);
    expect(counted[0]!.n).toBe(1);
    const [conversation] = await rows<{ channel_type: string; external_thread_id: string; contact_id: string | null }>('SELECT channel_type, external_thread_id, contact_id FROM conversations WHERE id = $1', [stored!.conversation_id]);
    expect(conversation).toMatchObject({ channel_type: 'webchat', external_thread_id: `${welcome.visitor.id}:1` });
    expect(conversation!.contact_id).toBeTruthy();

    // An unknown token is a new visitor with a new token.
    const stranger = await Visitor.open();
    const fresh = await stranger.hello('x'.repeat(43));
    expect(fresh.visitor.id).not.toBe(welcome.visitor.id);
    expect(fresh.token).not.toBe('x'.repeat(43));
    await Promise.all([again.close(), stranger.close()]);
  });

  it('answers malformed and invalid frames with error frames and stays open', async () => {
    const visitor = await Visitor.open();
    visitor.send('{not json');
    expect(await visitor.next('error')).toMatchObject({ code: 'frame.malformed' });
    visitor.send({ type: 'message', clientId: 'abcdef', text: 'before hello' });
    expect(await visitor.next('error')).toMatchObject({ code: 'hello.required' });
    visitor.send({ type: 'launch_missiles' });
    expect(await visitor.next('error')).toMatchObject({ code: 'frame.invalid' });
    await visitor.hello();
    visitor.send({ type: 'message', clientId: 'bad id!', text: 'hi' });
    expect(await visitor.next('error')).toMatchObject({ code: 'frame.invalid', ref: 'bad id!' });
    visitor.send({ type: 'message', clientId: 'empty-1', text: '   ' });
    expect(await visitor.next('error')).toMatchObject({ code: 'message.empty', ref: 'empty-1' });
    visitor.send({ type: 'message', clientId: 'toolong', text: 'x'.repeat(5001) });
    expect(await visitor.next('error')).toMatchObject({ code: 'frame.invalid' });
    visitor.send({ type: 'ping' });
    expect(await visitor.next('pong')).toEqual({ type: 'pong' });
    await visitor.close();
  });

  it('asks for the pre-chat form when the channel requires it', async () => {
    const created = await inject('POST', '/channels', { type: 'webchat', config: { prechatFields: ['name', 'email'] } });
    const visitor = await Visitor.open(created.body.data.id as string);
    expect((await visitor.hello()).prechatRequired).toBe(true);
    visitor.send({ type: 'message', clientId: 'early-1', text: 'hello?' });
    expect(await visitor.next('error')).toMatchObject({ code: 'prechat.required', ref: 'early-1' });
    visitor.send({ type: 'prechat', name: 'Nora Hansen', email: 'Nora@Example.com' });
    expect(await visitor.next('visitor')).toMatchObject({ visitor: { name: 'Nora Hansen', email: 'nora@example.com' }, prechatRequired: false });
    visitor.send({ type: 'message', clientId: 'after-1', text: 'My order is late' });
    await visitor.next('ack');
    const [contact] = await rows<{ name: string; email: string }>('SELECT c.name, c.email FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE v.channel_id = $1', [created.body.data.id]);
    expect(contact).toEqual({ name: 'Nora Hansen', email: 'nora@example.com' });
    await visitor.close();
  });

  it('refuses pages outside the allowed origins before the upgrade, and unknown or disabled channels', async () => {
    const created = await inject('POST', '/channels', { type: 'webchat', config: { allowedOrigins: ['https://shop.example.com'] } });
    const id = created.body.data.id as string;
    await expect(Visitor.open(id, { origin: 'https://evil.example.net' })).rejects.toThrow('HTTP 403');
    await expect(Visitor.open(id)).rejects.toThrow('HTTP 403');
    const allowed = await Visitor.open(id, { origin: 'https://shop.example.com' });
    await allowed.hello();
    await allowed.close();
    await expect(Visitor.open('ch_nope')).rejects.toThrow('HTTP 404');
    await inject('PATCH', `/channels/${id}`, { enabled: false });
    await expect(Visitor.open(id, { origin: 'https://shop.example.com' })).rejects.toThrow('HTTP 404');
    const config = await t.app.inject({ method: 'GET', url: `/api/v1/webchat/${channelId}/config`, headers: { origin: 'https://anywhere.example' } });
    expect(config.headers['access-control-allow-origin']).toBe('https://anywhere.example');
    expect(config.json()).toMatchObject({ data: { config: { greeting: 'Hello there' }, agentsOnline: false } });
  });

  it('says whether an agent is online (no status row counts as offline) and still takes the message', async () => {
    const visitor = await Visitor.open();
    expect((await visitor.hello()).agentsOnline).toBe(false);
    visitor.send({ type: 'message', clientId: 'offline-1', text: 'Anyone there?' });
    await visitor.next('ack');
    await t.db.database.pool.query("INSERT INTO agent_statuses (member_id, workspace_id, availability) SELECT id, workspace_id, 'online' FROM members WHERE workspace_id = $1 AND role = 'owner'", [ws]);
    await emitEvent(t.db.database.db, ws, 'agent_status.updated', {});
    expect(await visitor.next('agents')).toEqual({ type: 'agents', online: true });
    const later = await Visitor.open();
    expect((await later.hello()).agentsOnline).toBe(true);
    await t.db.database.pool.query('DELETE FROM agent_statuses WHERE workspace_id = $1', [ws]);
    await Promise.all([visitor.close(), later.close()]);
  });

  it('takes files within the limits and serves them to the visitor by token and to agents by session', async () => {
    const visitor = await Visitor.open();
    const { token } = await visitor.hello();
    const upload = (body: Buffer, contentType: string, headers: Record<string, string> = { 'x-parley-visitor': token }) =>
      t.app.inject({ method: 'POST', url: `/api/v1/webchat/${channelId}/files?name=receipt.png`, headers: { 'content-type': contentType, ...headers }, payload: body });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await upload(png, 'image/png', {})).statusCode).toBe(400);
    expect((await upload(png, 'image/png', { 'x-parley-visitor': 'y'.repeat(43) })).json()).toMatchObject({ error: { code: 'webchat.unknown_visitor' } });
    expect((await upload(png, 'application/x-msdownload')).statusCode).toBe(415);
    expect((await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'application/pdf')).statusCode).toBe(413);
    const ok = await upload(png, 'image/png');
    expect(ok.statusCode, ok.body).toBe(201);
    const file = (ok.json() as { data: { id: string } }).data;
    visitor.send({ type: 'message', clientId: 'with-file', text: '', attachments: [file.id] });
    await visitor.next('ack');
    visitor.send({ type: 'message', clientId: 'bad-file', text: 'x', attachments: ['file_nope'] });
    expect(await visitor.next('error')).toMatchObject({ code: 'attachment.not_found', ref: 'bad-file' });

    // Through the socket, in base64 chunks (how the widget uploads from another site): in order only.
    const text = Buffer.from('order 1042\n'.repeat(9000));
    const chunks = [text.subarray(0, 45_000), text.subarray(45_000, 90_000), text.subarray(90_000)];
    let offset = 0;
    for (const chunk of chunks) {
      visitor.send({ type: 'file', uploadId: 'upload-1', name: 'order.txt', contentType: 'text/plain', size: text.length, offset, data: chunk.toString('base64') });
      offset += chunk.length;
    }
    const stored = (await visitor.next('file_stored')) as unknown as { uploadId: string; file: { id: string; size: number; url: string } };
    expect(stored).toMatchObject({ uploadId: 'upload-1', file: { size: text.length } });
    expect((await t.app.inject({ method: 'GET', url: stored.file.url.replace('http://localhost:3000', '') })).rawPayload.equals(text)).toBe(true);
    visitor.send({ type: 'file', uploadId: 'upload-2', name: 'x.txt', contentType: 'text/plain', size: 10, offset: 5, data: 'aGVsbG8=' });
    expect(await visitor.next('error')).toMatchObject({ code: 'upload.out_of_order', ref: 'upload-2' });
    visitor.send({ type: 'file', uploadId: 'upload-3', name: 'x.exe', contentType: 'application/x-msdownload', size: 5, offset: 0, data: 'aGVsbG8=' });
    expect(await visitor.next('error')).toMatchObject({ code: 'frame.invalid' });

    const resumed = await Visitor.open();
    const history = (await resumed.hello(token)).history as unknown as { attachments: { url: string; name: string }[] }[];
    const url = history.at(-1)!.attachments[0]!.url;
    expect(url).toContain(`/api/v1/webchat/files/${file.id}?token=`);
    const got = await t.app.inject({ method: 'GET', url: url.replace('http://localhost:3000', '') });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/webchat/files/${file.id}?token=${'z'.repeat(43)}` })).statusCode).toBe(404);
    const [message] = await rows<{ attachments: { url: string }[] }>("SELECT attachments FROM messages WHERE external_id LIKE '%:with-file'");
    const agentUrl = message!.attachments[0]!.url;
    expect((await t.app.inject({ method: 'GET', url: agentUrl, headers: { cookie: owner.cookie } })).statusCode).toBe(200);
    const other = await createWorkspaceWithOwner(t, 'Elsewhere');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/message-files/${file.id}`, headers: as(other.owner, other.workspace.id) })).statusCode).toBe(404);
    await Promise.all([visitor.close(), resumed.close()]);
  });
});

describe('agents to the visitor', () => {
  it("delivers an agent's message to the open widget ('delivered'), or leaves it for history ('sent'); relays typing both ways and the status", async () => {
    const visitor = await Visitor.open();
    const welcome = await visitor.hello();
    visitor.send({ type: 'message', clientId: 'question-1', text: 'Where is my parcel?' });
    await visitor.next('ack');
    const [{ conversation_id: conversationId }] = (await rows<{ conversation_id: string }>('SELECT conversation_id FROM webchat_visitors WHERE id = $1', [welcome.visitor.id])) as [{ conversation_id: string }];
    const [{ id: memberId }] = (await rows<{ id: string }>("SELECT id FROM members WHERE workspace_id = $1 AND role = 'owner'", [ws])) as [{ id: string }];

    // Visitor typing reaches agents as a workspace event.
    const listener = new pg.Client({ connectionString: t.db.url });
    await listener.connect();
    const events: { type: string; data: Record<string, unknown> }[] = [];
    listener.on('notification', (n) => events.push(JSON.parse(n.payload!) as { type: string; data: Record<string, unknown> }));
    await listener.query('LISTEN parley_events');
    visitor.send({ type: 'typing', on: true });
    await expect.poll(() => events.find((e) => e.type === 'conversation.typing')?.data).toEqual({ conversationId, who: 'contact', on: true });
    await listener.end();

    // Agent typing reaches the visitor.
    expect((await inject('POST', `/conversations/${conversationId}/typing`, { on: true })).status).toBe(204);
    expect(await visitor.next('typing')).toMatchObject({ on: true, name: 'Olivia' });

    const outbound = async (text: string) => {
      const result = await t.db.database.db.execute<{ id: string }>(sql`
        INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, author_member_id, text, status)
        VALUES (${ws}, ${conversationId}, ${channelId}, 'outbound', ${memberId}, ${text}, 'sending') RETURNING id`);
      return String(result.rows[0]!.id);
    };
    const channel = { id: channelId, workspaceId: ws, type: 'webchat' as const, name: 'Website', config: {}, credentials: {} };
    const send = (messageId: string, text: string) =>
      webchatDriver.send({ db: t.db.database.db, channel }, {
        messageId, conversationId, externalThreadId: `${welcome.visitor.id}:1`, visibility: 'private', recipient: null, text, attachments: [], replyToExternalId: null, sourceMentionId: null,
      });
    const replyId = await outbound('It left our warehouse today.');
    expect(await send(replyId, 'It left our warehouse today.')).toEqual({ externalId: null, status: 'delivered' });
    await t.db.database.pool.query("UPDATE messages SET status = 'delivered' WHERE id = $1", [replyId]);
    expect(await visitor.next('message', (f) => (f.message as { id: string }).id === replyId)).toMatchObject({ message: { from: 'agent', authorName: 'Olivia', text: 'It left our warehouse today.' } });
    visitor.send({ type: 'read', messageId: replyId });
    await expect.poll(async () => (await rows<{ status: string }>('SELECT status FROM messages WHERE id = $1', [replyId]))[0]!.status).toBe('read');

    // Resolved by an agent: the widget hears the status.
    await t.db.database.pool.query("UPDATE conversations SET status = 'resolved' WHERE id = $1", [conversationId]);
    await emitEvent(t.db.database.db, ws, 'conversation.updated', { conversationId });
    expect(await visitor.next('status')).toEqual({ type: 'status', status: 'resolved' });

    await visitor.close();
    const laterId = await outbound('Anything else?');
    expect((await send(laterId, 'Anything else?')).status).toBe('sent');
    const back = await Visitor.open();
    expect((await back.hello(welcome.token)).history.map((m) => m.text)).toEqual(['Where is my parcel?', 'It left our warehouse today.', 'Anything else?']);
    await back.close();
  });
});
