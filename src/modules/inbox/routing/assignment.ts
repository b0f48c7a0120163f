// Who gets the next conversation of a team, pure: round-robin gives it to the available agent
// assigned longest ago, capacity to the available agent with the most room. Away, offline and full
// agents are skipped; nobody available leaves the conversation in the team's queue.
import type { AssignmentMethod } from '../../../db/tables/inbox.js';
import type { AgentStatusRow } from './repository.js';

const time = (at: Date | null) => (at ? at.getTime() : -Infinity);
const byLongestWaiting = (a: AgentStatusRow, b: AgentStatusRow) => time(a.lastAssignedAt) - time(b.lastAssignedAt) || a.memberId.localeCompare(b.memberId);

/** The available agents in the order the method offers them the next conversation (first is the pick). */
export function rankAgents(method: AssignmentMethod, agents: AgentStatusRow[]): string[] {
  if (method === 'manual') return [];
  const available = agents.filter((agent) => agent.availability === 'online' && agent.openConversations < agent.capacity);
  const ordered = method === 'capacity' ? [...available].sort((a, b) => a.openConversations - b.openConversations || byLongestWaiting(a, b)) : [...available].sort(byLongestWaiting);
  return ordered.map((agent) => agent.memberId);
}
