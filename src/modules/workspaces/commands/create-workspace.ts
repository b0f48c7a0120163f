// Creates a workspace with its first owner; used by first-run setup, the API and `parley admin`.
import type { Database } from '../../../db/client.js';
import { newId } from '../../../lib/ids.js';
import type { Actor } from '../../../server/context.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { insertMember, insertWorkspace } from '../repository.js';

export async function createWorkspace(
  db: Database,
  input: { name: string; ownerUserId: string; actor: Actor; requestId?: string | null; ipAddress?: string | null },
) {
  return db.transaction(async (tx) => {
    const workspace = await insertWorkspace(tx, { id: newId('ws'), name: input.name.trim() });
    const member = await insertMember(tx, { id: newId('mem'), workspaceId: workspace.id, userId: input.ownerUserId, role: 'owner' });
    const ctx = {
      actor: input.actor,
      workspace: { workspaceId: workspace.id, role: 'owner' as const, memberId: member!.id },
      requestId: input.requestId ?? null,
      ipAddress: input.ipAddress ?? null,
    };
    await recordAuditEvent(tx, ctx, { action: 'workspace.created', entityType: 'workspace', entityId: workspace.id, after: { name: workspace.name } });
    await recordAuditEvent(tx, ctx, {
      action: 'member.added',
      entityType: 'member',
      entityId: member!.id,
      after: { userId: input.ownerUserId, role: 'owner' },
    });
    return { workspace, ownerMemberId: member!.id };
  });
}
