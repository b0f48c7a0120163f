// The queue's view and filters live in the URL (shareable, back/forward work, kept when a
// conversation opens beside the queue), as the query parameters of GET /conversations.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const QUEUE_VIEWS = ['mine', 'unassigned', 'team', 'participating', 'mentions', 'sla_at_risk', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const FILTER_KEYS = ['status', 'channel', 'priority', 'label', 'assigneeMemberId', 'teamId', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type QueueFilters = { view: QueueView } & Partial<Record<FilterKey, string>>;

const isView = (value: string | null): value is QueueView => QUEUE_VIEWS.includes(value as QueueView);

export function useQueueFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<QueueFilters>(() => {
    const view = params.get('view');
    const result: QueueFilters = { view: isView(view) ? view : 'all' };
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) result[key] = value;
    }
    return result;
  }, [params]);
  const update = useCallback(
    (patch: Partial<Record<FilterKey | 'view', string | null>>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  /** Another view starts from no filters (a team view keeps its team). */
  const showView = useCallback((view: QueueView, teamId?: string) => setParams(new URLSearchParams({ view, ...(teamId ? { teamId } : {}) }), { replace: true }), [setParams]);
  const active = FILTER_KEYS.some((key) => key !== 'teamId' && filters[key]);
  return { filters, update, showView, active };
}
