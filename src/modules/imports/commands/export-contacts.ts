// Exports the contact list — the same search, quick filters, segment, filter and sort as the list
// screen — as a CSV or JSON stream, and records who exported what (never the rows themselves).
import type { ContactListQuery } from '../../contacts/filters.js';
import { listContacts } from '../../contacts/list-contacts.js';
import { listCustomFields } from '../../contacts/custom-fields.js';
import { exportStream, type ExportColumn, type ExportFormat } from '../../../lib/export.js';
import type { CommandContext } from '../../../server/context.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';

const PAGE_SIZE = 500;

type ContactRow = Awaited<ReturnType<typeof listContacts>>['data'][number];
type ExportedContact = ContactRow & { companyName: string | null; handles: Record<string, string[]> };

/** What an export audit may say about the filter: the fields and operators, not the values (which can be an email). */
export function describeFilter(query: Record<string, unknown>): string[] {
  const used = Object.entries(query)
    .filter(([key, value]) => value !== undefined && !['filter', 'q'].includes(key))
    .map(([key, value]) => `${key}=${String(value)}`);
  if (query.q) used.push('q');
  if (typeof query.filter === 'string') {
    const fields = [...query.filter.matchAll(/"field"\s*:\s*"([^"]+)"\s*,\s*"op"\s*:\s*"([^"]+)"/g)].map((match) => `filter:${match[1]} ${match[2]}`);
    used.push(...(fields.length > 0 ? fields : ['filter']));
  }
  return used.sort();
}

export async function exportContacts(ctx: CommandContext, query: Omit<ContactListQuery, 'limit' | 'cursor'>, format: ExportFormat) {
  const workspaceId = ctx.workspace.workspaceId;
  const [definitions, channels] = await Promise.all([listCustomFields(ctx.db, workspaceId, 'contact'), repo.identityChannelsInUse(ctx.db, workspaceId)]);
  // Resolve the filter (an unknown segment, a bad filter) before the first byte is sent.
  const first = await listContacts(ctx.db, workspaceId, { ...query, limit: PAGE_SIZE });

  async function* pages(): AsyncGenerator<ExportedContact[]> {
    let page = first;
    for (;;) {
      if (page.data.length > 0) {
        const ids = page.data.map((contact) => contact.id);
        const [companies, handles] = await Promise.all([
          repo.companyNames(ctx.db, workspaceId, [...new Set(page.data.map((contact) => contact.companyId).filter((id): id is string => Boolean(id)))]),
          repo.handlesOf(ctx.db, workspaceId, ids),
        ]);
        yield page.data.map((contact) => {
          const own: Record<string, string[]> = {};
          for (const handle of handles) {
            if (handle.contactId !== contact.id) continue;
            (own[handle.channel] ??= []).push(handle.handle ?? handle.externalId);
          }
          return { ...contact, companyName: contact.companyId ? (companies.get(contact.companyId) ?? null) : null, handles: own };
        });
      }
      if (!page.nextCursor) return;
      page = await listContacts(ctx.db, workspaceId, { ...query, limit: PAGE_SIZE, cursor: page.nextCursor });
    }
  }

  const columns: ExportColumn<ExportedContact>[] = [
    { key: 'id', header: 'ID', value: (c) => c.id },
    { key: 'name', header: 'Name', value: (c) => c.name },
    { key: 'firstName', header: 'First name', value: (c) => c.firstName },
    { key: 'lastName', header: 'Last name', value: (c) => c.lastName },
    { key: 'email', header: 'Email', value: (c) => c.email },
    { key: 'phone', header: 'Phone', value: (c) => c.phone },
    { key: 'jobTitle', header: 'Job title', value: (c) => c.jobTitle },
    { key: 'company', header: 'Company', value: (c) => c.companyName },
    { key: 'lifecycleStage', header: 'Lifecycle stage', value: (c) => c.lifecycleStage },
    { key: 'source', header: 'Source', value: (c) => c.source },
    { key: 'tags', header: 'Tags', value: (c) => c.tags },
    ...channels.map((channel) => ({ key: `identities.${channel}`, header: channel[0]!.toUpperCase() + channel.slice(1), value: (c: ExportedContact) => c.handles[channel] ?? [] })),
    ...definitions.map((definition) => ({
      key: `customFields.${definition.key}`,
      header: definition.label,
      value: (c: ExportedContact) => c.customFields[definition.key] ?? null,
    })),
    { key: 'vip', header: 'VIP', value: (c) => c.vip },
    { key: 'followersTotal', header: 'Followers', value: (c) => c.followersTotal },
    { key: 'influenceScore', header: 'Influence', value: (c) => c.influenceScore },
    { key: 'lastInteractionAt', header: 'Last interaction', value: (c) => c.lastInteractionAt },
    { key: 'createdAt', header: 'Created', value: (c) => c.createdAt },
  ];

  return exportStream(pages(), columns, format, async ({ rows, complete }) => {
    await ctx.db.transaction((tx) =>
      recordAuditEvent(tx, ctx, {
        action: 'contacts.exported',
        entityType: 'contact',
        entityId: 'export',
        after: { format, filters: describeFilter(query), count: rows, complete },
      }),
    );
  });
}
