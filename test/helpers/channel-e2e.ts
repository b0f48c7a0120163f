// What the messaging channels' end-to-end tests share: the HTTP API as the workspace's owner, SQL reads
// of a message or the channel, a platform's webhook delivery posted (it must be stored: 200) and drained,
// and an agent's reply through the API sent by the send job it queued.
import { expect } from 'vitest';
import { SecretBox } from '../../src/lib/secrets.js';
import { deliverMessage } from '../../src/modules/inbox/jobs/send-message.js';
import { drainWebhookEvents } from '../../src/modules/channels/webhooks/drain-webhook-events.js';
import { TEST_SECRET, type TestApp } from './app.js';
import { as, type TestUser } from './factories.js';

export type ChannelTestState = { t: TestApp; owner: TestUser; workspaceId: string; channelId: string };
export type ApiBody = { data: Record<string, unknown>; error?: { code: string; message: string; details?: Record<string, unknown> } };

/** `state` is read at each call, so the kit can be made before beforeAll builds the app and the channel. */
export function channelTestKit(state: () => ChannelTestState) {
  const secrets = new SecretBox(TEST_SECRET);
  // As a worker: with the instance's public URL, so files stored in Parley go out by signed links.
  const deps = () => ({ db: state().t.db.database.db, secrets, publicUrl: 'http://localhost:3000' });

  const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const { t, owner, workspaceId } = state();
    const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: as(owner, workspaceId), ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as ApiBody, raw: response.body };
  };
  const rows = async <T>(text: string, params: unknown[] = []) => (await state().t.db.database.pool.query(text, params)).rows as T[];
  const messageRow = async (id: number) => (await rows<{ status: string; external_id: string | null; error: string | null }>('SELECT status, external_id, error FROM messages WHERE id = $1', [id]))[0]!;
  const channelRow = async () => (await rows<{ health: string; last_error: string | null }>('SELECT health, last_error FROM channels WHERE id = $1', [state().channelId]))[0]!;

  /** A delivery as the platform posts it (signed by the caller): stored, answered 200, then drained. */
  const postWebhook = async (url: string, body: string, headers: Record<string, string>) => {
    const { t } = state();
    const response = await t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });
    expect(response.statusCode, response.body).toBe(200);
    return drainWebhookEvents(t.db.database.db, { log: () => {} });
  };

  /** An agent's reply through the HTTP API; the send job it queued, run. */
  const reply = async (conversationId: string, payload: Record<string, unknown>, now?: Date) => {
    const response = await api('POST', `/conversations/${conversationId}/messages`, payload);
    expect(response.status, response.raw).toBe(201);
    const messageId = response.body.data.id as number;
    expect(await rows('SELECT 1 FROM graphile_worker.jobs WHERE task_identifier = $1 AND key = $2', ['inbox.send_message', `inbox-send:${messageId}`])).toHaveLength(1);
    return { messageId, outcome: await deliverMessage(deps(), state().workspaceId, messageId, now) };
  };

  return { secrets, deps, api, rows, messageRow, channelRow, postWebhook, reply };
}
