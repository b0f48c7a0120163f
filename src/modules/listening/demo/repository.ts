// The demo's own SQL: which workspace is the demo (its marker is the audit event written when it was
// created, which goes away with the workspace), and whether it already has recent demo mentions.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { DEMO_SOURCE } from './stream.js';

/** The audit action that marks a workspace as the demo. */
export const DEMO_MARKER_ACTION = 'workspace.demo_created';

/** The newest demo workspace, of which `userId` is a member when given. */
export async function findDemoWorkspaceId(db: Executor, userId?: string): Promise<string | null> {
  const found = await db.execute<{ workspace_id: string }>(sql`
    SELECT a.workspace_id
      FROM workspaces w
      JOIN audit_events a ON a.workspace_id = w.id AND a.entity_type = 'workspace' AND a.entity_id = w.id AND a.action = ${DEMO_MARKER_ACTION}
     WHERE ${userId === undefined ? sql`true` : sql`EXISTS (SELECT 1 FROM members m WHERE m.workspace_id = w.id AND m.user_id = ${userId})`}
     ORDER BY a.id DESC
     LIMIT 1`);
  return found.rows[0]?.workspace_id ?? null;
}

export async function isDemoWorkspaceId(db: Executor, workspaceId: string): Promise<boolean> {
  const found = await db.execute(sql`
    SELECT 1 FROM audit_events
     WHERE workspace_id = ${workspaceId} AND entity_type = 'workspace' AND entity_id = ${workspaceId} AND action = ${DEMO_MARKER_ACTION}
     LIMIT 1`);
  return found.rows.length > 0;
}

/** Demo mentions published in the last 7 days, the window the charts show. */
export async function countRecentDemoMentions(db: Executor, workspaceId: string): Promise<number> {
  const found = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM mentions
     WHERE workspace_id = ${workspaceId} AND source = ${DEMO_SOURCE} AND published_at > now() - interval '7 days'`);
  return found.rows[0]?.n ?? 0;
}
