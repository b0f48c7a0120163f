// Request and response schemas of the WhatsApp routes: a channel's templates (with the variables the
// composer asks for) and a template send.
import { z } from 'zod';
import type { TemplateRow } from './repository.js';
import { headerMediaOf, renderTemplate, templateVariables } from './templates.js';

const variableValues = z.record(z.string().max(60), z.string().max(1024));

export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    language: z.string(),
    category: z.string().describe('MARKETING, UTILITY or AUTHENTICATION'),
    status: z.string().describe('APPROVED, PENDING, REJECTED, PAUSED…: only approved templates can be sent'),
    parameterFormat: z.string().describe('POSITIONAL ({{1}}) or NAMED ({{first_name}})'),
    components: z.array(z.record(z.string(), z.unknown())).describe('As the Graph API gives them (HEADER, BODY, FOOTER, BUTTONS)'),
    variables: z
      .array(z.object({ component: z.enum(['header', 'body', 'button']), name: z.string().describe("The variable's name; a URL button's index"), example: z.string().nullable(), button: z.string().optional().describe("A URL button's label") }))
      .describe('What a send must fill, in order'),
    headerMedia: z.enum(['image', 'video', 'document']).nullable().describe('A media header needs `headerMediaUrl` on send'),
    text: z.string().describe('Header, body and footer, variables unfilled'),
    updatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'WhatsAppTemplate' });

export const templateListQuerySchema = z.object({
  status: z.string().max(30).optional().describe('Only templates in this status (APPROVED)'),
  search: z.string().max(200).optional().describe('Part of the name or text'),
});

export const templateSyncResultSchema = z.object({ stored: z.number(), removed: z.number() });

export const templateMessageSchema = z.object({
  templateId: z.string().min(1).max(100),
  variables: z
    .object({ header: variableValues.optional(), body: variableValues.optional(), button: variableValues.optional().describe("URL buttons' variable part by button index"), headerMediaUrl: z.string().max(2000).optional() })
    .optional()
    .describe('Values by variable name: {"body": {"1": "Ada"}} or {"body": {"first_name": "Ada"}}'),
  clientMessageId: z.string().min(1).max(100).optional().describe('Your id for this send: sending it again returns the stored message'),
});

export function presentTemplate(row: TemplateRow): z.infer<typeof templateSchema> {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    parameterFormat: row.parameterFormat,
    components: row.components,
    variables: templateVariables(row),
    headerMedia: headerMediaOf(row),
    text: renderTemplate(row),
    updatedAt: row.updatedAt.toISOString(),
  };
}
