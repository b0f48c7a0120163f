// An agent's template message in a WhatsApp conversation: the channel's approved template, every
// header and body variable filled (refused with the names of those left empty), stored in the thread
// as the text the customer will read and sent by the inbox's send job as a `type: template` message.
// Templates are what may go out when the 24-hour customer-service window is shut.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { sendMessage } from '../../inbox/commands/send-message.js';
import type { MessageRow } from '../../inbox/repository.js';
import * as repo from './repository.js';
import { buildTemplatePayload, renderTemplate, type TemplateVariables } from './templates.js';

export type TemplateMessageInput = { templateId: string; variables?: TemplateVariables; clientMessageId?: string };

export async function sendTemplateMessage(ctx: CommandContext, conversationId: string, input: TemplateMessageInput): Promise<MessageRow> {
  const workspaceId = ctx.workspace.workspaceId;
  const conversation = await repo.conversationOf(ctx.db, workspaceId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  if (conversation.channelType !== 'whatsapp') throw new AppError('template.wrong_channel', 422, `Message templates are for WhatsApp conversations; this one is on ${conversation.channelType}.`);
  const template = await repo.findTemplate(ctx.db, workspaceId, conversation.channelId, input.templateId);
  if (!template) throw new AppError('template.not_found', 404, `Template ${input.templateId} is not one of this channel's templates; sync the templates and pick again.`, { field: 'templateId' });
  if (template.status !== 'APPROVED') throw new AppError('template.not_approved', 422, `The template "${template.name}" (${template.language}) is ${template.status.toLowerCase()}; only approved templates can be sent.`, { status: template.status });
  const variables = input.variables ?? {};
  const payload = buildTemplatePayload(template, variables);
  return sendMessage(ctx, conversationId, {
    text: renderTemplate(template, variables),
    data: { template: { id: template.id, name: template.name, language: template.language, payload } },
    ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
  });
}
