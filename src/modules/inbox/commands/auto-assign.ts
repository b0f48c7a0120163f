// autoAssign: picks an agent of a team by the team's assignment method (manual: nobody; round_robin;
// capacity). Concurrent turns of one team do not queue behind one lock: each claims its agent's status
// row (FOR UPDATE SKIP LOCKED), so conversations arriving together go to the first, second, third agents
// in line at once. Under the claim the agent is read fresh: one assigned since the statuses were read
// means the order is stale and is read again; availability and capacity are checked there, so an agent
// never goes over capacity. Only when every agent in line is being given a conversation right now does
// a turn wait, for the first of them. The pick is stamped as the agent's last assignment (round-robin).
import type { Executor } from '../../../db/client.js';
import * as inbox from '../repository.js';
import { rankAgents } from '../routing/assignment.js';
import { agentStatusesOf, claimAgentStatus, ensureAgentStatuses, findTeamSettings, upsertAgentStatus } from '../routing/repository.js';

const MAX_ROUNDS = 5;
const stamp = (at: Date | null) => at?.getTime() ?? null;

export async function autoAssign(db: Executor, workspaceId: string, _conversationId: string, teamId: string, now: Date = new Date()): Promise<string | null> {
  const settings = await findTeamSettings(db, workspaceId, teamId);
  const method = settings?.assignmentMethod ?? 'manual';
  if (method === 'manual') return null;
  // Inside a caller's transaction this is a savepoint, and the claim lasts until the caller commits
  // the assignment, so the next turn sees it.
  return db.transaction(async (tx) => {
    const memberIds = await inbox.teamMemberIds(tx, workspaceId, teamId);
    let missing = true;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let agents = await agentStatusesOf(tx, workspaceId, memberIds);
      // Each agent in line needs a status row to be claimed: those who have none get the defaults' row.
      if (missing && agents.some((agent) => !agent.stored)) {
        await ensureAgentStatuses(tx, workspaceId, memberIds);
        agents = await agentStatusesOf(tx, workspaceId, memberIds);
      }
      missing = false;
      const ranked = rankAgents(method, agents);
      if (ranked.length === 0) return null;
      const seen = new Map(agents.map((agent) => [agent.memberId, stamp(agent.lastAssignedAt)]));
      const lastRound = round === MAX_ROUNDS - 1;
      let stale = false;
      let claimedAny = false;
      for (const memberId of ranked) {
        const claimed = await claimAgentStatus(tx, workspaceId, memberId);
        if (!claimed) continue; // being given a conversation by a concurrent turn
        claimedAny = true;
        // Assigned since the order was read: read it again (the last round takes what it can).
        if (stamp(claimed.lastAssignedAt) !== seen.get(memberId) && !lastRound) {
          stale = true;
          break;
        }
        if (claimed.availability !== 'online' || claimed.openConversations >= claimed.capacity) continue;
        const latest = Math.max(0, ...agents.map((agent) => agent.lastAssignedAt?.getTime() ?? 0), claimed.lastAssignedAt?.getTime() ?? 0);
        // Stamped after every earlier turn even within one millisecond, so the rotation order is strict.
        await upsertAgentStatus(tx, workspaceId, memberId, { lastAssignedAt: new Date(Math.max(now.getTime(), latest + 1)) });
        return memberId;
      }
      // Everyone in line is being given a conversation right now: wait for the first, then read again.
      if (!claimedAny) await claimAgentStatus(tx, workspaceId, ranked[0]!, { wait: true });
      else if (!stale) return null; // everyone in line is away or full
    }
    return null;
  });
}
