// Who is acting, in which workspace: built once per request (or job) and handed to commands, which
// know nothing about HTTP.
import type { ApiKeyScope, WorkspaceRole } from '../db/schema.js';
import type { Database } from '../db/client.js';

export type Actor =
  | { type: 'user'; id: string; label: string }
  | { type: 'api_key'; id: string; label: string; workspaceId: string; scopes: ApiKeyScope[] }
  | { type: 'system'; id: null; label: string };

export type WorkspaceAccess = { workspaceId: string; role: WorkspaceRole | null; memberId: string | null };

export type CommandContext = {
  db: Database;
  actor: Actor;
  workspace: WorkspaceAccess;
  requestId: string | null;
  ipAddress: string | null;
};

export const systemActor = (label = 'Parley'): Actor => ({ type: 'system', id: null, label });
