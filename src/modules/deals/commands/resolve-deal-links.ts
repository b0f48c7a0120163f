// Checks the contact, company and owner a deal points at, all inside the caller's workspace.
import type { Executor } from '../../../db/client.js';
import { AppError, notFound } from '../../../server/errors.js';
import { getContact } from '../../contacts/commands/get-contact.js';
import * as repo from '../repository.js';

/** Returns the ids to store: a contact merged into another resolves to the one it now lives in. */
export async function resolveDealLinks(
  tx: Executor,
  workspaceId: string,
  links: { contactId?: string | null; companyId?: string | null; ownerMemberId?: string | null },
): Promise<{ contactId?: string | null; companyId?: string | null; ownerMemberId?: string | null }> {
  const resolved: { contactId?: string | null; companyId?: string | null; ownerMemberId?: string | null } = {};
  if (links.contactId !== undefined) resolved.contactId = links.contactId === null ? null : (await getContact(tx, workspaceId, links.contactId)).id;
  if (links.companyId !== undefined) {
    if (links.companyId !== null && !(await repo.companyExists(tx, workspaceId, links.companyId))) throw notFound('company', links.companyId);
    resolved.companyId = links.companyId;
  }
  if (links.ownerMemberId !== undefined) {
    if (links.ownerMemberId !== null && !(await repo.memberExists(tx, workspaceId, links.ownerMemberId))) {
      throw new AppError('deal.owner_not_member', 422, 'The owner must be a member of this workspace.', { field: 'ownerMemberId', ownerMemberId: links.ownerMemberId });
    }
    resolved.ownerMemberId = links.ownerMemberId;
  }
  return resolved;
}
