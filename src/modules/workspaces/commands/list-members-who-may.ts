// Other domains call this to address everyone holding a permission (e.g. who can fix a channel: the
// members who may manage channels), without knowing which roles carry it.
import type { Executor } from '../../../db/client.js';
import { workspaceRoles } from '../../../shared/vocabulary.js';
import { listMembers } from '../repository.js';
import { rolePermissions, type Permission } from '../roles.js';

const PAGE = 500;

export async function listMembersWhoMay(db: Executor, workspaceId: string, permission: Permission): Promise<{ id: string; name: string; role: string }[]> {
  const found: { id: string; name: string; role: string }[] = [];
  for (const role of workspaceRoles.filter((each) => rolePermissions[each].has(permission))) {
    const rows = await listMembers(db, workspaceId, { role }, null, PAGE);
    found.push(...rows.slice(0, PAGE).map((row) => ({ id: row.id, name: row.name, role: row.role })));
  }
  return found;
}
