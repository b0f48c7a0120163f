// Decides whether a signed-in person may act in a workspace, and with which role. A workspace the
// person does not belong to answers exactly like one that does not exist.
import type { Database } from '../../../db/client.js';
import type { WorkspaceAccess } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { findMembership } from '../repository.js';

export async function resolveWorkspaceAccess(db: Database, userId: string, workspaceId: string): Promise<WorkspaceAccess> {
  const membership = await findMembership(db, workspaceId, userId);
  if (!membership) throw notFound('workspace', workspaceId);
  return { workspaceId, role: membership.role, memberId: membership.id };
}
