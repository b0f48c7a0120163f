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
import { agentStatusesOf, claimAgentStatus, ensureAgentStatuses, findTeamSettings, upsertAgentStatus } from '../routing/repository.js';

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
