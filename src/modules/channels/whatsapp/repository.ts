// The only SQL of the WhatsApp channel: its synced message templates, and what its driver reads of a
// message being sent (the template or buttons it carries, the message it answers) and of its
// conversation (the customer's last message, for the 24-hour window). Scoped by workspace.
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { conversations, messages, whatsappTemplates, type WhatsAppTemplateComponent } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';

export type TemplateRow = typeof whatsappTemplates.$inferSelect;
export type SyncedTemplate = { externalId: string | null; name: string; language: string; category: string; status: string; parameterFormat: string; components: WhatsAppTemplateComponent[] };

export async function listTemplates(db: Executor, workspaceId: string, channelId: string, filter: { status?: string; search?: string } = {}): Promise<TemplateRow[]> {
  const rows = await db
    .select()
    .from(whatsappTemplates)
    .where(and(eq(whatsappTemplates.workspaceId, workspaceId), eq(whatsappTemplates.channelId, channelId), filter.status ? eq(whatsappTemplates.status, filter.status) : undefined))
    .orderBy(asc(whatsappTemplates.name), asc(whatsappTemplates.language));
  const search = filter.search?.trim().toLowerCase();
  return search ? rows.filter((row) => row.name.toLowerCase().includes(search) || JSON.stringify(row.components).toLowerCase().includes(search)) : rows;
}

export async function findTemplate(db: Executor, workspaceId: string, channelId: string, id: string): Promise<TemplateRow | null> {
  const [row] = await db
    .select()
    .from(whatsappTemplates)
    .where(and(eq(whatsappTemplates.workspaceId, workspaceId), eq(whatsappTemplates.channelId, channelId), eq(whatsappTemplates.id, id)));
  return row ?? null;
}

/** Stores a full sync: each template upserted by name and language, the ones Meta no longer lists removed. */
export async function replaceTemplates(db: Executor, workspaceId: string, channelId: string, templates: SyncedTemplate[], now: Date): Promise<{ stored: number; removed: number }> {
  for (const template of templates) {
    await db
      .insert(whatsappTemplates)
      .values({ id: newId('wat'), workspaceId, channelId, ...template, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [whatsappTemplates.channelId, whatsappTemplates.name, whatsappTemplates.language],
        set: { externalId: template.externalId, category: template.category, status: template.status, parameterFormat: template.parameterFormat, components: template.components, updatedAt: now },
      });
  }
  const kept = await db
    .select({ id: whatsappTemplates.id, name: whatsappTemplates.name, language: whatsappTemplates.language })
    .from(whatsappTemplates)
    .where(and(eq(whatsappTemplates.workspaceId, workspaceId), eq(whatsappTemplates.channelId, channelId)));
  const listed = new Set(templates.map((template) => `${template.name}\u0000${template.language}`));
  const gone = kept.filter((row) => !listed.has(`${row.name}\u0000${row.language}`)).map((row) => row.id);
  if (gone.length > 0) await db.delete(whatsappTemplates).where(and(eq(whatsappTemplates.channelId, channelId), inArray(whatsappTemplates.id, gone)));
  return { stored: templates.length, removed: gone.length };
}

/**
 * A template's new status from Meta's review webhook, found by Meta's id or else by name and language;
 * false when this channel has no such template stored (a sync brings it in with its status).
 */
export async function setTemplateStatus(db: Executor, target: { workspaceId: string; channelId: string }, update: { externalId: string | null; name: string; language: string; status: string }, now: Date): Promise<boolean> {
  const same = update.externalId
    ? or(eq(whatsappTemplates.externalId, update.externalId), and(eq(whatsappTemplates.name, update.name), eq(whatsappTemplates.language, update.language)))
    : and(eq(whatsappTemplates.name, update.name), eq(whatsappTemplates.language, update.language));
  const rows = await db
    .update(whatsappTemplates)
    .set({ status: update.status, updatedAt: now })
    .where(and(eq(whatsappTemplates.workspaceId, target.workspaceId), eq(whatsappTemplates.channelId, target.channelId), same))
    .returning({ id: whatsappTemplates.id });
  return rows.length > 0;
}

/** What the driver needs of a message beyond the OutboundMessage: its data (template, buttons) and whether the agent chose a message to answer. */
export async function outboundMessage(db: Executor, workspaceId: string, messageId: number): Promise<{ data: Record<string, unknown>; replyToMessageId: number | null } | null> {
  const [row] = await db
    .select({ data: messages.data, replyToMessageId: messages.replyToMessageId })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row ?? null;
}

export async function conversationOf(db: Executor, workspaceId: string, conversationId: string): Promise<{ channelId: string; channelType: string; lastInboundAt: Date | null } | null> {
  const [row] = await db
    .select({ channelId: conversations.channelId, channelType: conversations.channelType, lastInboundAt: conversations.lastInboundAt })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row ?? null;
}

