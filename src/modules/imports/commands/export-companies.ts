// Exports companies (optionally by name or tag) as a CSV or JSON stream, and records the export.
import type { CommandContext } from '../../../server/context.js';
import { exportStream, keysetPages, type ExportColumn, type ExportFormat } from '../../../lib/export.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { listCustomFields } from '../../contacts/custom-fields.js';
import * as repo from '../repository.js';

const PAGE_SIZE = 500;

export async function exportCompanies(ctx: CommandContext, filter: repo.CompanyExportFilter, format: ExportFormat) {
  const workspaceId = ctx.workspace.workspaceId;
  const definitions = await listCustomFields(ctx.db, workspaceId, 'company');
  const pages = keysetPages<repo.CompanyRow>(
    (after) => repo.companiesPage(ctx.db, workspaceId, filter, after ? { at: after.createdAt, id: after.id } : null, PAGE_SIZE),
    PAGE_SIZE,
  );
  const columns: ExportColumn<repo.CompanyRow>[] = [
    { key: 'id', header: 'ID', value: (c) => c.id },
    { key: 'name', header: 'Name', value: (c) => c.name },
    { key: 'domain', header: 'Domain', value: (c) => c.domain },
    { key: 'website', header: 'Website', value: (c) => c.website },
    { key: 'industry', header: 'Industry', value: (c) => c.industry },
    { key: 'size', header: 'Size', value: (c) => c.size },
    { key: 'description', header: 'Description', value: (c) => c.description },
    { key: 'tags', header: 'Tags', value: (c) => c.tags },
    ...definitions.map((definition) => ({ key: `customFields.${definition.key}`, header: definition.label, value: (c: repo.CompanyRow) => c.customFields[definition.key] ?? null })),
    { key: 'createdAt', header: 'Created', value: (c) => c.createdAt },
  ];
  return exportStream(pages, columns, format, async ({ rows, complete }) => {
    await ctx.db.transaction((tx) =>
      recordAuditEvent(tx, ctx, {
        action: 'companies.exported',
        entityType: 'company',
        entityId: 'export',
        after: { format, filters: Object.keys(filter).filter((key) => filter[key as keyof typeof filter]), count: rows, complete },
      }),
    );
  });
}
