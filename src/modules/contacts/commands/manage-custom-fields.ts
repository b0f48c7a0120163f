// Custom field definitions per workspace and entity (contact, company, deal).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { customFieldDefinitions, customFieldEntities, customFieldTypes } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';

export const customFieldInputSchema = z
  .object({
    entity: z.enum(customFieldEntities),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _; starts with a letter').optional(),
    label: z.string().trim().min(1).max(100),
    type: z.enum(customFieldTypes),
    options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((value) => !['select', 'multiselect'].includes(value.type) || (value.options?.length ?? 0) > 0, {
    message: 'select and multiselect fields need options',
    path: ['options'],
  });
export const customFieldUpdateSchema = z.object({
  label: z.string().trim().min(1).max(100).optional(),
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

const keyFromLabel = (label: string) =>
  label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'f_$1')
    .slice(0, 64) || 'field';

export async function createCustomField(ctx: CommandContext, input: z.infer<typeof customFieldInputSchema>) {
  const workspaceId = ctx.workspace.workspaceId;
  const key = input.key ?? keyFromLabel(input.label);
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(customFieldDefinitions)
      .values({ id: newId('cf'), workspaceId, entity: input.entity, key, label: input.label, type: input.type, options: input.options ?? [], required: input.required ?? false, position: input.position ?? 0 })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new AppError('custom_field.key_taken', 409, `A ${input.entity} field with the key "${key}" already exists.`, { key });
    await recordAuditEvent(tx, ctx, { action: 'custom_field.created', entityType: 'custom_field', entityId: created.id, after: { entity: created.entity, key, label: created.label, type: created.type } });
    await emitEvent(tx, workspaceId, 'custom_field.created', { id: created.id });
    return created;
  });
}

export async function updateCustomField(ctx: CommandContext, fieldId: string, input: z.infer<typeof customFieldUpdateSchema>) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customFieldDefinitions).where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, fieldId)));
    if (!before) throw notFound('custom_field', fieldId);
    const [after] = await tx
      .update(customFieldDefinitions)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, fieldId)))
      .returning();
    await recordAuditEvent(tx, ctx, {
      action: 'custom_field.updated',
      entityType: 'custom_field',
      entityId: fieldId,
      before: { label: before.label, options: before.options, required: before.required },
      after: { label: after!.label, options: after!.options, required: after!.required },
    });
    await emitEvent(tx, workspaceId, 'custom_field.updated', { id: fieldId });
    return after!;
  });
}

/** Deleting a definition also removes its values from every record, so no orphan data stays behind. */
export async function deleteCustomField(ctx: CommandContext, fieldId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const [field] = await tx.select().from(customFieldDefinitions).where(and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, fieldId)));
    if (!field) throw notFound('custom_field', fieldId);
    await tx.delete(customFieldDefinitions).where(eq(customFieldDefinitions.id, fieldId));
    const table = field.entity === 'contact' ? 'contacts' : field.entity === 'company' ? 'companies' : 'deals';
    await tx.execute(sql`UPDATE ${sql.identifier(table)} SET custom_fields = custom_fields - ${field.key} WHERE workspace_id = ${workspaceId} AND custom_fields ? ${field.key}`);
    await recordAuditEvent(tx, ctx, { action: 'custom_field.deleted', entityType: 'custom_field', entityId: fieldId, before: { entity: field.entity, key: field.key, label: field.label } });
    await emitEvent(tx, workspaceId, 'custom_field.deleted', { id: fieldId });
  });
}
