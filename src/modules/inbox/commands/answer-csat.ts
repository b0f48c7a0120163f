// answerCsat: the customer's answer to the survey sent after resolution, through the public link or the
// web chat widget (the token is the only credential). The first answer counts; within a day of it the
// customer may change it (a mis-tap on the stars), after that answering again changes nothing. The
// answer goes on the conversation as an event and on the contact's timeline.
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { hashToken } from '../../../lib/secrets.js';
import { AppError } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import * as repo from '../repository.js';

/** How long after the first answer the customer may still change it. */
export const CSAT_CHANGE_WINDOW_MS = 24 * 3_600_000;
/** How long a survey link stays open after it was sent. */
export const CSAT_OPEN_DAYS = 30;

export type CsatAnswer = { score: number; comment?: string | null };
export type CsatSurvey = {
  workspaceId: string;
  conversationId: string;
  workspaceName: string;
  score: number | null;
  comment: string | null;
  answeredAt: Date | null;
  sentAt: Date;
};

const notFound = () => new AppError('csat.not_found', 404, 'This survey link is not valid. It may have been replaced by a newer one.');

type SurveyRow = { conversation_id: string; workspace_id: string; workspace_name: string; score: number | null; comment: string | null; answered_at: Date | string | null; sent_at: Date | string };
const present = (row: SurveyRow): CsatSurvey => ({
  workspaceId: row.workspace_id,
  conversationId: row.conversation_id,
  workspaceName: row.workspace_name,
  score: row.score,
  comment: row.comment,
  answeredAt: row.answered_at === null ? null : new Date(row.answered_at),
  sentAt: new Date(row.sent_at),
});

/** The survey a token opens, for the public page. */
export async function findCsatSurvey(db: Database, token: string): Promise<CsatSurvey> {
  const result = await db.execute<SurveyRow>(sql`
    SELECT r.conversation_id, r.workspace_id, w.name AS workspace_name, r.score, r.comment, r.answered_at, r.sent_at
    FROM csat_responses r JOIN workspaces w ON w.id = r.workspace_id
    WHERE r.token_hash = ${hashToken(token)}`);
  const row = result.rows[0];
  if (!row) throw notFound();
  return present(row);
}

/** Records the answer; `changed` is false when an answer older than a day was kept as it was. */
export async function answerCsat(db: Database, token: string, answer: CsatAnswer, options: { now?: Date } = {}): Promise<CsatSurvey & { changed: boolean }> {
  const now = options.now ?? new Date();
  const comment = answer.comment?.trim() || null;
  return db.transaction(async (tx) => {
    const locked = await tx.execute<SurveyRow>(sql`
      SELECT r.conversation_id, r.workspace_id, w.name AS workspace_name, r.score, r.comment, r.answered_at, r.sent_at
      FROM csat_responses r JOIN workspaces w ON w.id = r.workspace_id
      WHERE r.token_hash = ${hashToken(token)} FOR UPDATE OF r`);
    const row = locked.rows[0];
    if (!row) throw notFound();
    const survey = present(row);
    if (survey.answeredAt && now.getTime() - survey.answeredAt.getTime() > CSAT_CHANGE_WINDOW_MS) return { ...survey, changed: false };
    if (!survey.answeredAt && now.getTime() - survey.sentAt.getTime() > CSAT_OPEN_DAYS * 86_400_000) {
      throw new AppError('csat.expired', 422, `This survey closed ${CSAT_OPEN_DAYS} days after it was sent.`);
    }
    const first = survey.answeredAt === null;
    // answered_at stays the first answer's time: metrics count the answer in the period it was given.
    await tx.execute(sql`
      UPDATE csat_responses SET score = ${answer.score}, comment = ${comment}, answered_at = coalesce(answered_at, ${now.toISOString()}::timestamptz)
      WHERE conversation_id = ${survey.conversationId}`);
    await repo.insertConversationEvent(tx, {
      workspaceId: survey.workspaceId,
      conversationId: survey.conversationId,
      type: 'csat.answered',
      actorLabel: 'Customer',
      data: { score: answer.score, comment, ...(first ? {} : { previousScore: survey.score }) },
    });
    const conversation = await repo.findConversation(tx, survey.workspaceId, survey.conversationId);
    if (conversation?.contactId && first) {
      await recordInteraction(tx, {
        workspaceId: survey.workspaceId,
        contactId: conversation.contactId,
        kind: 'message',
        channel: conversation.channelType,
        direction: 'inbound',
        occurredAt: now,
        summary: `Rated the conversation ${answer.score}/5${comment ? `: ${comment}` : ''}`,
        body: comment,
        sourceModule: 'inbox',
        sourceId: `csat:${survey.conversationId}`,
        data: { conversationId: survey.conversationId, csatScore: answer.score },
      });
    }
    await emitEvent(tx, survey.workspaceId, 'conversation.updated', { conversationId: survey.conversationId });
    return { ...survey, score: answer.score, comment, answeredAt: survey.answeredAt ?? now, changed: true };
  });
}
