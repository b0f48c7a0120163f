// A conversation's SLA as people see it, computed the same way by the server (the conversation
// presenter, the "SLA at risk" view) and the web app (the live countdown in the queue). Pure, no
// imports: it reads the due times refreshSla stored and the warnings the check job recorded.

export type SlaTargetName = 'first_response' | 'next_response' | 'resolution';
export type SlaTargetState = 'ok' | 'warning' | 'breached' | 'met';

export type SlaTargetView = {
  target: SlaTargetName;
  /** ISO time the target is due; null once met */
  dueAt: string | null;
  state: SlaTargetState;
  /** Real (wall-clock) minutes until due, negative when overdue, rounded down; null once met */
  minutesLeft: number | null;
};

export type SlaView = {
  policyId: string | null;
  /** The clock stands still while the conversation waits on the customer (pending) or is snoozed */
  paused: boolean;
  targets: SlaTargetView[];
};

type Instant = Date | string | null | undefined;

/** The conversation fields the SLA view reads (rows and API objects both fit). */
export type SlaConversationFields = {
  slaPolicyId: string | null;
  status: string;
  firstResponseDueAt: Instant;
  nextResponseDueAt: Instant;
  resolutionDueAt: Instant;
  firstResponseAt: Instant;
  resolvedAt: Instant;
  slaWarned: readonly string[];
  slaBreached: readonly string[];
};

export type SlaViewOptions = {
  now?: Date;
  /** The policy's warning window, if known: a target this close to due reads "warning" before the check job runs */
  warnBeforeMinutes?: number | null;
};

const toTime = (value: Instant): number | null => {
  if (value === null || value === undefined) return null;
  const time = typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isNaN(time) ? null : time;
};

/** The state of one target that is running (has a due time). */
export function slaTargetState(dueAt: number, now: number, flags: { warned: boolean; breached: boolean }, warnBeforeMinutes?: number | null): SlaTargetState {
  if (flags.breached || now >= dueAt) return 'breached';
  if (flags.warned) return 'warning';
  if (warnBeforeMinutes !== null && warnBeforeMinutes !== undefined && dueAt - now <= warnBeforeMinutes * 60_000) return 'warning';
  return 'ok';
}

export function computeSlaState(conversation: SlaConversationFields, options: SlaViewOptions = {}): SlaView {
  const now = (options.now ?? new Date()).getTime();
  const paused = conversation.slaPolicyId !== null && (conversation.status === 'pending' || conversation.status === 'snoozed');
  const targets: SlaTargetView[] = [];
  const running = (target: SlaTargetName, due: Instant) => {
    const dueAt = toTime(due);
    if (dueAt === null) return false;
    const flags = { warned: conversation.slaWarned.includes(target), breached: conversation.slaBreached.includes(target) };
    targets.push({ target, dueAt: new Date(dueAt).toISOString(), state: slaTargetState(dueAt, now, flags, options.warnBeforeMinutes), minutesLeft: Math.floor((dueAt - now) / 60_000) });
    return true;
  };
  const met = (target: SlaTargetName) => targets.push({ target, dueAt: null, state: 'met', minutesLeft: null });

  if (!running('first_response', conversation.firstResponseDueAt) && conversation.slaPolicyId && toTime(conversation.firstResponseAt) !== null) met('first_response');
  running('next_response', conversation.nextResponseDueAt);
  if (!running('resolution', conversation.resolutionDueAt) && conversation.slaPolicyId && conversation.status === 'resolved' && toTime(conversation.resolvedAt) !== null) met('resolution');
  return { policyId: conversation.slaPolicyId, paused, targets };
}

/** The most urgent running target (soonest due), for a queue row's single badge. */
export function mostUrgentTarget(view: SlaView): SlaTargetView | null {
  let best: SlaTargetView | null = null;
  for (const target of view.targets) {
    if (target.dueAt === null) continue;
    if (!best || Date.parse(target.dueAt) < Date.parse(best.dueAt!)) best = target;
  }
  return best;
}
