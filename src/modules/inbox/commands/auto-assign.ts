// autoAssign: picks an agent of a team by the team's assignment method (manual: nobody; round_robin;
// capacity). A team's turns are taken one at a time: each holds the team's advisory lock until the
// caller's transaction commits the assignment, so every turn sees the one before it and the rotation
// stays strict when conversations arrive together (skipping agents that other turns were busy with let
// one agent take several in a row under load). The hold is short (read the statuses, stamp the pick,
// write the conversation), and other teams' turns run alongside. The picked agent's status row is read
// under its row lock, since availability, capacity and open conversations also change outside the team
// (an agent resolving, a manager setting someone away, a turn of another team the agent belongs to),
// so an agent never goes over capacity. The pick is stamped as the agent's last assignment (round-robin).
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import * as inbox from '../repository.js';
import { rankAgents } from '../routing/assignment.js';
import type { AssignmentMethod } from '../../../db/tables/inbox.js';
import { textArray } from '../../../lib/sql.js';
import { agentStatusesOf, claimAgentStatus, ensureAgentStatuses, findTeamSettings, upsertAgentStatus, type AgentStatusRow } from '../routing/repository.js';

export async function autoAssign(db: Executor, workspaceId: string, _conversationId: string, teamId: string, now: Date = new Date()): Promise<string | null> {
  const settings = await findTeamSettings(db, workspaceId, teamId);
  const method = settings?.assignmentMethod ?? 'manual';
  if (method === 'manual') return null;
  // Inside a caller's transaction this is a savepoint; the locks last until the caller commits.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`parley-team-turn:${teamId}`}, 0))`);
    const memberIds = await inbox.teamMemberIds(tx, workspaceId, teamId);
    let agents = await agentStatusesOf(tx, workspaceId, memberIds);
    // Each agent needs a status row to be claimed: those who have none get the defaults' row.
    if (agents.some((agent) => !agent.stored)) {
      await ensureAgentStatuses(tx, workspaceId, memberIds);
      agents = await agentStatusesOf(tx, workspaceId, memberIds);
    }
    const latest = Math.max(0, ...agents.map((agent) => agent.lastAssignedAt?.getTime() ?? 0));
    for (const memberId of rankAgents(method, agents)) {
      const claimed = await claimAgentStatus(tx, workspaceId, memberId);
      if (!claimed || claimed.availability !== 'online' || claimed.openConversations >= claimed.capacity) continue;
      // Stamped after every earlier turn even within one millisecond, so the rotation order is strict.
      await upsertAgentStatus(tx, workspaceId, memberId, { lastAssignedAt: new Date(Math.max(now.getTime(), latest + 1, (claimed.lastAssignedAt?.getTime() ?? 0) + 1)) });
      return memberId;
    }
    return null; // everyone is away or full
  });
}

/** What a batch's team turns need, read before any turn lock: the automatic teams' methods, members and their names. */
export type TurnSetup = { methods: Map<string, AssignmentMethod>; membership: { team_id: string; member_id: string }[]; names: Map<string, string> };

/**
 * Reads what the team turns of these teams need (nothing of it is locked: teams, memberships and names
 * are not what turns race on) and gives every member a status row to be claimed. A team none of whose
 * agents is available (online, with room) takes no turn: its conversations wait in its queue, as they
 * would had they arrived a moment before — and under a firehose, when everyone is full, batches do not
 * queue on that team's lock for nothing. Null when no team has a turn to take.
 */
export async function prepareTurns(tx: Executor, workspaceId: string, teamIds: string[]): Promise<TurnSetup | null> {
  if (teamIds.length === 0) return null;
  const membership = await tx.execute<{ team_id: string; member_id: string; assignment_method: AssignmentMethod; name: string; stored: boolean; available: boolean }>(sql`
    SELECT s.team_id, s.assignment_method, tm.member_id, u.name, a.member_id IS NOT NULL AS stored,
           a.member_id IS NULL OR (a.availability = 'online' AND a.open_conversations < a.capacity) AS available
      FROM team_inbox_settings s
      JOIN team_members tm ON tm.team_id = s.team_id AND tm.workspace_id = s.workspace_id
      JOIN members m ON m.id = tm.member_id AND m.workspace_id = s.workspace_id
      JOIN users u ON u.id = m.user_id
      LEFT JOIN agent_statuses a ON a.member_id = tm.member_id
     WHERE s.workspace_id = ${workspaceId} AND s.team_id = ANY(${textArray([...new Set(teamIds)])}) AND s.assignment_method <> 'manual'`);
  const open = new Set(membership.rows.filter((row) => row.available).map((row) => row.team_id));
  const rows = membership.rows.filter((row) => open.has(row.team_id));
  if (rows.length === 0) return null;
  if (rows.some((row) => !row.stored)) await ensureAgentStatuses(tx, workspaceId, [...new Set(rows.map((row) => row.member_id))].sort());
  return {
    methods: new Map(rows.map((row) => [row.team_id, row.assignment_method])),
    membership: rows.map(({ team_id, member_id }) => ({ team_id, member_id })),
    names: new Map(rows.map((row) => [row.member_id, row.name])),
  };
}

/**
 * Team turns for many conversations at once (the inbound batch), in the order given, with what
 * prepareTurns read. The teams' turn locks are taken in id order (two batches never wait on each other
 * crosswise), then all their agents' status rows, locked together in member order and read fresh; the
 * picks are made in memory, each seeing the ones before it (round-robin moves on, capacity fills up),
 * and the picked agents' last assignment is stamped in one statement. Returns each conversation's pick;
 * none for a manual team or when everyone is away or full. The locks are held to the commit: the
 * caller takes its turns after all the writes that do not depend on them.
 */
export async function takeTurns(tx: Executor, workspaceId: string, setup: TurnSetup, turns: { conversationId: string; teamId: string }[], now: Date = new Date()): Promise<Map<string, string>> {
  const picks = new Map<string, string>();
  const automatic = [...new Set(turns.map((turn) => turn.teamId))].filter((teamId) => setup.methods.has(teamId)).sort();
  if (automatic.length === 0) return picks;
  await tx.execute(sql`SELECT count(pg_advisory_xact_lock(hashtextextended('parley-team-turn:' || t, 0))) FROM unnest(${textArray(automatic)}) WITH ORDINALITY AS u(t, n)`);
  const wanted = new Set(automatic);
  const membership = setup.membership.filter((row) => wanted.has(row.team_id));
  const memberIds = [...new Set(membership.map((row) => row.member_id))].sort();
  const locked = await tx.execute<{ member_id: string; availability: AgentStatusRow['availability']; capacity: number; last_assigned_at: string | Date | null; open: number }>(sql`
    SELECT member_id, availability, capacity, last_assigned_at, open_conversations AS open FROM agent_statuses
     WHERE workspace_id = ${workspaceId} AND member_id = ANY(${textArray(memberIds)})
     ORDER BY member_id
     FOR NO KEY UPDATE`);
  // One status per agent, shared by the teams the agent is in.
  const statuses = new Map<string, AgentStatusRow>(
    locked.rows.map((row) => [
      row.member_id,
      { memberId: row.member_id, availability: row.availability, capacity: row.capacity, lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at) : null, openConversations: Number(row.open) },
    ]),
  );
  const agentsOf = new Map<string, AgentStatusRow[]>();
  for (const row of membership) {
    const status = statuses.get(row.member_id);
    if (status) agentsOf.set(row.team_id, [...(agentsOf.get(row.team_id) ?? []), status]);
  }
  const stamped = new Set<AgentStatusRow>();
  for (const turn of turns) {
    const method = setup.methods.get(turn.teamId);
    const agents = agentsOf.get(turn.teamId) ?? [];
    if (!method) continue;
    const [pick] = rankAgents(method, agents);
    if (!pick) continue;
    const agent = statuses.get(pick)!;
    // Stamped after every earlier turn even within one millisecond, so the rotation order is strict.
    const latest = Math.max(0, ...agents.map((other) => other.lastAssignedAt?.getTime() ?? 0));
    agent.lastAssignedAt = new Date(Math.max(now.getTime(), latest + 1));
    agent.openConversations += 1;
    stamped.add(agent);
    picks.set(turn.conversationId, pick);
  }
  if (stamped.size > 0) {
    const agents = [...stamped];
    await tx.execute(sql`
      UPDATE agent_statuses a SET last_assigned_at = v.at, updated_at = now()
        FROM unnest(${textArray(agents.map((agent) => agent.memberId))}, ${textArray(agents.map((agent) => agent.lastAssignedAt!.toISOString()))}::timestamptz[]) AS v(id, at)
       WHERE a.member_id = v.id AND a.workspace_id = ${workspaceId}`);
  }
  return picks;
}
