// Workspace events for the real-time channel. They are sent with pg_notify inside the transaction of
// the change, so PostgreSQL delivers them only if it commits, to every web process that LISTENs.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { textArray } from '../lib/sql.js';

export const EVENTS_CHANNEL = 'parley_events';

export type WorkspaceEvent = { workspaceId: string; type: string; data: Record<string, unknown>; at: string };

export async function emitEvent(tx: Executor, workspaceId: string, type: string, data: Record<string, unknown>): Promise<void> {
  await emitEvents(tx, workspaceId, [{ type, data }]);
}

/** Several events of one change in one statement (a round trip saved per event on the busiest paths). */
export async function emitEvents(tx: Executor, workspaceId: string, events: { type: string; data: Record<string, unknown> }[]): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(sql`SELECT ${notifySql(workspaceId, events)}`);
}

/**
 * The pg_notify calls of emitEvents (at least one event), for a statement that does more in the same
 * round trip: one expression whatever the number of events (their payloads travel as one array), so
 * the statement's text, and the plan PostgreSQL keeps for it, is the same for every batch.
 */
export function notifySql(workspaceId: string, events: { type: string; data: Record<string, unknown> }[]): SQL {
  const at = new Date().toISOString();
  const payloads = events.map(({ type, data }) => JSON.stringify({ workspaceId, type, data, at } satisfies WorkspaceEvent));
  return sql`(SELECT count(pg_notify(${EVENTS_CHANNEL}, e.payload)) FROM unnest(${textArray(payloads)}) AS e(payload))`;
}
