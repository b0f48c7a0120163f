// Exports deals (with the list's filters) as a CSV or JSON stream, and records the export.
import { exportStream, keysetPages, type ExportColumn, type ExportFormat } from '../../../lib/export.js';
import type { CommandContext } from '../../../server/context.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';

const PAGE_SIZE = 500;

export async function exportDeals(ctx: CommandContext, filter: repo.DealFilter, format: ExportFormat) {
  const workspaceId = ctx.workspace.workspaceId;
  // listDeals returns limit + 1 rows to tell whether more follow; the export takes exactly a page.
  const pages = keysetPages<repo.DealRow>(
    async (after) => (await repo.listDeals(ctx.db, workspaceId, filter, after ? { at: after.createdAt.toISOString(), id: after.id } : null, PAGE_SIZE)).slice(0, PAGE_SIZE),
    PAGE_SIZE,
  );
  const columns: ExportColumn<repo.DealRow>[] = [
    { key: 'id', header: 'ID', value: (d) => d.id },
    { key: 'title', header: 'Title', value: (d) => d.title },
    { key: 'status', header: 'Status', value: (d) => d.status },
    { key: 'amount', header: 'Amount', value: (d) => d.amount },
    { key: 'currency', header: 'Currency', value: (d) => d.currency },
    { key: 'expectedCloseDate', header: 'Expected close', value: (d) => d.expectedCloseDate },
    { key: 'contact', header: 'Contact', value: (d) => d.contactName },
    { key: 'company', header: 'Company', value: (d) => d.companyName },
    { key: 'owner', header: 'Owner', value: (d) => d.ownerName },
    { key: 'source', header: 'Source', value: (d) => d.source },
    { key: 'sourceChannel', header: 'Source channel', value: (d) => d.sourceChannel },
    { key: 'lostReason', header: 'Lost reason', value: (d) => d.lostReason },
    { key: 'closedAt', header: 'Closed', value: (d) => d.closedAt },
    { key: 'createdAt', header: 'Created', value: (d) => d.createdAt },
  ];
  return exportStream(pages, columns, format, async ({ rows, complete }) => {
    await ctx.db.transaction((tx) =>
      recordAuditEvent(tx, ctx, {
        action: 'deals.exported',
        entityType: 'deal',
        entityId: 'export',
        after: { format, filters: Object.keys(filter).filter((key) => filter[key as keyof typeof filter]), count: rows, complete },
      }),
    );
  });
}
