// Workspace events for the real-time channel. They are sent with pg_notify inside the transaction of
// the change, so PostgreSQL delivers them only if it commits, to every web process that LISTENs.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export const EVENTS_CHANNEL = 'parley_events';

export type WorkspaceEvent = { workspaceId: string; type: string; data: Record<string, unknown>; at: string };

export async function emitEvent(tx: Executor, workspaceId: string, type: string, data: Record<string, unknown>): Promise<void> {
  const event: WorkspaceEvent = { workspaceId, type, data, at: new Date().toISOString() };
  await tx.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
}
