// Invitations by link. The token is shown once, in the link; only its hash is stored.
import type { Database } from '../../../db/client.js';
import type { WorkspaceRole } from '../../../db/schema.js';
import type { Actor, CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { canGrantRole } from '../roles.js';
import * as repo from '../repository.js';
import { actingRole } from './change-member-role.js';

export const INVITATION_TTL_DAYS = 7;

export async function createInvitation(
  ctx: CommandContext,
  input: { email?: string | null; role: WorkspaceRole; teamIds?: string[] },
) {
  const workspaceId = ctx.workspace.workspaceId;
  if (!canGrantRole(actingRole(ctx), input.role)) {
    throw new AppError('member.role_not_allowed', 403, `A ${actingRole(ctx)} cannot invite someone as ${input.role}.`, {
      role: input.role,
    });
  }
  const teamIds = [...new Set(input.teamIds ?? [])];
  return ctx.db.transaction(async (tx) => {
    const teams = await repo.findTeamsByIds(tx, workspaceId, teamIds);
    if (teams.length !== teamIds.length) {
      const known = new Set(teams.map((team) => team.id));
      throw notFound('team', teamIds.find((id) => !known.has(id)));
    }
    const token = randomToken(32);
    const invitation = await repo.insertInvitation(tx, {
      id: newId('inv'),
      workspaceId,
      email: input.email?.trim().toLowerCase() || null,
      role: input.role,
      teamIds,
      tokenHash: hashToken(token),
      invitedBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3600 * 1000),
    });
    await recordAuditEvent(tx, ctx, {
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: invitation.id,
      after: { email: invitation.email, role: invitation.role, teams: teams.map((team) => team.name) },
    });
    await emitEvent(tx, workspaceId, 'invitation.created', { id: invitation.id });
    return { invitation, token };
  });
}

export async function revokeInvitation(ctx: CommandContext, invitationId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const invitation = await repo.findInvitation(tx, workspaceId, invitationId);
    if (!invitation || invitation.revokedAt || invitation.acceptedAt) throw notFound('invitation', invitationId);
    await repo.markInvitation(tx, workspaceId, invitationId, { revokedAt: new Date() });
    await recordAuditEvent(tx, ctx, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: invitationId,
      before: { email: invitation.email, role: invitation.role },
    });
    await emitEvent(tx, workspaceId, 'invitation.revoked', { id: invitationId });
  });
}

const invalidInvitation = () =>
  new AppError('invitation.invalid', 404, 'This invitation link is not valid: it may have expired, been used or been revoked. Ask for a new one.');

/** What the invitation page shows before someone accepts; the token is the proof of access. */
export async function inspectInvitation(db: Database, token: string) {
  const row = await repo.findInvitationByTokenHash(db, hashToken(token));
  const invitation = row?.invitation;
  if (!row || !invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt < new Date()) throw invalidInvitation();
  return { invitation, workspaceName: row.workspaceName };
}

export async function acceptInvitation(
  db: Database,
  input: { token: string; user: { id: string; email: string }; actor: Actor; requestId?: string | null; ipAddress?: string | null },
) {
  return db.transaction(async (tx) => {
    const row = await repo.findInvitationByTokenHash(tx, hashToken(input.token), true);
    const invitation = row?.invitation;
    if (!row || !invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt < new Date()) throw invalidInvitation();
    if (invitation.email && invitation.email !== input.user.email.toLowerCase()) {
      throw new AppError('invitation.email_mismatch', 403, `This invitation is for ${invitation.email}; sign in with that address to accept it.`);
    }
    const workspaceId = invitation.workspaceId;
    const existing = await repo.findMembership(tx, workspaceId, input.user.id);
    if (existing) throw new AppError('invitation.already_member', 409, `You are already a member of ${row.workspaceName}.`, { workspaceId });
    const member = await repo.insertMember(tx, { id: newId('mem'), workspaceId, userId: input.user.id, role: invitation.role });
    const teams = await repo.findTeamsByIds(tx, workspaceId, invitation.teamIds);
    for (const team of teams) await repo.addTeamMember(tx, workspaceId, team.id, member!.id);
    await repo.markInvitation(tx, workspaceId, invitation.id, { acceptedAt: new Date(), acceptedBy: input.user.id });
    const ctx = {
      actor: input.actor,
      workspace: { workspaceId, role: invitation.role, memberId: member!.id },
      requestId: input.requestId ?? null,
      ipAddress: input.ipAddress ?? null,
    };
    await recordAuditEvent(tx, ctx, {
      action: 'member.added',
      entityType: 'member',
      entityId: member!.id,
      after: { userId: input.user.id, email: input.user.email, role: invitation.role, invitationId: invitation.id, teams: teams.map((t) => t.name) },
    });
    await emitEvent(tx, workspaceId, 'member.added', { id: member!.id });
    return { workspaceId, workspaceName: row.workspaceName, memberId: member!.id, role: invitation.role };
  });
}
