// Two web processes on one database: an event raised through one reaches a browser connected to the other.
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { addMember, as, createWorkspaceWithOwner, createUser, type TestUser } from '../../test/helpers/factories.js';

let database: TestDatabase;
let webA: TestApp;
let webB: TestApp;
let owner: TestUser;
let workspaceId: string;
let urlB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  webA = await buildTestApp({ database });
  webB = await buildTestApp({ database });
  const acme = await createWorkspaceWithOwner(webA, 'Acme');
  owner = acme.owner;
  workspaceId = acme.workspace.id;
  await webB.app.listen({ port: 0, host: '127.0.0.1' });
  const address = webB.app.server.address() as { port: number };
  urlB = `ws://127.0.0.1:${address.port}/api/v1/realtime`;
  await Promise.all([webA.app.realtime.ready(), webB.app.realtime.ready()]);
});

afterAll(async () => {
  await webA.close();
  await webB.close();
  await database.drop();
});

function connect(url: string, cookie: string) {
  const socket = new WebSocket(url, { headers: { cookie, host: 'localhost:3000' } });
  const messages: { type: string; data: Record<string, unknown> }[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (raw) => {
    messages.push(JSON.parse(String(raw)) as { type: string; data: Record<string, unknown> });
    for (const wake of waiters.splice(0)) wake();
  });
  type Message = (typeof messages)[number];
  const next = async (type: string, timeoutMs = 5000, matches: (message: Message) => boolean = () => true) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((message) => message.type === type && matches(message));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${messages.map((m) => m.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return { socket, next, messages, opened: new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject)) };
}

it('delivers an event raised through web process A to a browser connected to web process B', async () => {
  const client = connect(`${urlB}?workspace=${workspaceId}`, owner.cookie);
  await client.opened;
  await client.next('realtime.connected');
  const created = await webA.app.inject({ method: 'POST', url: '/api/v1/teams', headers: as(owner, workspaceId), payload: { name: 'Social Care' } });
  const teamId = (created.json() as { data: { id: string } }).data.id;
  const event = await client.next('team.created');
  expect(event.data).toEqual({ id: teamId });
  client.socket.close();
});

it('closes the real-time connection of someone removed from the workspace', async () => {
  const { memberId, user } = await addMember(webA, workspaceId, 'agent');
  const client = connect(`${urlB}?workspace=${workspaceId}`, user.cookie);
  await client.opened;
  await client.next('realtime.connected');
  const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
  const removed = await webA.app.inject({ method: 'DELETE', url: `/api/v1/members/${memberId}`, headers: as(owner, workspaceId) });
  expect(removed.statusCode).toBe(204);
  expect(await closed).toBe(4403);
});

it('refuses a real-time connection to a workspace the person is not in', async () => {
  const stranger = await createUser(webA);
  const client = connect(`${urlB}?workspace=${workspaceId}`, stranger.cookie);
  const outcome = await new Promise<string>((resolve) => {
    client.socket.once('unexpected-response', (_request, response) => resolve(`http ${response.statusCode}`));
    client.socket.once('open', () => resolve('open'));
  });
  expect(outcome).toBe('http 404');
});

it('relays who is viewing or typing in a conversation to the workspace\'s other people, and that they left when their socket closes', async () => {
  const { memberId: danaMemberId, user: dana } = await addMember(webA, workspaceId, 'agent');
  const { user: sam } = await addMember(webA, workspaceId, 'agent');
  const danaSocket = connect(`${urlB}?workspace=${workspaceId}`, dana.cookie);
  const samSocket = connect(`${urlB}?workspace=${workspaceId}`, sam.cookie);
  await Promise.all([danaSocket.opened, samSocket.opened]);
  await Promise.all([danaSocket.next('realtime.connected'), samSocket.next('realtime.connected')]);

  danaSocket.socket.send(JSON.stringify({ type: 'presence', conversationId: 'conv_1', state: 'typing' }));
  const seen = await samSocket.next('conversation.presence');
  expect(seen.data).toEqual({ conversationId: 'conv_1', memberId: danaMemberId, name: 'agent person', state: 'typing' });

  // Nonsense is ignored, and Dana is not told about herself.
  danaSocket.socket.send('not json');
  danaSocket.socket.send(JSON.stringify({ type: 'presence', conversationId: 'conv_1', state: 'shouting' }));
  danaSocket.socket.close();
  const left = await samSocket.next('conversation.presence', 5000, (message) => message.data.state === 'left');
  expect(left.data).toMatchObject({ conversationId: 'conv_1', memberId: danaMemberId, state: 'left' });
  expect(samSocket.messages.filter((message) => message.type === 'conversation.presence').map((message) => message.data.state)).toEqual(['typing', 'left']);
  expect(danaSocket.messages.some((message) => message.type === 'conversation.presence')).toBe(false);
  samSocket.socket.close();
});
