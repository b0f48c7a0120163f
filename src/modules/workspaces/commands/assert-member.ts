// Other domains call this to check that an owner or assignee is a member of the workspace.
import type { Executor } from '../../../db/client.js';
import { AppError } from '../../../server/errors.js';
import { findMember } from '../repository.js';

export async function assertMember(db: Executor, workspaceId: string, memberId: string, field = 'ownerMemberId'): Promise<void> {
  if (!(await findMember(db, workspaceId, memberId))) {
    throw new AppError('request.invalid', 400, `${field}: no member ${memberId} in this workspace.`, {
      fields: [{ in: 'body', path: field, message: 'is not a member of this workspace' }],
    });
  }
}
