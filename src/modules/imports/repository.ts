// The only SQL of imports and exports. Import batches are set-based: a few `= ANY($1)` look-ups and
// multi-row INSERT … SELECT FROM jsonb_to_recordset($1) per batch, never one statement per row.
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { companies, contactImportBatches, contactImports, contacts, identities, type ImportStatus } from '../../db/schema.js';

export type ImportRow = typeof contactImports.$inferSelect;
/** An import without its file, for lists and polling. */
export type ImportSummaryRow = Omit<ImportRow, 'content'>;

// Everything but the file itself, which can be tens of megabytes.
const { content: _content, ...summaryColumns } = getTableColumns(contactImports);

export async function insertImport(db: Executor, row: typeof contactImports.$inferInsert): Promise<ImportRow> {
  const [created] = await db.insert(contactImports).values(row).returning();
  return created!;
}

export async function findImport(db: Executor, workspaceId: string, importId: string, options: { forUpdate?: boolean } = {}): Promise<ImportRow | undefined> {
  const query = db
    .select()
    .from(contactImports)
    .where(and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, importId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findImportSummary(db: Executor, workspaceId: string, importId: string): Promise<ImportSummaryRow | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(contactImports)
    .where(and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, importId)));
  return row;
}

export async function listImports(db: Executor, workspaceId: string, cursor: { at: string; id: string } | null, limit: number): Promise<ImportSummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(contactImports)
    .where(
      and(
        eq(contactImports.workspaceId, workspaceId),
        cursor ? sql`(${contactImports.createdAt}, ${contactImports.id}) < (${cursor.at}::timestamptz, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(contactImports.createdAt), desc(contactImports.id))
    .limit(limit + 1);
}

export async function updateImport(db: Executor, workspaceId: string, importId: string, patch: Partial<typeof contactImports.$inferInsert>): Promise<ImportRow> {
  const [row] = await db
    .update(contactImports)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, importId)))
    .returning();
  return row!;
}

/** Locks the import row for the batch's transaction, reading only its progress. */
export async function lockImportProgress(db: Executor, workspaceId: string, importId: string): Promise<{ status: ImportStatus; processedRows: number } | undefined> {
  const [row] = await db
    .select({ status: contactImports.status, processedRows: contactImports.processedRows })
    .from(contactImports)
    .where(and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, importId)))
    .for('update');
  return row;
}

export async function recordBatch(
  db: Executor,
  workspaceId: string,
  importId: string,
  progress: { rows: number; created: number; updated: number; skipped: number },
) {
  await db
    .update(contactImports)
    .set({
      processedRows: sql`${contactImports.processedRows} + ${progress.rows}`,
      createdCount: sql`${contactImports.createdCount} + ${progress.created}`,
      updatedCount: sql`${contactImports.updatedCount} + ${progress.updated}`,
      skippedCount: sql`${contactImports.skippedCount} + ${progress.skipped}`,
      updatedAt: new Date(),
    })
    .where(and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, importId)))
    .returning({ processedRows: contactImports.processedRows })
    .then((rows) => rows[0]?.processedRows ?? 0);
}

/** Claims a batch inside the transaction that writes it; false when another run has written (or is writing) it. */
export async function claimBatch(db: Executor, importId: string, batch: number): Promise<boolean> {
  const rows = await db.insert(contactImportBatches).values({ importId, batch }).onConflictDoNothing().returning({ batch: contactImportBatches.batch });
  return rows.length > 0;
}

export async function writtenBatches(db: Executor, importId: string): Promise<Set<number>> {
  const rows = await db.select({ batch: contactImportBatches.batch }).from(contactImportBatches).where(eq(contactImportBatches.importId, importId));
  return new Set(rows.map((row) => row.batch));
}

/** Fresh planner statistics: a large import grows the tables faster than autovacuum notices. */
export async function analyzeContactTables(db: Executor) {
  await db.execute(sql`ANALYZE ${contacts}, ${identities}`);
}

export async function setImportStatus(db: Executor, workspaceId: string, importId: string, status: ImportStatus, patch: { error?: string | null; finishedAt?: Date } = {}) {
  return updateImport(db, workspaceId, importId, { status, ...patch });
}

// --- batch look-ups and writes on contacts ---

export type ExistingMatch = { key: string; contactId: string };

/** Contacts already holding one of the keys ("email:…", "phone:…", "twitter:handle:…"), followed to the contact they were merged into. */
export async function findContactsByKeys(db: Executor, workspaceId: string, keys: { channel: string; externalId: string }[]): Promise<ExistingMatch[]> {
  if (keys.length === 0) return [];
  const externalIds = [...new Set(keys.map((key) => key.externalId))];
  const wanted = keys.map((key) => `${key.channel}:${key.externalId}`);
  const emails = keys.filter((key) => key.channel === 'email').map((key) => key.externalId);
  const phones = keys.filter((key) => key.channel === 'phone').map((key) => key.externalId);
  // By external id first: the (workspace_id, external_id) index stays the plan whatever the statistics say.
  const result = await db.execute<{ key: string; contact_id: string }>(sql`
    SELECT i.channel || ':' || i.external_id AS key,
           coalesce((SELECT c.merged_into_id FROM ${contacts} c WHERE c.id = i.contact_id), i.contact_id) AS contact_id
      FROM ${identities} i
     WHERE i.workspace_id = ${workspaceId}
       AND i.external_id = ANY(${sql.param(externalIds)}::text[])
       AND (i.channel || ':' || i.external_id) = ANY(${sql.param(wanted)}::text[])
    UNION ALL
    SELECT 'email:' || lower(c.email), c.id FROM ${contacts} c
     WHERE c.workspace_id = ${workspaceId} AND lower(c.email) = ANY(${sql.param(emails)}::text[]) AND c.merged_into_id IS NULL
    UNION ALL
    SELECT 'phone:' || c.phone, c.id FROM ${contacts} c
     WHERE c.workspace_id = ${workspaceId} AND c.phone = ANY(${sql.param(phones)}::text[]) AND c.merged_into_id IS NULL`);
  return result.rows.map((row) => ({ key: row.key, contactId: row.contact_id }));
}

/** Companies by lower-cased name, creating the missing ones; returns lower(name) → id. */
export async function findOrCreateCompanies(db: Executor, workspaceId: string, names: string[], newId: () => string): Promise<Map<string, string>> {
  const byLower = new Map<string, string>();
  for (const name of names) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
  if (byLower.size === 0) return new Map();
  const existing = await db.execute<{ key: string; id: string }>(sql`
    SELECT DISTINCT ON (lower(name)) lower(name) AS key, id FROM ${companies}
     WHERE workspace_id = ${workspaceId} AND lower(name) = ANY(${sql.param([...byLower.keys()])}::text[])
     ORDER BY lower(name), created_at`);
  const ids = new Map(existing.rows.map((row) => [row.key, row.id]));
  const missing = [...byLower].filter(([key]) => !ids.has(key)).map(([key, name]) => ({ id: newId(), key, name }));
  if (missing.length > 0) {
    await db.execute(sql`
      INSERT INTO ${companies} (id, workspace_id, name)
      SELECT x.id, ${workspaceId}, x.name FROM jsonb_to_recordset(${JSON.stringify(missing)}::jsonb) AS x(id text, name text)`);
    for (const company of missing) ids.set(company.key, company.id);
  }
  return ids;
}

export type NewContactRow = {
  id: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  company_id: string | null;
  lifecycle_stage: string;
  tags: string[];
  custom_fields: Record<string, unknown>;
  influence_score: number;
  became_customer: boolean;
};

export async function insertContacts(db: Executor, workspaceId: string, rows: NewContactRow[]) {
  if (rows.length === 0) return;
  // New contacts also join the queue of the probable-duplicate search (contacts.find_duplicates).
  await db.execute(sql`
    WITH inserted AS (
    INSERT INTO ${contacts} (id, workspace_id, name, first_name, last_name, email, phone, job_title, company_id,
                             lifecycle_stage, source, tags, custom_fields, influence_score, became_customer_at)
    SELECT x.id, ${workspaceId}, x.name, x.first_name, x.last_name, x.email, x.phone, x.job_title, x.company_id,
           x.lifecycle_stage, 'import', x.tags, x.custom_fields, x.influence_score,
           CASE WHEN x.became_customer THEN now() END
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        id text, name text, first_name text, last_name text, email text, phone text, job_title text, company_id text,
        lifecycle_stage text, tags text[], custom_fields jsonb, influence_score real, became_customer boolean)
    RETURNING id)
    INSERT INTO duplicate_checks (contact_id, workspace_id) SELECT id, ${workspaceId} FROM inserted ON CONFLICT DO NOTHING`);
}

export type ContactPatchRow = {
  id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  company_id: string | null;
  lifecycle_stage: string | null;
  tags: string[] | null;
  custom_fields: Record<string, unknown> | null;
};

/** Overwrites the mapped fields that have a value; tags and custom fields are added to what is there. */
export async function updateContacts(db: Executor, workspaceId: string, rows: ContactPatchRow[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    UPDATE ${contacts} c SET
      name = coalesce(x.name, c.name),
      first_name = coalesce(x.first_name, c.first_name),
      last_name = coalesce(x.last_name, c.last_name),
      email = coalesce(x.email, c.email),
      phone = coalesce(x.phone, c.phone),
      job_title = coalesce(x.job_title, c.job_title),
      company_id = coalesce(x.company_id, c.company_id),
      lifecycle_stage = coalesce(x.lifecycle_stage, c.lifecycle_stage),
      lifecycle_changed_at = CASE WHEN x.lifecycle_stage IS DISTINCT FROM c.lifecycle_stage AND x.lifecycle_stage IS NOT NULL THEN now() ELSE c.lifecycle_changed_at END,
      became_customer_at = CASE WHEN x.lifecycle_stage = 'customer' AND c.became_customer_at IS NULL THEN now() ELSE c.became_customer_at END,
      tags = CASE WHEN x.tags IS NULL THEN c.tags ELSE ARRAY(SELECT DISTINCT t FROM unnest(c.tags || x.tags) t ORDER BY t) END,
      custom_fields = c.custom_fields || coalesce(x.custom_fields, '{}'::jsonb),
      updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
      id text, name text, first_name text, last_name text, email text, phone text, job_title text, company_id text,
      lifecycle_stage text, tags text[], custom_fields jsonb)
    WHERE c.id = x.id AND c.workspace_id = ${workspaceId}`);
}

export type NewIdentityRow = { id: string; contact_id: string; channel: string; external_id: string; handle: string | null };

/** An identity already held by someone (a race with a webhook, say) is left where it is. */
export async function insertIdentities(db: Executor, workspaceId: string, rows: NewIdentityRow[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    INSERT INTO ${identities} (id, workspace_id, contact_id, channel, external_id, handle, last_seen_at)
    SELECT x.id, ${workspaceId}, x.contact_id, x.channel, x.external_id, x.handle, now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id text, contact_id text, channel text, external_id text, handle text)
    ON CONFLICT (workspace_id, channel, external_id) DO NOTHING`);
}

// --- exports ---

export async function identityChannelsInUse(db: Executor, workspaceId: string): Promise<string[]> {
  const result = await db.execute<{ channel: string }>(sql`
    SELECT DISTINCT channel FROM ${identities} WHERE workspace_id = ${workspaceId} AND channel NOT IN ('email', 'phone') ORDER BY channel`);
  return result.rows.map((row) => row.channel);
}

export async function handlesOf(db: Executor, workspaceId: string, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db
    .select({ contactId: identities.contactId, channel: identities.channel, handle: identities.handle, externalId: identities.externalId })
    .from(identities)
    .where(and(eq(identities.workspaceId, workspaceId), sql`${identities.contactId} = ANY(${sql.param(contactIds)}::text[])`))
    .orderBy(asc(identities.createdAt));
}

export async function companyNames(db: Executor, workspaceId: string, companyIds: string[]): Promise<Map<string, string>> {
  if (companyIds.length === 0) return new Map();
  const rows = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), sql`${companies.id} = ANY(${sql.param(companyIds)}::text[])`));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyExportFilter = { q?: string; tag?: string };

/** One keyset page of companies by (created_at, id). */
export async function companiesPage(db: Executor, workspaceId: string, filter: CompanyExportFilter, after: { at: Date; id: string } | null, limit: number): Promise<CompanyRow[]> {
  const conditions: (SQL | undefined)[] = [eq(companies.workspaceId, workspaceId)];
  if (filter.q) conditions.push(sql`lower(${companies.name}) LIKE ${`%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filter.tag) conditions.push(sql`${companies.tags} @> ARRAY[${filter.tag.toLowerCase()}]::text[]`);
  if (after) conditions.push(sql`(${companies.createdAt}, ${companies.id}) > (${after.at.toISOString()}::timestamptz, ${after.id})`);
  return db
    .select()
    .from(companies)
    .where(and(...conditions))
    .orderBy(asc(companies.createdAt), asc(companies.id))
    .limit(limit);
}
