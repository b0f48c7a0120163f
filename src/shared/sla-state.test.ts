// The SLA view of a conversation: running targets by their due time and flags, met targets, pauses.
import { describe, expect, it } from 'vitest';
import { computeSlaState, mostUrgentTarget, type SlaConversationFields } from './sla-state.js';

const base: SlaConversationFields = {
  slaPolicyId: 'sla_1',
  status: 'open',
  firstResponseDueAt: null,
  nextResponseDueAt: null,
  resolutionDueAt: null,
  firstResponseAt: null,
  resolvedAt: null,
  slaWarned: [],
  slaBreached: [],
};
const now = new Date('2026-03-09T08:00:00Z');

describe('computeSlaState', () => {
  it('reads a running target as ok, warning (flag or window) or breached (flag or past due), with minutes left', () => {
    const view = computeSlaState({ ...base, firstResponseDueAt: '2026-03-09T08:30:00Z', resolutionDueAt: new Date('2026-03-10T08:00:00Z') }, { now });
    expect(view).toEqual({
      policyId: 'sla_1',
      paused: false,
      targets: [
        { target: 'first_response', dueAt: '2026-03-09T08:30:00.000Z', state: 'ok', minutesLeft: 30 },
        { target: 'resolution', dueAt: '2026-03-10T08:00:00.000Z', state: 'ok', minutesLeft: 1440 },
      ],
    });
    expect(computeSlaState({ ...base, firstResponseDueAt: '2026-03-09T08:30:00Z', slaWarned: ['first_response'] }, { now }).targets[0]!.state).toBe('warning');
    expect(computeSlaState({ ...base, firstResponseDueAt: '2026-03-09T08:30:00Z' }, { now, warnBeforeMinutes: 30 }).targets[0]!.state).toBe('warning');
    expect(computeSlaState({ ...base, firstResponseDueAt: '2026-03-09T08:30:00Z' }, { now, warnBeforeMinutes: 29 }).targets[0]!.state).toBe('ok');
    const overdue = computeSlaState({ ...base, nextResponseDueAt: '2026-03-09T07:45:00Z' }, { now }).targets[0]!;
    expect(overdue).toMatchObject({ target: 'next_response', state: 'breached', minutesLeft: -15 });
    expect(computeSlaState({ ...base, resolutionDueAt: '2026-03-09T09:00:00Z', slaBreached: ['resolution'] }, { now }).targets[0]!.state).toBe('breached');
  });

  it('shows first response and resolution met once done, and nothing without a policy', () => {
    const answered = computeSlaState({ ...base, firstResponseAt: '2026-03-09T07:00:00Z', resolutionDueAt: '2026-03-10T08:00:00Z' }, { now });
    expect(answered.targets.map((t) => [t.target, t.state])).toEqual([['first_response', 'met'], ['resolution', 'ok']]);
    const resolved = computeSlaState({ ...base, status: 'resolved', firstResponseAt: '2026-03-09T07:00:00Z', resolvedAt: '2026-03-09T07:30:00Z' }, { now });
    expect(resolved.targets.map((t) => t.state)).toEqual(['met', 'met']);
    expect(computeSlaState({ ...base, slaPolicyId: null, firstResponseAt: '2026-03-09T07:00:00Z' }, { now }).targets).toEqual([]);
  });

  it('says when the clock is paused', () => {
    expect(computeSlaState({ ...base, status: 'pending' }, { now }).paused).toBe(true);
    expect(computeSlaState({ ...base, status: 'snoozed' }, { now }).paused).toBe(true);
    expect(computeSlaState({ ...base, status: 'pending', slaPolicyId: null }, { now }).paused).toBe(false);
  });

  it('picks the soonest running target for a badge', () => {
    const view = computeSlaState({ ...base, firstResponseDueAt: '2026-03-09T09:00:00Z', nextResponseDueAt: null, resolutionDueAt: '2026-03-09T08:10:00Z' }, { now });
    expect(mostUrgentTarget(view)?.target).toBe('resolution');
    expect(mostUrgentTarget(computeSlaState(base, { now }))).toBeNull();
  });
});
