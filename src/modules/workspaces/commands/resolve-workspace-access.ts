// Decides whether a signed-in person may act in a workspace, and with which role. A workspace the
// person does not belong to answers exactly like one that does not exist.
import type { Database } from '../../../db/client.js';
import type { WorkspaceAccess } from '../../../server/context.js';
import { ExpiringMemo } from '../../../lib/expiring-memo.js';
import { notFound } from '../../../server/errors.js';
import { findMembership } from '../repository.js';

/**
 * Memberships this process read lately. Every request of a signed-in person needs one, and an agent's
 * inbox page sends several at once, so each is kept for 5 seconds. A change of role or a removal
 * forgets the workspace's here at once, and in every other web process when its `member.updated` or
 * `member.removed` event reaches the real-time hub; a process whose LISTEN connection is reconnecting
 * then trusts the old role for at most these seconds. Only memberships found are kept: someone who
 * has just joined is let in on their next request.
 */
const membershipMemo = new ExpiringMemo<string, WorkspaceAccess>(5_000, 10_000);

/** Forgets what this process remembers of the workspace's memberships (after a role change or a removal). */
export function forgetWorkspaceAccess(workspaceId: string): void {
  const prefix = `${workspaceId}\u0000`;
  membershipMemo.forgetWhere((key) => key.startsWith(prefix));
}

export async function resolveWorkspaceAccess(db: Database, userId: string, workspaceId: string): Promise<WorkspaceAccess> {
  const key = `${workspaceId}\u0000${userId}`;
  const remembered = membershipMemo.get(key);
  if (remembered) return remembered;
  const membership = await findMembership(db, workspaceId, userId);
  if (!membership) throw notFound('workspace', workspaceId);
  const access: WorkspaceAccess = Object.freeze({ workspaceId, role: membership.role, memberId: membership.id });
  membershipMemo.set(key, access);
  return access;
}
