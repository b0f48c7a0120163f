// WhatsApp tables: the message templates of a WhatsApp channel's business account, synced from the
// Graph API. Outside the 24-hour customer-service window a conversation can only receive one of these.
import { index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { channels } from './inbox.js';
import { createdAt, updatedAt, workspaceRef } from './platform.js';

/** One template's component as the Graph API describes it (HEADER, BODY, FOOTER, BUTTONS) */
export type WhatsAppTemplateComponent = Record<string, unknown> & { type: string };

export const whatsappTemplates = pgTable(
  'whatsapp_templates',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** Meta's template id */
    externalId: text('external_id'),
    name: text('name').notNull(),
    /** The locale code (en_US, pt_BR…): a name has one template per language */
    language: text('language').notNull(),
    /** MARKETING, UTILITY or AUTHENTICATION */
    category: text('category').notNull(),
    /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED…: only approved ones can be sent */
    status: text('status').notNull(),
    /** POSITIONAL ({{1}}) or NAMED ({{first_name}}) variables */
    parameterFormat: text('parameter_format').notNull().default('POSITIONAL'),
    components: jsonb('components').$type<WhatsAppTemplateComponent[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('whatsapp_templates_channel_name_language_uq').on(t.channelId, t.name, t.language), index('whatsapp_templates_workspace_idx').on(t.workspaceId, t.channelId)],
);
