// First run: creates the owner account and the first workspace, once. An advisory lock makes two
// simultaneous setups (two tabs, two processes) end with one owner.
import type { DatabaseHandle } from '../../../db/client.js';
import type { Auth } from '../../../server/auth.js';
import { AppError } from '../../../server/errors.js';
import { createWorkspace } from '../../workspaces/commands/create-workspace.js';
import { countUsers } from '../../workspaces/repository.js';
import { createAccount } from './create-account.js';

const SETUP_LOCK = 0x70726c79; // "prly"

export async function needsSetup(database: DatabaseHandle): Promise<boolean> {
  return (await countUsers(database.db)) === 0;
}

export async function completeSetup(
  database: DatabaseHandle,
  auth: Auth,
  input: { name: string; email: string; password: string; workspaceName: string; requestId?: string; ipAddress?: string },
) {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
    try {
      if (!(await needsSetup(database))) {
        throw new AppError('setup.already_done', 409, 'Parley is already set up: sign in, or ask an admin for an invitation.');
      }
      const account = await createAccount(auth, input);
      const actor = { type: 'user' as const, id: account.user.id, label: account.user.name };
      const { workspace } = await createWorkspace(database.db, {
        name: input.workspaceName,
        ownerUserId: account.user.id,
        actor,
        requestId: input.requestId ?? null,
        ipAddress: input.ipAddress ?? null,
      });
      return { ...account, workspace };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK]);
    }
  } finally {
    client.release();
  }
}
