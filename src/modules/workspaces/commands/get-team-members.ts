// Other domains call this to address a team: it must be of the workspace; its members are who to notify.
import type { Executor } from '../../../db/client.js';
import { notFound } from '../../../server/errors.js';
import { findTeam, listTeamMemberIds } from '../repository.js';

export async function getTeamMembers(db: Executor, workspaceId: string, teamId: string): Promise<{ id: string; name: string; memberIds: string[] }> {
  const team = await findTeam(db, workspaceId, teamId);
  if (!team) throw notFound('team', teamId);
  return { id: team.id, name: team.name, memberIds: await listTeamMemberIds(db, teamId) };
}
