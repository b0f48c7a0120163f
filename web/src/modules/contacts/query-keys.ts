// Every CRM cache (contacts, companies, segments, duplicates, custom fields) lives under
// ['workspace', id, 'contacts', …]: one prefix that real-time contact, company and segment events can
// invalidate at once (see workspaces/realtime.ts), and that a workspace switch never shares.
export const CRM_DOMAIN = 'contacts';

export function crmKey(workspaceId: string, ...rest: unknown[]): unknown[] {
  return ['workspace', workspaceId, CRM_DOMAIN, ...rest];
}
