// Companies: the organisations contacts work for.
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/client.js';
import { companies, contacts } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { validateCustomFields } from '../custom-fields.js';
import { normalizeTags } from './create-contact.js';
import { changedFields } from './update-contact.js';

export const companyInputSchema = z.object({
  name: z.string().trim().min(1).max(300),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain like example.com')
    .nullish(),
  website: z.url().max(2000).nullish(),
  industry: z.string().trim().max(200).nullish(),
  size: z.string().trim().max(50).nullish(),
  description: z.string().max(5000).optional(),
  ownerMemberId: z.string().max(100).nullish(),
  tags: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type CompanyInput = z.infer<typeof companyInputSchema>;
export type CompanyRow = typeof companies.$inferSelect;

const domainTaken = (domain: string) => new AppError('company.domain_taken', 409, `A company with the domain ${domain} already exists.`, { domain });
const isUnique = (error: unknown) => (error as { code?: string; cause?: { code?: string } }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505';

export async function findCompany(db: Executor, workspaceId: string, companyId: string): Promise<CompanyRow | undefined> {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, companyId)));
  return row;
}

function decodeNameCursor(cursor: string | null | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string' ? [value[0], value[1]] : null;
  } catch {
    return null;
  }
}

export async function listCompanies(db: Executor, workspaceId: string, query: { q?: string; limit: number; cursor?: string | null }) {
  const cursor = decodeNameCursor(query.cursor);
  const rows = await db
    .select({ company: companies, contactCount: sql<number>`(SELECT count(*)::int FROM ${contacts} WHERE ${contacts.companyId} = ${companies.id} AND ${contacts.mergedIntoId} IS NULL)` })
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, workspaceId),
        query.q ? sql`(lower(${companies.name}) LIKE ${`%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR ${companies.domain} = ${query.q.toLowerCase()})` : undefined,
        cursor ? sql`(lower(${companies.name}), ${companies.id}) > (${cursor[0]}, ${cursor[1]})` : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${companies.name})`), asc(companies.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.company.name.toLowerCase(), last.company.id])).toString('base64url') : null;
  return { data: page, nextCursor };
}

export async function createCompany(ctx: CommandContext, input: CompanyInput) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      if (input.ownerMemberId) await assertMember(tx, workspaceId, input.ownerMemberId);
      const customFields = await validateCustomFields(tx, workspaceId, 'company', {}, input.customFields ?? {});
      const [company] = await tx
        .insert(companies)
        .values({
          id: newId('co'),
          workspaceId,
          name: input.name,
          domain: input.domain ?? null,
          website: input.website ?? null,
          industry: input.industry ?? null,
          size: input.size ?? null,
          description: input.description ?? '',
          ownerMemberId: input.ownerMemberId ?? null,
          tags: normalizeTags(input.tags) ?? [],
          customFields,
        })
        .returning();
      await recordAuditEvent(tx, ctx, { action: 'company.created', entityType: 'company', entityId: company!.id, after: { name: company!.name, domain: company!.domain } });
      await emitEvent(tx, workspaceId, 'company.created', { id: company!.id });
      return company!;
    });
  } catch (error) {
    if (isUnique(error) && input.domain) throw domainTaken(input.domain);
    throw error;
  }
}

export async function updateCompany(ctx: CommandContext, companyId: string, input: Partial<CompanyInput>) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const company = await findCompany(tx, workspaceId, companyId);
      if (!company) throw notFound('company', companyId);
      if (input.ownerMemberId) await assertMember(tx, workspaceId, input.ownerMemberId);
      const { customFields, tags, ...rest } = input;
      const patch: Record<string, unknown> = { ...rest };
      if (tags !== undefined) patch.tags = normalizeTags(tags);
      if (customFields !== undefined) patch.customFields = await validateCustomFields(tx, workspaceId, 'company', company.customFields, customFields);
      const { from, to, changed } = changedFields(company as unknown as Record<string, unknown>, patch);
      if (!changed) return company;
      const [updated] = await tx
        .update(companies)
        .set({ ...to, updatedAt: new Date() })
        .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, companyId)))
        .returning();
      await recordAuditEvent(tx, ctx, { action: 'company.updated', entityType: 'company', entityId: companyId, before: from, after: to });
      await emitEvent(tx, workspaceId, 'company.updated', { id: companyId });
      return updated!;
    });
  } catch (error) {
    if (isUnique(error) && input.domain) throw domainTaken(input.domain);
    throw error;
  }
}

export async function deleteCompany(ctx: CommandContext, companyId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const company = await findCompany(tx, workspaceId, companyId);
    if (!company) throw notFound('company', companyId);
    await tx.delete(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, companyId)));
    await recordAuditEvent(tx, ctx, { action: 'company.deleted', entityType: 'company', entityId: companyId, before: { name: company.name, domain: company.domain } });
    await emitEvent(tx, workspaceId, 'company.deleted', { id: companyId });
  });
}
