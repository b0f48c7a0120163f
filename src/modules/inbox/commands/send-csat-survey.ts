// sendCsatSurvey: after a conversation is resolved, asks the customer how it went. One survey per
// conversation: a row in csat_responses (only the hash of its token is kept) with the agent and team
// that resolved it, then the question on the conversation's own channel — a `csat` frame to the web
// chat widget, or an automatic message with a link to the public survey page elsewhere. Public
// conversations (comments, mention threads) are not surveyed: a rating link does not belong in public.
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { emitEvent } from '../../../server/events.js';
import { publish } from '../../channels/webchat/webchat-bus.js';
import { visitorOfThread } from '../../channels/webchat/protocol.js';
import * as repo from '../repository.js';
import { sendAutomaticMessage } from './send-message.js';

const SURVEY_LABEL = 'CSAT survey';

// Survey links point at the web app. The routes set the instance's public URL when they register;
// a process without routes (a worker) falls back to PUBLIC_URL.
let surveyBaseUrl: string | null = null;
export function setCsatSurveyBaseUrl(url: string): void {
  surveyBaseUrl = url.replace(/\/$/, '');
}
const baseUrl = () => surveyBaseUrl ?? (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`).replace(/\/$/, '');

export const csatSurveyUrl = (token: string, base = baseUrl()) => `${base}/csat/${token}`;
export const csatSurveyText = (url: string) => `Thanks for reaching out! How did we do? Rate this conversation from 1 to 5: ${url}`;

export type SentSurvey = { token: string; via: 'webchat' | 'message' };

/**
 * Returns the token sent, or null when no survey went out: the conversation is not resolved, is public,
 * or its survey was already answered. A survey sent but not answered is sent again with a new token
 * (the old link stops working) when the conversation is resolved again.
 */
export async function sendCsatSurvey(db: Database, workspaceId: string, conversationId: string, options: { now?: Date; publicUrl?: string } = {}): Promise<SentSurvey | null> {
  const now = options.now ?? new Date();
  const conversation = await repo.findConversation(db, workspaceId, conversationId);
  if (!conversation || conversation.status !== 'resolved' || conversation.visibility === 'public' || conversation.mergedIntoId) return null;

  const token = randomToken(32);
  const memberId = conversation.resolvedByMemberId ?? conversation.assigneeMemberId;
  const stored = await db.transaction(async (tx) => {
    const upserted = await tx.execute(sql`
      INSERT INTO csat_responses (conversation_id, workspace_id, token_hash, member_id, team_id, channel_type, sent_at)
      VALUES (${conversationId}, ${workspaceId}, ${hashToken(token)}, ${memberId}, ${conversation.teamId}, ${conversation.channelType}, ${now.toISOString()}::timestamptz)
      ON CONFLICT (conversation_id) DO UPDATE SET token_hash = excluded.token_hash, member_id = excluded.member_id, team_id = excluded.team_id, sent_at = excluded.sent_at
      WHERE csat_responses.answered_at IS NULL
      RETURNING conversation_id`);
    if (upserted.rows.length === 0) return false;
    await repo.insertConversationEvent(tx, { workspaceId, conversationId, type: 'csat.sent', actorLabel: SURVEY_LABEL, data: { channelType: conversation.channelType } });
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
    return true;
  });
  if (!stored) return null;

  const visitorId = conversation.channelType === 'webchat' ? visitorOfThread(conversation.externalThreadId) : null;
  if (visitorId) {
    // The widget shows its own rating form and answers POST /csat/{token}.
    await publish(db, { kind: 'csat', visitorId, token });
    return { token, via: 'webchat' };
  }
  await sendAutomaticMessage(db, workspaceId, conversationId, csatSurveyText(csatSurveyUrl(token, options.publicUrl?.replace(/\/$/, ''))), SURVEY_LABEL, { now });
  return { token, via: 'message' };
}
