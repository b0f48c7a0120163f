// An agent's file for their next reply: checked against the web chat upload's limits, refused up front
// when the conversation's channel could not carry it (asked of its driver with the file as the send job
// will hand it over: with a signed public link for the platforms that fetch files by URL), then stored in
// message_files for the conversation's channel. The answer is the attachment the reply route takes.
import type { Database } from '../../../db/client.js';
import type { MessageAttachment } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { AppError, notFound } from '../../../server/errors.js';
import { withPublicUrl } from '../../channels/public-files.js';
import { insertFile } from '../../channels/webchat/repository.js';
import { ALLOWED_FILE_TYPES, MAX_FILE_BYTES } from '../../channels/webchat/webchat-routes.js';
import * as repo from '../repository.js';
import { replyRefusal } from './reply-refusal.js';

export type ReplyFile = { name: string; contentType: string; content: Buffer };

export const messageFileUrl = (id: string) => `/api/v1/message-files/${id}`;
export const maxFileMegabytes = MAX_FILE_BYTES / 1024 / 1024;

type Deps = { db: Database; secrets?: SecretBox | undefined; publicUrl?: string | undefined };

export async function attachReplyFile(deps: Deps, workspaceId: string, conversationId: string, file: ReplyFile): Promise<Required<MessageAttachment>> {
  const conversation = await repo.findConversation(deps.db, workspaceId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  if (file.content.length === 0) throw new AppError('file.empty', 400, 'The file is empty: send its bytes as the body.');
  if (file.content.length > MAX_FILE_BYTES) throw tooLarge();
  if (!ALLOWED_FILE_TYPES.includes(file.contentType)) throw wrongType(file.contentType);

  const attachment = { id: newId('file'), name: file.name, contentType: file.contentType, size: file.content.length, url: '' };
  attachment.url = messageFileUrl(attachment.id);
  const refusal = await attachmentRefusal(deps, conversation, attachment);
  if (refusal) throw new AppError('attachment.refused', 422, refusal, { channelType: conversation.channelType });

  await insertFile(deps.db, { ...attachment, workspaceId, channelId: conversation.channelId, content: file.content });
  return attachment;
}

export const tooLarge = () => new AppError('file.too_large', 413, `The file is larger than ${maxFileMegabytes} MB, the most a reply carries.`, { maxBytes: MAX_FILE_BYTES });
export const wrongType = (contentType: string) =>
  new AppError('file.type', 415, `Files of type ${contentType || 'unknown'} cannot be attached; allowed: ${ALLOWED_FILE_TYPES.join(', ')}.`, { contentType, allowed: ALLOWED_FILE_TYPES });

/** Why a reply carrying this file could not go out: the channel driver's answer for the file as the send job hands it over (with its signed link). */
async function attachmentRefusal(deps: Deps, conversation: repo.ConversationRow, stored: MessageAttachment): Promise<string | null> {
  return replyRefusal(deps, conversation.workspaceId, conversation.id, [withPublicUrl(deps, stored)]);
}
