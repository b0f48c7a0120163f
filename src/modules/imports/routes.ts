// Contact imports (upload a CSV → map columns → validate → start → follow progress) and list
// exports (contacts, companies) as CSV or JSON downloads.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contactListQuerySchema } from '../contacts/filters.js';
import { listCustomFields } from '../contacts/custom-fields.js';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../server/http.js';
import { sendExport } from '../../lib/export.js';
import { decodeCursor, listQuerySchema, page } from '../../lib/pagination.js';
import { configureImport } from './commands/configure-import.js';
import { exportCompanies } from './commands/export-companies.js';
import { exportContacts } from './commands/export-contacts.js';
import { importErrorsCsv } from './commands/import-errors-csv.js';
import { startImport } from './commands/start-import.js';
import { uploadImport } from './commands/upload-import.js';
import { validateImport } from './commands/validate-import.js';
import { mappingTargets } from './mapping.js';
import * as repo from './repository.js';
import * as s from './schema.js';

const tags = (tag: string) => ({ tags: [tag] });
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const csvTypes = ['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values', 'application/vnd.ms-excel'];
const download = z.string().describe('The file (streamed)');

export const importRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  // Encapsulated in this plugin: only these routes read CSV bodies.
  app.addContentTypeParser(csvTypes, { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

  const detail = async (workspaceId: string, row: repo.ImportSummaryRow) =>
    s.presentImportDetail(row, mappingTargets(await listCustomFields(db, workspaceId, 'contact')));

  app.post('/contact-imports', {
    config: workspaceAccess('contacts.import'),
    bodyLimit: MAX_IMPORT_BYTES,
    schema: {
      ...tags('imports'),
      summary: 'Upload a CSV of contacts (Content-Type: text/csv); answers its columns, a preview and a suggested mapping',
      querystring: s.uploadQuery,
      body: z.string().describe('The CSV file: comma, semicolon or tab separated, UTF-8, first row = column names'),
      response: { 201: dataOf(s.importUploadedSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const result = await uploadImport(commandContext(db, request), { filename: request.query.filename ?? 'contacts.csv', content: request.body });
    return created(reply, { data: { ...s.presentImportDetail(result.row, result.targets), preview: result.preview, suggestedMapping: result.suggestedMapping } });
  });

  app.get('/contact-imports', {
    config: workspaceAccess('contacts.import'),
    schema: { ...tags('imports'), summary: 'Imports, newest first', querystring: listQuerySchema, response: { 200: listOf(s.importSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor } = request.query;
    const rows = await repo.listImports(db, request.workspaceAccess!.workspaceId, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentImport), nextCursor: result.nextCursor };
  });

  app.get('/contact-imports/:id', {
    config: workspaceAccess('contacts.import'),
    schema: { ...tags('imports'), summary: 'One import: status, progress, counts and row errors', params: idParams, response: { 200: dataOf(s.importDetailSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const row = await repo.findImportSummary(db, workspaceId, request.params.id);
    if (!row) throw notFound('contact_import', request.params.id);
    return { data: await detail(workspaceId, row) };
  });

  app.patch('/contact-imports/:id', {
    config: workspaceAccess('contacts.import'),
    schema: { ...tags('imports'), summary: 'Set the column mapping and options', params: idParams, body: s.importUpdateSchema, response: { 200: dataOf(s.importDetailSchema), ...errorResponses } },
  }, async (request) => {
    const row = await configureImport(commandContext(db, request), request.params.id, request.body);
    return { data: await detail(row.workspaceId, row) };
  });

  app.post('/contact-imports/:id/validate', {
    config: workspaceAccess('contacts.import'),
    schema: { ...tags('imports'), summary: 'Check every row without importing; answers counts and the first 500 errors', params: idParams, response: { 200: dataOf(s.importValidationSchema), ...errorResponses } },
  }, async (request) => ({ data: await validateImport(commandContext(db, request), request.params.id) }));

  app.post('/contact-imports/:id/start', {
    config: workspaceAccess('contacts.import'),
    schema: {
      ...tags('imports'),
      summary: 'Start importing in the background (422 import.invalid_rows when rows are invalid and skipInvalid is off)',
      params: idParams,
      response: { 200: dataOf(s.importDetailSchema), ...errorResponses },
    },
  }, async (request) => {
    const row = await startImport(commandContext(db, request), request.params.id);
    return { data: await detail(row.workspaceId, row) };
  });

  app.get('/contact-imports/:id/errors.csv', {
    config: workspaceAccess('contacts.import'),
    schema: { ...tags('imports'), summary: 'The invalid rows with an "error" column, to fix and upload again', params: idParams, response: { 200: download, ...errorResponses } },
  }, async (request, reply) => {
    const { filename, csv } = await importErrorsCsv(commandContext(db, request), request.params.id);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply.send(csv);
  });

  // --- exports ---

  app.get('/contacts/export', {
    config: workspaceAccess('contacts.export'),
    schema: {
      ...tags('contacts'),
      summary: 'Download the contact list as CSV or JSON, with the same filters and sort as GET /contacts',
      querystring: contactListQuerySchema.omit({ limit: true, cursor: true }).extend(s.exportFormatQuery.shape),
      response: { 200: download, ...errorResponses },
    },
  }, async (request, reply) => {
    const { format, ...query } = request.query;
    return sendExport(reply, 'contacts', format, await exportContacts(commandContext(db, request), query, format));
  });

  app.get('/companies/export', {
    config: workspaceAccess('contacts.export'),
    schema: { ...tags('companies'), summary: 'Download companies as CSV or JSON', querystring: s.companyExportQuery, response: { 200: download, ...errorResponses } },
  }, async (request, reply) => {
    const { format, ...filter } = request.query;
    return sendExport(reply, 'companies', format, await exportCompanies(commandContext(db, request), filter, format));
  });
};
