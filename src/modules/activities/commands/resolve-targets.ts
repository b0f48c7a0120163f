// Checks what a task or note is attached to: the contact (following merges, through the contacts
// domain), the deal and the company must exist in this workspace.
import type { Executor } from '../../../db/client.js';
import { AppError, notFound } from '../../../server/errors.js';
import { getContact } from '../../contacts/commands/get-contact.js';
import type { Targets } from '../links.js';
import * as repo from '../repository.js';

/** Resolves only the targets given (undefined stays undefined, null stays null). */
export async function resolveTargets<T extends Targets>(tx: Executor, workspaceId: string, targets: T): Promise<T> {
  const resolved = { ...targets };
  if (targets.contactId) resolved.contactId = (await getContact(tx, workspaceId, targets.contactId)).id;
  if (targets.dealId && !(await repo.dealExists(tx, workspaceId, targets.dealId))) throw notFound('deal', targets.dealId);
  if (targets.companyId && !(await repo.companyExists(tx, workspaceId, targets.companyId))) throw notFound('company', targets.companyId);
  return resolved;
}

/** The members among `memberIds`, or a 400 naming those that are not members of this workspace. */
export async function requireMembers(tx: Executor, workspaceId: string, memberIds: string[], code: string, what: string) {
  const found = await repo.findMembers(tx, workspaceId, memberIds);
  const unknown = memberIds.filter((memberId) => !found.some((member) => member.id === memberId));
  if (unknown.length > 0) {
    throw new AppError(code, 400, `${what} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a member of this workspace.`, {
      memberIds: unknown,
    });
  }
  return found;
}
