// Links a mention's author to a contact by hand: to a chosen contact (the author's identity joins it),
// or through identity resolution, which finds the contact the identity belongs to or creates one. The
// mention then joins that contact's timeline, as the background linking does (jobs/link-authors.ts).
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { excerpt } from '../../activities/mentions.js';
import { createContact } from '../../contacts/commands/create-contact.js';
import { getContact } from '../../contacts/commands/get-contact.js';
import { addIdentity } from '../../contacts/commands/manage-identities.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import { resolveIdentity } from '../../contacts/commands/resolve-identity.js';
import { authorIdentity } from '../jobs/link-authors.js';
import * as repo from '../repository.js';

export async function linkMentionAuthor(ctx: CommandContext, mentionId: string, input: { contactId?: string }): Promise<{ contactId: string; createdContact: boolean }> {
  const workspaceId = ctx.workspace.workspaceId;
  const mention = await repo.findMention(ctx.db, workspaceId, mentionId);
  if (!mention) throw notFound('mention', mentionId);
  const identity = authorIdentity({
    channel: mention.channel,
    handle: mention.authorHandle,
    externalId: mention.authorExternalId,
    name: mention.authorName,
    followers: mention.authorFollowers,
    verified: mention.authorVerified,
    profileUrl: mention.authorProfileUrl,
    avatarUrl: mention.authorAvatarUrl,
  });

  let contactId: string;
  let createdContact = false;
  if (input.contactId) {
    contactId = (await getContact(ctx.db, workspaceId, input.contactId)).id;
    if (identity) {
      try {
        await addIdentity(ctx, contactId, identity);
      } catch (error) {
        // Already this contact's: nothing to add. Another contact's: the two are the same person and should be merged.
        const owner = error instanceof AppError && error.code === 'contact.identity_taken' ? error.details.contactId : undefined;
        if (owner !== contactId) throw error;
      }
    }
  } else if (identity) {
    const resolved = await resolveIdentity(ctx.db, workspaceId, ctx.actor, { identity, source: 'mention', sourceChannel: identity.channel });
    contactId = resolved.contactId;
    createdContact = resolved.createdContact;
  } else {
    // News sites and blogs: no identity the CRM can hold, so a contact under the author's name.
    const name = mention.authorName ?? mention.authorHandle;
    if (!name) throw new AppError('mention.no_author', 422, 'This mention has no author to make a contact of.');
    contactId = (await createContact(ctx, { name, source: 'mention', sourceChannel: mention.channel ?? undefined })).id;
    createdContact = true;
  }

  await recordInteraction(ctx.db, {
    workspaceId,
    contactId,
    kind: 'mention',
    channel: identity?.channel ?? mention.channel ?? undefined,
    direction: 'inbound',
    occurredAt: mention.publishedAt,
    summary: excerpt(mention.title ? `${mention.title} — ${mention.text}` : mention.text),
    body: mention.text,
    sentiment: mention.sentimentScore,
    sourceModule: 'listening',
    sourceId: mentionId,
    data: { mentionId, url: mention.url, topicIds: mention.topicIds },
  });
  await ctx.db.transaction(async (tx) => {
    await repo.setMentionContact(tx, workspaceId, mentionId, contactId);
    await recordAuditEvent(tx, ctx, { action: 'mention.author_linked', entityType: 'mention', entityId: mentionId, before: { contactId: mention.contactId }, after: { contactId, createdContact } });
    await emitEvent(tx, workspaceId, 'mention.updated', { mentionId, contactId });
  });
  return { contactId, createdContact };
}
