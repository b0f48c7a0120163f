// inbox.check_sla, every minute: finds conversations with a target about to be due (its policy's
// warning window) or overdue, through conversations_sla_due_idx, and records each warning and breach
// once per target and cycle (sla_warned / sla_breached). A warning tells the assignee; a breach tells
// the assignee, the policy's listed members and the team's manager, then runs the policy's escalation
// (reassign, raise priority) through changeConversation. Flags are committed before the escalation
// runs, so a rerun never escalates twice; each conversation is its own transaction, so one failure
// stays with its conversation.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import type { SlaTarget } from '../../../db/schema.js';
import { defineJob } from '../../../jobs/define.js';
import { emitEvent } from '../../../server/events.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import { changeConversation, type ConversationPatch } from '../commands/change-conversation.js';
import { REFRESH_WORKSPACE_SLA_JOB } from '../commands/manage-sla-policies.js';
import { refreshSla } from '../commands/refresh-sla.js';
import * as inboxRepo from '../repository.js';
import * as repo from '../sla/repository.js';

const BATCH = 200;
const DEFAULT_WARN_MINUTES = 15;

const targetLabels: Record<SlaTarget, string> = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' };

export type SlaCheckResult = { warned: number; breached: number; escalated: number; failed: number };

type Outcome = { warnings: SlaTarget[]; breaches: SlaTarget[]; escalation: repo.SlaPolicyRow['escalation'] | null; hadAssignee: boolean };

/** One conversation: flags, events and notifications in one transaction; null when nothing is due. */
async function checkConversation(db: Database, workspaceId: string, conversationId: string, now: Date): Promise<Outcome | null> {
  return db.transaction(async (tx) => {
    const conversation = await repo.lockConversationSkipLocked(tx, workspaceId, conversationId);
    if (!conversation || conversation.status !== 'open') return null;
    const policy = conversation.slaPolicyId ? await repo.findPolicy(tx, workspaceId, conversation.slaPolicyId) : undefined;
    const warnMs = (policy?.warnBeforeMinutes ?? DEFAULT_WARN_MINUTES) * 60_000;
    const warned = new Set<SlaTarget>(conversation.slaWarned);
    const breached = new Set<SlaTarget>(conversation.slaBreached);
    const dueTimes: [SlaTarget, Date | null][] = [
      ['first_response', conversation.firstResponseDueAt],
      ['next_response', conversation.nextResponseDueAt],
      ['resolution', conversation.resolutionDueAt],
    ];
    const warnings: SlaTarget[] = [];
    const breaches: SlaTarget[] = [];
    for (const [target, due] of dueTimes) {
      if (!due || breached.has(target)) continue;
      if (due.getTime() <= now.getTime()) breaches.push(target);
      else if (!warned.has(target) && due.getTime() - warnMs <= now.getTime()) warnings.push(target);
    }
    if (warnings.length === 0 && breaches.length === 0) return null;

    // A breach counts as warned too: no warning arrives after it.
    for (const target of [...warnings, ...breaches]) warned.add(target);
    for (const target of breaches) breached.add(target);
    await repo.updateConversationSla(tx, workspaceId, conversationId, { slaWarned: [...warned], slaBreached: [...breached] });
    const dueOf = (target: SlaTarget) => dueTimes.find(([name]) => name === target)![1]!.toISOString();
    for (const target of warnings) await inboxRepo.insertConversationEvent(tx, { workspaceId, conversationId, type: 'sla.warning', actorLabel: 'SLA', data: { target, dueAt: dueOf(target), at: now.toISOString() } });
    for (const target of breaches) await inboxRepo.insertConversationEvent(tx, { workspaceId, conversationId, type: 'sla.breached', actorLabel: 'SLA', data: { target, dueAt: dueOf(target), at: now.toISOString() } });

    const about = conversation.subject ?? conversation.lastMessagePreview ?? '';
    const link = `/inbox/${conversationId}`;
    if (warnings.length > 0 && conversation.assigneeMemberId) {
      const minutes = Math.max(0, Math.round((Math.min(...warnings.map((target) => Date.parse(dueOf(target)))) - now.getTime()) / 60_000));
      await notifyMember(tx, {
        workspaceId,
        memberId: conversation.assigneeMemberId,
        kind: 'sla_warning',
        title: `${warnings.map((target) => targetLabels[target]).join(' and ')} due in ${minutes} min`,
        body: about,
        link,
      });
    }
    if (breaches.length > 0) {
      const escalation = policy?.escalation ?? {};
      const recipients = new Set<string>(escalation.notifyMemberIds ?? []);
      if (conversation.assigneeMemberId) recipients.add(conversation.assigneeMemberId);
      if (escalation.notifyManager && conversation.teamId) {
        const manager = (await repo.findTeamCalendar(tx, workspaceId, conversation.teamId))?.managerMemberId;
        if (manager) recipients.add(manager);
      }
      const title = `SLA breached: ${breaches.map((target) => targetLabels[target].toLowerCase()).join(' and ')} overdue`;
      const existing = new Set((await inboxRepo.findMembers(tx, workspaceId, [...recipients])).map((member) => member.id));
      for (const memberId of recipients) if (existing.has(memberId)) await notifyMember(tx, { workspaceId, memberId, kind: 'sla_breach', title, body: about, link });
    }
    await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
    return { warnings, breaches, escalation: breaches.length > 0 ? (policy?.escalation ?? null) : null, hadAssignee: conversation.assigneeMemberId !== null };
  });
}

/** The policy's escalation on a breach: a new team (its assignment method picks an agent), a member, a priority. */
async function escalate(db: Database, workspaceId: string, conversationId: string, escalation: NonNullable<Outcome['escalation']>, hadAssignee: boolean, now: Date): Promise<boolean> {
  const actor = { memberId: null, label: 'SLA escalation' };
  const patch: ConversationPatch = {};
  if (escalation.setPriority) patch.priority = escalation.setPriority;
  if (escalation.reassignMemberId) patch.assigneeMemberId = escalation.reassignMemberId;
  if (escalation.reassignTeamId) {
    // Moving to a team without naming an agent: unassign first, so the team's method picks one.
    if (!escalation.reassignMemberId && hadAssignee) await changeConversation(db, workspaceId, conversationId, { assigneeMemberId: null }, actor, { now });
    patch.teamId = escalation.reassignTeamId;
  }
  if (Object.keys(patch).length === 0) return false;
  await changeConversation(db, workspaceId, conversationId, patch, actor, { now });
  return true;
}

/** Runs one check at `now` (the job passes the current time; tests pass their own clock). */
export async function checkSla(db: Database, now: Date = new Date(), log: (message: string) => void = () => {}): Promise<SlaCheckResult> {
  const result: SlaCheckResult = { warned: 0, breached: 0, escalated: 0, failed: 0 };
  const [row] = (await db.execute<{ minutes: number | null }>(sql`SELECT max(warn_before_minutes)::int AS minutes FROM sla_policies WHERE enabled`)).rows;
  const horizon = new Date(now.getTime() + Math.max(row?.minutes ?? 0, DEFAULT_WARN_MINUTES) * 60_000);
  let after: repo.DueCursor | null = null;
  for (;;) {
    const due = await repo.listDueConversations(db, now, horizon, BATCH, after);
    for (const { id, workspaceId } of due) {
      try {
        const outcome = await checkConversation(db, workspaceId, id, now);
        if (!outcome) continue;
        result.warned += outcome.warnings.length;
        result.breached += outcome.breaches.length;
        if (outcome.escalation && (await escalate(db, workspaceId, id, outcome.escalation, outcome.hadAssignee, now))) result.escalated += 1;
      } catch (error) {
        result.failed += 1;
        log(`SLA check of conversation ${id} (workspace ${workspaceId}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (due.length < BATCH) break;
    const last = due.at(-1)!;
    after = { dueAt: last.dueAt, id: last.id };
  }
  return result;
}

export const checkSlaJob = defineJob({
  id: 'inbox.check_sla',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, { db }, helpers) => {
    const result = await checkSla(db, new Date(), (message) => helpers.logger.error(message));
    if (result.warned + result.breached + result.failed > 0) helpers.logger.info(`SLA check: ${result.warned} warnings, ${result.breached} breaches, ${result.escalated} escalations, ${result.failed} failures`);
  },
});

/** Measures every unresolved conversation of a workspace again (after its policies or a team calendar changed). */
export async function refreshWorkspaceSla(db: Database, workspaceId: string, now: Date = new Date()): Promise<number> {
  let count = 0;
  let afterId: string | null = null;
  for (;;) {
    const ids = await repo.listUnresolvedConversationIds(db, workspaceId, afterId, BATCH);
    for (const id of ids) await refreshSla(db, workspaceId, id, now);
    count += ids.length;
    if (ids.length < BATCH) return count;
    afterId = ids.at(-1)!;
  }
}

export const refreshWorkspaceSlaJob = defineJob({
  id: REFRESH_WORKSPACE_SLA_JOB,
  payload: z.object({ workspaceId: z.string() }),
  handler: async ({ workspaceId }, { db }, helpers) => {
    const count = await refreshWorkspaceSla(db, workspaceId);
    helpers.logger.info(`SLA due times measured again on ${count} conversations of ${workspaceId}`);
  },
});
