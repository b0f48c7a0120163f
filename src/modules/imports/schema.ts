// Request and response schemas of contact imports and exports, and the presenters.
import { z } from 'zod';
import { importStatuses, lifecycleStages } from '../../db/schema.js';
import type { ImportOptions, MappingTarget, RowError } from './mapping.js';
import type { ImportSummaryRow } from './repository.js';

const timestamp = z.iso.datetime();
export const MAX_ERRORS_SHOWN = 500;

export const importOptionsSchema = z
  .object({
    onDuplicate: z.enum(['update', 'skip']).default('update').describe('A row matching an existing contact (same email, phone or handle) updates it, or is skipped'),
    skipInvalid: z.boolean().default(false).describe('Import the valid rows and leave out invalid ones; otherwise any invalid row stops the import from starting'),
    defaultLifecycleStage: z.enum(lifecycleStages).optional().describe('Stage of new contacts whose row has none'),
    tags: z.array(z.string().trim().min(1).max(60)).max(20).optional().describe('Tags added to every imported contact'),
  })
  .meta({ id: 'ContactImportOptions' });

export const rowErrorSchema = z
  .object({ row: z.number().int().describe('Row in the file; the header is row 1'), field: z.string().optional().describe('The column'), message: z.string() })
  .meta({ id: 'ImportRowError' });
export const mappingSchema = z.record(z.string().max(300), z.string().max(120)).describe('CSV column → "skip", a contact field, "identity.<channel>" or "custom.<key>"');
export const mappingTargetSchema = z.object({ value: z.string(), label: z.string() });

export const importSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    status: z.enum(importStatuses),
    headers: z.array(z.string()),
    mapping: mappingSchema.nullable(),
    options: importOptionsSchema,
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    createdCount: z.number().int(),
    updatedCount: z.number().int(),
    skippedCount: z.number().int(),
    errorCount: z.number().int().describe('Row errors found by the last validation'),
    error: z.string().nullable().describe('Why the import failed'),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'ContactImport' });

export const importDetailSchema = importSchema
  .extend({
    errors: z.array(rowErrorSchema).describe(`The first ${MAX_ERRORS_SHOWN} row errors`),
    targets: z.array(mappingTargetSchema).describe('What a column can be mapped to'),
  })
  .meta({ id: 'ContactImportDetail' });

export const importUploadedSchema = importDetailSchema
  .extend({
    preview: z.array(z.array(z.string())).describe('The first 20 rows, cells in the order of headers'),
    suggestedMapping: mappingSchema,
  })
  .meta({ id: 'ContactImportUploaded' });

export const importValidationSchema = z
  .object({
    totalRows: z.number().int(),
    validRows: z.number().int(),
    invalidRows: z.number().int(),
    blankRows: z.number().int(),
    errorCount: z.number().int(),
    errors: z.array(rowErrorSchema),
  })
  .meta({ id: 'ContactImportValidation' });

export const uploadQuery = z.object({ filename: z.string().trim().min(1).max(255).optional() });
export const importUpdateSchema = z.object({ mapping: mappingSchema.optional(), options: importOptionsSchema.optional() });

export const exportFormatQuery = z.object({ format: z.enum(['csv', 'json']).default('csv') });
export const companyExportQuery = exportFormatQuery.extend({ q: z.string().trim().max(200).optional(), tag: z.string().max(60).optional() });

export function readOptions(raw: Record<string, unknown>): ImportOptions {
  const parsed = importOptionsSchema.safeParse(raw);
  return parsed.success ? parsed.data : { onDuplicate: 'update', skipInvalid: false };
}

export const presentImport = (row: ImportSummaryRow) => ({
  id: row.id,
  filename: row.filename,
  status: row.status,
  headers: row.headers,
  mapping: row.mapping ?? null,
  options: readOptions(row.options),
  totalRows: row.totalRows,
  processedRows: row.processedRows,
  createdCount: row.createdCount,
  updatedCount: row.updatedCount,
  skippedCount: row.skippedCount,
  errorCount: row.rowErrors.length,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

export const presentImportDetail = (row: ImportSummaryRow, targets: MappingTarget[]) => ({
  ...presentImport(row),
  errors: (row.rowErrors as RowError[]).slice(0, MAX_ERRORS_SHOWN),
  targets,
});
