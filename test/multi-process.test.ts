// Several processes on one external PostgreSQL: two web processes and two workers start together
// (racing migrations), serve, fan events out between web processes, and share the job queue.
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openJobQueue } from '../src/jobs/worker.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { errorLines, freePort, runParley, runParleyToEnd, waitUntilReady, type ParleyProcess } from './helpers/process.js';

let database: TestDatabase;
const processes: ParleyProcess[] = [];
let webUrls: string[] = [];

beforeAll(async () => {
  // An empty database: the processes migrate it themselves, concurrently, under the advisory lock.
  database = await createTestDatabase();
  await database.database.pool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA parley_meta CASCADE; DROP SCHEMA graphile_worker CASCADE');
  const env = { DATABASE_URL: database.url, PARLEY_SECRET: 'a-shared-secret-for-all-processes-0123456789' };
  const ports = [await freePort(), await freePort()];
  webUrls = ports.map((port) => `http://127.0.0.1:${port}`);
  for (const port of ports) processes.push(runParley(['start', '--role', 'web', '--port', String(port)], env));
  processes.push(runParley(['start', '--role', 'worker'], env), runParley(['start', '--role', 'worker'], env));
  await Promise.all(webUrls.map((url, i) => waitUntilReady(url, processes[i]!)));
}, 120_000);

afterAll(async () => {
  for (const run of processes) run.child.kill('SIGTERM');
  const codes = await Promise.all(processes.map((run) => run.exited));
  await database.drop();
  expect(codes).toEqual([0, 0, 0, 0]);
});

it('serves from both web processes and delivers an event raised through one to a browser on the other', { timeout: 60_000 }, async () => {
  const setup = await fetch(`${webUrls[0]}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Max Owner', email: 'max@example.com', password: 'many processes here', workspaceName: 'Scale Co' }),
  });
  expect(setup.status).toBe(201);
  const cookie = setup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const workspaceId = ((await setup.json()) as { data: { workspace: { id: string } } }).data.workspace.id;

  // The session made on web 1 works on web 2 (shared secret, shared database).
  const socket = new WebSocket(`${webUrls[1]!.replace('http', 'ws')}/api/v1/realtime?workspace=${workspaceId}`, { headers: { cookie } });
  const received: string[] = [];
  const gotTeam = new Promise<void>((resolve) =>
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string };
      received.push(message.type);
      if (message.type === 'team.created') resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  while (!received.includes('realtime.connected')) await new Promise((resolve) => setTimeout(resolve, 20));

  const team = await fetch(`${webUrls[0]}/api/v1/teams`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-parley-workspace': workspaceId },
    body: JSON.stringify({ name: 'Service' }),
  });
  expect(team.status).toBe(201);
  await gotTeam;
  socket.close();
});

it('shuts a removed member out of the other web process at once, though it remembers memberships for a few seconds', { timeout: 60_000 }, async () => {
  const headers = (cookie: string, workspaceId: string) => ({ cookie, 'content-type': 'application/json', 'x-parley-workspace': workspaceId });
  const owner = await fetch(`${webUrls[0]}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: webUrls[0]! },
    body: JSON.stringify({ email: 'max@example.com', password: 'many processes here' }),
  });
  expect(owner.status).toBe(200);
  const ownerCookie = owner.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = (await (await fetch(`${webUrls[0]}/api/v1/me`, { headers: { cookie: ownerCookie } })).json()) as { data: { workspaces: { id: string }[] } };
  const workspaceId = me.data.workspaces[0]!.id;
  const invitation = await fetch(`${webUrls[0]}/api/v1/invitations`, { method: 'POST', headers: headers(ownerCookie, workspaceId), body: JSON.stringify({ role: 'agent' }) });
  expect(invitation.status).toBe(201);
  const { token } = ((await invitation.json()) as { data: { token: string } }).data;
  const accepted = await fetch(`${webUrls[0]}/api/v1/invitation-links/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: webUrls[0]! },
    body: JSON.stringify({ name: 'Ada Agent', email: 'ada@example.com', password: 'adas long password' }),
  });
  expect(accepted.status).toBe(201);
  const agentCookie = accepted.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

  // Web 2 lets the agent in, and so remembers the membership.
  expect((await fetch(`${webUrls[1]}/api/v1/conversations?view=mine`, { headers: headers(agentCookie, workspaceId) })).status).toBe(200);
  const members = (await (await fetch(`${webUrls[0]}/api/v1/members?q=ada`, { headers: headers(ownerCookie, workspaceId) })).json()) as { data: { id: string }[] };
  const removed = await fetch(`${webUrls[0]}/api/v1/members/${members.data[0]!.id}`, { method: 'DELETE', headers: { cookie: ownerCookie, 'x-parley-workspace': workspaceId } });
  expect(removed.status).toBe(204);
  // The removal's event reaches web 2 within moments; the memory alone would keep the agent in for 5 s.
  const removedAt = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - removedAt < 2_000) {
    status = (await fetch(`${webUrls[1]}/api/v1/conversations?view=mine`, { headers: headers(agentCookie, workspaceId) })).status;
    if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(status).toBe(404);
});

it('runs enqueued jobs on the worker processes', { timeout: 60_000 }, async () => {
  const pool = database.database.pool;
  const user = await pool.query<{ id: string }>('SELECT id FROM users LIMIT 1');
  await pool.query(
    `INSERT INTO sessions (id, token, user_id, expires_at) VALUES ('expired-session', 'expired-token', $1, now() - interval '1 day')`,
    [user.rows[0]!.id],
  );
  // A rate-limit window that has ended goes too; one still running stays.
  await pool.query(
    `INSERT INTO auth_rate_limits (key, hits, resets_at) VALUES ('POST /api/v1/auth/sign-in 10.0.0.1', 3, now() - interval '1 minute'), ('POST /api/v1/auth/sign-in 10.0.0.2', 2, now() + interval '1 hour')`,
  );
  const queue = await openJobQueue(pool);
  await queue.enqueue('accounts.cleanup_expired', {}, { jobKey: 'cleanup-now' });
  await queue.close();
  const deadline = Date.now() + 30_000;
  let remaining = 1;
  while (remaining > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    remaining = (await pool.query(`SELECT 1 FROM sessions WHERE id = 'expired-session'`)).rowCount ?? 0;
  }
  expect(remaining).toBe(0);
  const windows = await pool.query<{ key: string }>(`SELECT key FROM auth_rate_limits WHERE key LIKE '% 10.0.0.%' ORDER BY key`);
  expect(windows.rows.map((row) => row.key)).toEqual(['POST /api/v1/auth/sign-in 10.0.0.2']);
});

it('logged no errors in any process', () => {
  for (const run of processes) expect(errorLines(run.output())).toEqual([]);
});

it('migrates from the command line, idempotently', async () => {
  const result = await runParleyToEnd(['migrate'], { DATABASE_URL: database.url });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({ migrated: true });
});
