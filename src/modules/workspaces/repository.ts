// The only place with SQL for workspaces, members, teams, invitations and API keys. Every function
// that reads or writes workspace data takes the workspace id and filters by it.
import { and, asc, eq, ilike, inArray, isNull, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  apiKeys,
  invitations,
  members,
  teamMembers,
  teams,
  users,
  workspaces,
  type WorkspaceRole,
} from '../../db/schema.js';
import type { Cursor } from '../../lib/pagination.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

const afterCursor = (createdAt: typeof members.createdAt, id: typeof members.id, cursor: Cursor | null): SQL | undefined =>
  cursor ? sql`(${createdAt}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id})` : undefined;

// --- workspaces ---

export async function insertWorkspace(db: Executor, row: typeof workspaces.$inferInsert): Promise<WorkspaceRow> {
  const [created] = await db.insert(workspaces).values(row).returning();
  return created!;
}

export async function findWorkspace(db: Executor, workspaceId: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return row;
}

export async function updateWorkspace(db: Executor, workspaceId: string, patch: { name: string }): Promise<WorkspaceRow | undefined> {
  const [row] = await db
    .update(workspaces)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(workspaces.id, workspaceId))
    .returning();
  return row;
}

export async function listWorkspacesOfUser(db: Executor, userId: string) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: members.role, memberId: members.id, createdAt: workspaces.createdAt })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(eq(members.userId, userId))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

// --- members ---

const memberColumns = {
  id: members.id,
  workspaceId: members.workspaceId,
  userId: members.userId,
  role: members.role,
  createdAt: members.createdAt,
  name: users.name,
  email: users.email,
};
export type MemberRow = { id: string; workspaceId: string; userId: string; role: WorkspaceRole; createdAt: Date; name: string; email: string };

export async function findMembership(db: Executor, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ id: members.id, role: members.role })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), eq(members.userId, userId)));
  return row;
}

export async function findMember(db: Executor, workspaceId: string, memberId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId)));
  return row;
}

export type MemberFilter = { q?: string; role?: WorkspaceRole; teamId?: string };

export async function listMembers(db: Executor, workspaceId: string, filter: MemberFilter, cursor: Cursor | null, limit: number) {
  const conditions: (SQL | undefined)[] = [eq(members.workspaceId, workspaceId), afterCursor(members.createdAt, members.id, cursor)];
  if (filter.role) conditions.push(eq(members.role, filter.role));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)));
  }
  if (filter.teamId) {
    conditions.push(
      inArray(
        members.id,
        db
          .select({ id: teamMembers.memberId })
          .from(teamMembers)
          .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, filter.teamId))),
      ),
    );
  }
  return db
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(...conditions))
    .orderBy(asc(members.createdAt), asc(members.id))
    .limit(limit + 1);
}

export async function insertMember(db: Executor, row: typeof members.$inferInsert) {
  const [created] = await db.insert(members).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateMemberRole(db: Executor, workspaceId: string, memberId: string, role: WorkspaceRole) {
  await db
    .update(members)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId)));
}

export async function deleteMember(db: Executor, workspaceId: string, memberId: string) {
  await db.delete(members).where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId)));
}

/** Owners, locked FOR UPDATE so that two concurrent demotions cannot leave a workspace without one. */
export async function lockOwners(db: Executor, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), eq(members.role, 'owner')))
    .for('update');
  return rows.map((row) => row.id);
}

// --- teams ---

export async function listTeams(db: Executor, workspaceId: string) {
  return db
    .select({
      id: teams.id,
      name: teams.name,
      description: teams.description,
      createdAt: teams.createdAt,
      memberCount: sql<number>`(SELECT count(*)::int FROM ${teamMembers} WHERE ${teamMembers.teamId} = ${teams.id})`,
    })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(asc(teams.name));
}

export async function findTeam(db: Executor, workspaceId: string, teamId: string): Promise<TeamRow | undefined> {
  const [row] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return row;
}

export async function findTeamsByIds(db: Executor, workspaceId: string, teamIds: string[]): Promise<TeamRow[]> {
  if (teamIds.length === 0) return [];
  return db
    .select()
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)));
}

export async function listTeamMemberIds(db: Executor, teamId: string): Promise<string[]> {
  const rows = await db.select({ memberId: teamMembers.memberId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return rows.map((row) => row.memberId);
}

export async function insertTeam(db: Executor, row: typeof teams.$inferInsert): Promise<TeamRow> {
  const [created] = await db.insert(teams).values(row).returning();
  return created!;
}

export async function updateTeam(db: Executor, workspaceId: string, teamId: string, patch: { name?: string; description?: string }) {
  const [row] = await db
    .update(teams)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)))
    .returning();
  return row;
}

export async function deleteTeam(db: Executor, workspaceId: string, teamId: string) {
  await db.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
}

export async function teamsOfMembers(db: Executor, workspaceId: string, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({ memberId: teamMembers.memberId, id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.memberId, memberIds)))
    .orderBy(asc(teams.name));
}

export async function addTeamMember(db: Executor, workspaceId: string, teamId: string, memberId: string): Promise<boolean> {
  const rows = await db.insert(teamMembers).values({ workspaceId, teamId, memberId }).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function removeTeamMember(db: Executor, workspaceId: string, teamId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId), eq(teamMembers.memberId, memberId)))
    .returning();
  return rows.length > 0;
}

// --- invitations ---

export async function insertInvitation(db: Executor, row: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [created] = await db.insert(invitations).values(row).returning();
  return created!;
}

export async function listPendingInvitations(db: Executor, workspaceId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

export async function findInvitation(db: Executor, workspaceId: string, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, invitationId)));
  return row;
}

/** By token hash, across workspaces: the token itself is the proof of access. Locked for acceptance. */
export async function findInvitationByTokenHash(db: Executor, tokenHash: string, forUpdate = false) {
  const query = db
    .select({ invitation: invitations, workspaceName: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, tokenHash));
  const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query;
  return row;
}

export async function markInvitation(
  db: Executor,
  workspaceId: string,
  invitationId: string,
  patch: { acceptedAt?: Date; acceptedBy?: string; revokedAt?: Date },
) {
  await db
    .update(invitations)
    .set(patch)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, invitationId)));
}

// --- API keys ---

export async function insertApiKey(db: Executor, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [created] = await db.insert(apiKeys).values(row).returning();
  return created!;
}

export async function listApiKeys(db: Executor, workspaceId: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(asc(apiKeys.createdAt));
}

export async function findApiKey(db: Executor, workspaceId: string, apiKeyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, apiKeyId)));
  return row;
}

/** By hash, across workspaces: used to authenticate a request, which then acts in the key's workspace. */
export async function findActiveApiKeyByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

export async function revokeApiKey(db: Executor, workspaceId: string, apiKeyId: string) {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, apiKeyId)));
}

export async function touchApiKey(db: Executor, apiKeyId: string) {
  // At most once a minute per key, to keep hot integrations from writing on every request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.id, apiKeyId), or(isNull(apiKeys.lastUsedAt), sql`${apiKeys.lastUsedAt} < now() - interval '1 minute'`)));
}
