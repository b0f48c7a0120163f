// Imports the rows of a started import in batches. Each batch is one transaction — look-ups by
// email, phone and handle in a few set-based queries, multi-row inserts and updates, the progress
// counters and a progress event — so a row is never half-imported, and a retried job resumes after
// the last committed batch.
import type { Database, Executor } from '../../../db/client.js';
import { lifecycleStages } from '../../../db/schema.js';
import { newId, newSortableId } from '../../../lib/ids.js';
import { systemActor, type CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { displayName } from '../../contacts/commands/create-contact.js';
import { influenceScore } from '../../contacts/signals.js';
import { identityKeys, type ContactCandidate, type ImportOptions } from '../mapping.js';
import * as repo from '../repository.js';
import { readOptions } from '../schema.js';
import { checkImport } from './validate-import.js';

export const IMPORT_BATCH_SIZE = 1000;
/** Batches between refreshes of the planner's statistics during a large import. */
const ANALYZE_EVERY = 25;

type Logger = { info(message: string): void; error(message: string): void };

const splitKey = (key: string) => {
  const at = key.indexOf(':');
  return { channel: key.slice(0, at), externalId: key.slice(at + 1) };
};

const jobContext = (workspaceId: string): Omit<CommandContext, 'db'> => ({
  actor: systemActor('Contact import'),
  workspace: { workspaceId, role: null, memberId: null },
  requestId: null,
  ipAddress: null,
});

type BatchCounts = { created: number; updated: number; skipped: number };

/** Writes one batch of candidates inside the caller's transaction. */
export async function writeBatch(tx: Executor, workspaceId: string, candidates: ContactCandidate[], options: ImportOptions): Promise<BatchCounts> {
  const counts: BatchCounts = { created: 0, updated: 0, skipped: 0 };
  if (candidates.length === 0) return counts;
  const allKeys = [...new Set(candidates.flatMap(identityKeys))];
  const existing = new Map<string, string>();
  for (const match of await repo.findContactsByKeys(tx, workspaceId, allKeys.map(splitKey))) {
    if (!existing.has(match.key)) existing.set(match.key, match.contactId);
  }
  const companyIds = await repo.findOrCreateCompanies(
    tx,
    workspaceId,
    candidates.map((candidate) => candidate.companyName).filter((name): name is string => Boolean(name)),
    () => newId('co'),
  );
  const companyOf = (candidate: ContactCandidate) => (candidate.companyName ? (companyIds.get(candidate.companyName.toLowerCase()) ?? null) : null);
  const extraTags = options.tags?.map((tag) => tag.trim().toLowerCase()).filter(Boolean) ?? [];
  const tagsOf = (candidate: ContactCandidate) => {
    if (!candidate.tags && extraTags.length === 0) return null;
    return [...new Set([...(candidate.tags ?? []), ...extraTags])].sort();
  };

  const newContacts: repo.NewContactRow[] = [];
  const patches = new Map<string, repo.ContactPatchRow>();
  const newIdentities: repo.NewIdentityRow[] = [];
  const claimed = new Map<string, string>(); // key → contact id, for keys written in this batch
  const addIdentities = (contactId: string, candidate: ContactCandidate) => {
    const rows = [
      ...(candidate.email ? [{ channel: 'email', externalId: candidate.email, handle: candidate.email }] : []),
      ...(candidate.phone ? [{ channel: 'phone', externalId: candidate.phone, handle: candidate.phone }] : []),
      ...candidate.identities.map((identity) => ({ channel: identity.channel, externalId: identity.externalId, handle: identity.handle ?? null })),
    ];
    for (const identity of rows) {
      const key = `${identity.channel}:${identity.externalId}`;
      if (existing.has(key) || claimed.has(key)) continue;
      claimed.set(key, contactId);
      newIdentities.push({ id: newSortableId('idn'), contact_id: contactId, channel: identity.channel, external_id: identity.externalId, handle: identity.handle });
    }
  };

  for (const candidate of candidates) {
    const keys = identityKeys(candidate);
    const matchKey = keys.find((key) => existing.has(key) || claimed.has(key));
    const contactId = matchKey ? (existing.get(matchKey) ?? claimed.get(matchKey)!) : null;
    if (contactId && options.onDuplicate === 'skip') {
      counts.skipped++;
      continue;
    }
    if (contactId) {
      const before = patches.get(contactId);
      const pick = <T>(value: T | null, previous: T | null | undefined) => value ?? previous ?? null;
      patches.set(contactId, {
        id: contactId,
        name: pick(candidate.name ?? (candidate.firstName || candidate.lastName ? displayName(candidate) : null), before?.name),
        first_name: pick(candidate.firstName, before?.first_name),
        last_name: pick(candidate.lastName, before?.last_name),
        email: pick(candidate.email, before?.email),
        phone: pick(candidate.phone, before?.phone),
        job_title: pick(candidate.jobTitle, before?.job_title),
        company_id: pick(companyOf(candidate), before?.company_id),
        lifecycle_stage: pick(candidate.lifecycleStage, before?.lifecycle_stage),
        tags: tagsOf(candidate) ?? before?.tags ?? null,
        custom_fields: candidate.customFields ? { ...before?.custom_fields, ...candidate.customFields } : (before?.custom_fields ?? null),
      });
      addIdentities(contactId, candidate);
      counts.updated++;
      continue;
    }
    const id = newSortableId('ct');
    const firstSocial = candidate.identities[0];
    const stage = candidate.lifecycleStage ?? options.defaultLifecycleStage ?? 'subscriber';
    const networks = new Set(candidate.identities.map((identity) => identity.channel)).size;
    newContacts.push({
      id,
      name: displayName(candidate, firstSocial?.handle),
      first_name: candidate.firstName,
      last_name: candidate.lastName,
      email: candidate.email,
      phone: candidate.phone,
      job_title: candidate.jobTitle,
      company_id: companyOf(candidate),
      lifecycle_stage: lifecycleStages.includes(stage) ? stage : 'subscriber',
      tags: tagsOf(candidate) ?? [],
      custom_fields: candidate.customFields ?? {},
      // What refreshSignals would compute for a contact with these identities and no history yet.
      influence_score: influenceScore({ followersTotal: 0, engagement: 0, verified: false, networks }),
      became_customer: stage === 'customer',
    });
    addIdentities(id, candidate);
    counts.created++;
  }
  await repo.insertContacts(tx, workspaceId, newContacts);
  await repo.updateContacts(tx, workspaceId, [...patches.values()]);
  await repo.insertIdentities(tx, workspaceId, newIdentities);
  return counts;
}

export type RunImportResult = { status: 'completed' | 'skipped'; batches: number };

/** Batches written at once: PostgreSQL spends a core per writing transaction, and writes dominate. */
const LANES = 2;
const RETRIABLE = new Set(['40P01', '40001']); // deadlock, serialization failure: the batch is retried

const pgCode = (error: unknown) => (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;

/**
 * Runs (or resumes) an import; safe to call twice, even at the same time: each batch is claimed in the
 * transaction that writes it (contact_import_batches), so it is written exactly once. Two lanes write
 * batches side by side. In-file duplicates were set aside by validation, so lanes never create the
 * same person twice; two lanes updating the same existing contacts in another order may deadlock, and
 * the loser's batch is simply retried.
 */
export async function runImport(db: Database, workspaceId: string, importId: string, options: { batchSize?: number; logger?: Logger } = {}): Promise<RunImportResult> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const row = await repo.findImport(db, workspaceId, importId);
  if (!row || row.status !== 'importing') return { status: 'skipped', batches: 0 };
  const importOptions = readOptions(row.options);
  const { file, checked } = await checkImport(db, row);
  const candidateAt = new Map(checked.candidates.map((candidate) => [candidate.index, candidate]));
  const totalRows = file.rows.length;
  const batchCount = Math.ceil(totalRows / batchSize);
  const written = await repo.writtenBatches(db, importId);
  let next = 0;
  let batches = 0;
  let stopped = false;
  const claimNext = () => {
    while (next < batchCount && written.has(next)) next++;
    return next < batchCount ? next++ : null;
  };

  const writeOne = (batch: number) =>
    db.transaction(async (tx) => {
      const progress = await repo.findImportSummary(tx, workspaceId, importId);
      if (!progress || progress.status !== 'importing') return 'stopped' as const;
      if (!(await repo.claimBatch(tx, importId, batch))) return 'taken' as const;
      const from = batch * batchSize;
      const to = Math.min(totalRows, from + batchSize);
      const candidates: ContactCandidate[] = [];
      for (let index = from; index < to; index++) {
        const candidate = candidateAt.get(index);
        if (candidate) candidates.push(candidate);
      }
      const counts = await writeBatch(tx, workspaceId, candidates, importOptions);
      // Invalid and blank rows of the batch count as skipped.
      counts.skipped += to - from - candidates.length;
      const processedRows = await repo.recordBatch(tx, workspaceId, importId, { rows: to - from, ...counts });
      await emitEvent(tx, workspaceId, 'contact_import.progress', { id: importId, status: 'importing', processedRows, totalRows });
      return 'written' as const;
    });

  const lane = async () => {
    for (let batch = claimNext(); batch !== null && !stopped; batch = claimNext()) {
      if (batches > 0 && batches % ANALYZE_EVERY === 0 && totalRows > batchSize * 2) {
        await repo.analyzeContactTables(db).catch((error: unknown) => options.logger?.info(`ANALYZE skipped: ${(error as Error).message}`));
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const outcome = await writeOne(batch);
          if (outcome === 'stopped') stopped = true;
          if (outcome === 'written') batches++;
          break;
        } catch (error) {
          if (!RETRIABLE.has(pgCode(error) ?? '') || attempt >= 5) throw error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, Math.max(1, batchCount)) }, lane));

  await db.transaction(async (tx) => {
    const progress = await repo.lockImportProgress(tx, workspaceId, importId);
    if (!progress || progress.status !== 'importing') return;
    // Another run may still be writing a batch it claimed: only the run that sees every batch finishes.
    if ((await repo.writtenBatches(tx, importId)).size < batchCount) return;
    const finished = await repo.setImportStatus(tx, workspaceId, importId, 'completed', { finishedAt: new Date(), error: null });
    const counts = { totalRows, created: finished.createdCount, updated: finished.updatedCount, skipped: finished.skippedCount, invalidRows: checked.invalidRows.size };
    await recordAuditEvent(tx, jobContext(workspaceId), { action: 'contact_import.completed', entityType: 'contact_import', entityId: importId, after: counts });
    await emitEvent(tx, workspaceId, 'contact_import.progress', { id: importId, status: 'completed', processedRows: finished.processedRows, totalRows });
  });
  options.logger?.info(`import ${importId}: ${batches} batch(es) written`);
  return { status: 'completed', batches };
}

/** After the last attempt: the import is marked failed, with a reason people can act on. */
export async function failImport(db: Database, workspaceId: string, importId: string, reason: string) {
  await db.transaction(async (tx) => {
    const progress = await repo.lockImportProgress(tx, workspaceId, importId);
    if (!progress || progress.status !== 'importing') return;
    await repo.setImportStatus(tx, workspaceId, importId, 'failed', { error: reason, finishedAt: new Date() });
    await recordAuditEvent(tx, jobContext(workspaceId), {
      action: 'contact_import.failed',
      entityType: 'contact_import',
      entityId: importId,
      after: { processedRows: progress.processedRows, reason },
    });
    await emitEvent(tx, workspaceId, 'contact_import.progress', { id: importId, status: 'failed', processedRows: progress.processedRows });
  });
}
