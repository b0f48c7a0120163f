// Decides whether a signed-in person may act in a workspace, and with which role. A workspace the
// person does not belong to answers exactly like one that does not exist.
import type { Database } from '../../../db/client.js';
import type { WorkspaceAccess } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { findMembership } from '../repository.js';

/**
 * Memberships this process read lately. Every request of a signed-in person needs one, and an agent's
 * inbox page sends several at once, so each is kept for a few seconds. A change of role or a removal
 * forgets the workspace's here at once, and in every other web process when its `member.updated` or
 * `member.removed` event reaches the real-time hub; a process whose LISTEN connection is reconnecting
 * then trusts the old role for at most these seconds. Only memberships found are kept: someone who
 * has just joined is let in on their next request.
 */
const MEMBERSHIP_MEMO_MS = 5_000;
const MEMBERSHIP_MEMO_MAX = 10_000;
const membershipMemo = new Map<string, { access: WorkspaceAccess; until: number }>();

/** Forgets what this process remembers of the workspace's memberships (after a role change or a removal). */
export function forgetWorkspaceAccess(workspaceId: string): void {
  const prefix = `${workspaceId}\u0000`;
  for (const key of membershipMemo.keys()) if (key.startsWith(prefix)) membershipMemo.delete(key);
}

export async function resolveWorkspaceAccess(db: Database, userId: string, workspaceId: string): Promise<WorkspaceAccess> {
  const key = `${workspaceId}\u0000${userId}`;
  const now = Date.now();
  const memo = membershipMemo.get(key);
  if (memo && memo.until > now) return memo.access;
  const membership = await findMembership(db, workspaceId, userId);
  if (!membership) {
    membershipMemo.delete(key);
    throw notFound('workspace', workspaceId);
  }
  const access: WorkspaceAccess = Object.freeze({ workspaceId, role: membership.role, memberId: membership.id });
  membershipMemo.delete(key);
  if (membershipMemo.size >= MEMBERSHIP_MEMO_MAX) membershipMemo.delete(membershipMemo.keys().next().value!);
  membershipMemo.set(key, { access, until: now + MEMBERSHIP_MEMO_MS });
  return access;
}
