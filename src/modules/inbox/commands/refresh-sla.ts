// refreshSla: picks the SLA policy that applies to a conversation and sets its due times, in the
// calendar of the conversation's team. Called after every inbound and outbound message and every
// status, priority or team change; idempotent (the same state gives the same due times).
//
// The three targets and when each runs:
// - first response: from the first inbound message until an agent's first answer;
// - next response: from the oldest unanswered inbound message (waiting_since), after the first answer;
// - resolution: from the first inbound message (or the conversation's creation) — or its reopening —
//   until it is resolved.
// The clock stands still while the conversation is pending (waiting on the customer) or snoozed: due
// times are cleared then, and on resumption they are pushed back by the business minutes paused. Those
// pauses, and the stop and restart at resolution and reopening, are kept as 'sla.*' conversation
// events with the time they happened, so due times can always be recomputed from the history.
// A target met clears its warned/breached flags; a target that starts again (a new customer message
// after an answer, a reopening) starts with clean flags.
import type { Database, Executor } from '../../../db/client.js';
import type { SlaTarget } from '../../../db/schema.js';
import { emitEvent } from '../../../server/events.js';
import * as inboxRepo from '../repository.js';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from '../sla/business-clock.js';
import { calendarFor, selectPolicy } from '../sla/policies.js';
import * as repo from '../sla/repository.js';

type Pause = { from: Date; to: Date };

/** What the ledger says: the pauses so far (the open one ending now), and when the running resolution cycle began. */
function readLedger(events: repo.ClockEvent[], now: Date): { pauses: Pause[]; cycleStart: Date | null } {
  const pauses: Pause[] = [];
  let pausedAt: Date | null = null;
  let cycleStart: Date | null = null;
  for (const event of events) {
    if (event.type === 'sla.paused') pausedAt ??= event.at;
    else if (pausedAt) {
      pauses.push({ from: pausedAt, to: event.at });
      pausedAt = null;
    }
    if (event.type === 'sla.restarted') cycleStart = event.at;
  }
  if (pausedAt) pauses.push({ from: pausedAt, to: now });
  return { pauses, cycleStart };
}

/** Business minutes the clock was paused after `start`. */
const pausedSince = (calendar: BusinessCalendar, pauses: Pause[], start: Date): number =>
  pauses.reduce((sum, pause) => (pause.to > start ? sum + businessMinutesBetween(calendar, pause.from > start ? pause.from : start, pause.to) : sum), 0);

const sameTime = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());

export async function refreshSla(db: Executor, workspaceId: string, conversationId: string, now: Date = new Date()): Promise<void> {
  await (db as Database).transaction(async (tx) => {
    const conversation = await inboxRepo.lockConversation(tx, workspaceId, conversationId);
    if (conversation) await refreshSlaOfLocked(tx, conversation, now);
  });
}

/**
 * refreshSla inside the caller's transaction, for a conversation row it has locked and read as it is
 * now (after its own changes): a reply sets its due times in the same commit, without locking again.
 */
export async function refreshSlaOfLocked(tx: Executor, conversation: inboxRepo.ConversationRow, now: Date = new Date()): Promise<void> {
  const { workspaceId, id: conversationId } = conversation;
  if (conversation.mergedIntoId) return;
  const { policies, ledger } = await repo.listPoliciesAndClockEvents(tx, workspaceId, conversationId);
  const policy = selectPolicy(policies, conversation);
  const team = policy?.businessHours && conversation.teamId ? await repo.findTeamCalendar(tx, workspaceId, conversation.teamId) : undefined;
  const plan = planSla(conversation, ledger, policies, new Map(team ? [[team.teamId, team]] : []), now);
  await inboxRepo.insertConversationEvents(tx, plan.events);
  if (!plan.next) return;
  await repo.updateConversationSla(tx, workspaceId, conversationId, plan.next);
  await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
}

/**
 * What refreshing the SLA does, without writing: the clock's transitions to record on the ledger
 * (`events`), and the SLA fields when they change (`next`, null when they stay). `ledger` is the
 * conversation's clock events so far; `calendars` holds the team calendars by team id (a missing
 * one: the policy's own hours). The inbound batch plans every conversation of a batch with it.
 */
export function planSla(
  conversation: inboxRepo.ConversationRow,
  ledgerEvents: repo.ClockEvent[],
  policies: readonly repo.SlaPolicyRow[],
  calendars: ReadonlyMap<string, repo.TeamCalendarRow>,
  now: Date,
): { events: inboxRepo.NewConversationEvent[]; next: repo.SlaFields | null } {
  const { workspaceId, id: conversationId } = conversation;
  const recorded: inboxRepo.NewConversationEvent[] = [];
  if (conversation.mergedIntoId) return { events: recorded, next: null };

  // The ledger: record this moment's transition of the clock, if there is one.
  const events = [...ledgerEvents];
  const stopped = conversation.status === 'resolved';
  const paused = conversation.status === 'pending' || conversation.status === 'snoozed';
  const record = (type: repo.ClockEventType) => {
    events.push({ type, at: now });
    recorded.push({ workspaceId, conversationId, type, actorLabel: 'SLA', data: { at: now.toISOString(), status: conversation.status } });
  };
  let last = events.at(-1)?.type ?? null;
  if (stopped) {
    if (last !== 'sla.stopped') record('sla.stopped');
  } else {
    if (last === 'sla.stopped') record('sla.restarted');
    last = events.at(-1)?.type ?? null;
    if (paused && last !== 'sla.paused') record('sla.paused');
    else if (!paused && last === 'sla.paused') record('sla.resumed');
  }
  const resuming = events.length > 0 && events.at(-1)!.at === now && events.at(-1)!.type === 'sla.resumed';
  const ledger = readLedger(events, now);

  const policy = selectPolicy(policies, conversation);
  const team = policy?.businessHours && conversation.teamId ? calendars.get(conversation.teamId) : null;
  const calendar = policy ? calendarFor(policy, team) : null;
  const dueFrom = (start: Date, minutes: number) => addBusinessMinutes(calendar!, start, minutes + pausedSince(calendar!, ledger.pauses, start));

  const warned = new Set<SlaTarget>(conversation.slaWarned);
  const breached = new Set<SlaTarget>(conversation.slaBreached);
  const clearFlags = (target: SlaTarget) => {
    warned.delete(target);
    breached.delete(target);
  };
  const due: Record<SlaTarget, Date | null> = { first_response: null, next_response: null, resolution: null };

  if (policy && !stopped) {
    if (policy.firstResponseMinutes !== null && conversation.firstInboundAt && !conversation.firstResponseAt) {
      due.first_response = dueFrom(conversation.firstInboundAt, policy.firstResponseMinutes);
    }
    if (policy.nextResponseMinutes !== null && conversation.firstResponseAt && conversation.waitingSince) {
      due.next_response = dueFrom(conversation.waitingSince, policy.nextResponseMinutes);
    }
    if (policy.resolutionMinutes !== null) {
      due.resolution = dueFrom(ledger.cycleStart ?? conversation.firstInboundAt ?? conversation.createdAt, policy.resolutionMinutes);
    }
  }
  // Met: the answer came, the customer is not waiting any more, the conversation is resolved.
  if (conversation.firstResponseAt) clearFlags('first_response');
  if (!conversation.waitingSince) clearFlags('next_response');
  if (stopped) clearFlags('resolution');
  const stored: Record<SlaTarget, Date | null> = {
    first_response: conversation.firstResponseDueAt,
    next_response: conversation.nextResponseDueAt,
    resolution: conversation.resolutionDueAt,
  };
  // A target that starts running again, not out of a pause, is a new cycle.
  if (!paused && !resuming) for (const target of Object.keys(due) as SlaTarget[]) if (due[target] && !stored[target]) clearFlags(target);
  // Paused: nothing is due (the check job and the "at risk" view skip it); the flags stay for the resumption.
  if (paused) (Object.keys(due) as SlaTarget[]).forEach((target) => (due[target] = null));

  const next: repo.SlaFields = {
    slaPolicyId: policy?.id ?? null,
    firstResponseDueAt: due.first_response,
    nextResponseDueAt: due.next_response,
    resolutionDueAt: due.resolution,
    slaWarned: [...warned],
    slaBreached: [...breached],
  };
  const changed =
    next.slaPolicyId !== conversation.slaPolicyId ||
    !sameTime(next.firstResponseDueAt, conversation.firstResponseDueAt) ||
    !sameTime(next.nextResponseDueAt, conversation.nextResponseDueAt) ||
    !sameTime(next.resolutionDueAt, conversation.resolutionDueAt) ||
    next.slaWarned.length !== conversation.slaWarned.length ||
    next.slaBreached.length !== conversation.slaBreached.length;
  return { events: recorded, next: changed ? next : null };
}
