// The explorer's filters live in the URL (shareable, back/forward work) and in saved views, as the
// query parameters of GET /mentions. Spam is hidden unless asked for: `spam=all` shows everything.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { FILTER_KEYS, type FilterKey, type MentionFilters } from './api';

export type SpamChoice = 'exclude' | 'only' | 'all';

/** The filters as the URL has them (spam=all included), minus empty values. */
function fromParams(params: URLSearchParams): MentionFilters {
  const filters: MentionFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** What GET /mentions takes: spam excluded by default, `all` means no spam filter. */
export function apiFilters(filters: MentionFilters): MentionFilters {
  const { spam, ...rest } = filters;
  const choice = spam ?? 'exclude';
  return choice === 'all' ? rest : { ...rest, spam: choice };
}

export function useExplorerFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => fromParams(params), [params]);
  const update = useCallback(
    (patch: Partial<Record<FilterKey, string | null>>) =>
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
  const replaceAll = useCallback((next: MentionFilters) => setParams(new URLSearchParams(next as Record<string, string>), { replace: true }), [setParams]);
  const active = Object.keys(filters).length > 0;
  return { filters, update, replaceAll, active };
}

export function sameFilters(a: MentionFilters, b: MentionFilters): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<FilterKey>;
  for (const key of keys) if ((a[key] ?? '') !== (b[key] ?? '')) return false;
  return true;
}
