// Where in the web app a task or note is seen, for notification links.
export type Targets = { contactId?: string | null; dealId?: string | null; companyId?: string | null };

export function recordLink(targets: Targets): string | null {
  if (targets.contactId) return `/contacts/${targets.contactId}`;
  if (targets.dealId) return `/pipeline/deals/${targets.dealId}`;
  if (targets.companyId) return `/companies/${targets.companyId}`;
  return null;
}

export const taskLink = (taskId: string): string => `/tasks?task=${encodeURIComponent(taskId)}`;
