// The contact list's filters and sort live in the URL, so a filtered list can be linked, reloaded and
// opened from a segment ("/contacts?segmentId=…").
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { FilterGroup } from '../segments/filter-fields';
import type { ContactFilters, ContactSortState } from './api';
import { ACQUISITION_SOURCES, CONTACT_SORTS, isOneOf, LIFECYCLE_STAGES } from './constants';

function parseFilter(raw: string | null): FilterGroup | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && 'conditions' in value && Array.isArray((value as FilterGroup).conditions)) return value as FilterGroup;
  } catch {
    // A hand-edited URL with broken JSON just shows the list unfiltered.
  }
  return null;
}

export function useContactListParams() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<ContactFilters>(() => {
    const stage = params.get('lifecycleStage');
    const source = params.get('source');
    const vip = params.get('vip');
    return {
      q: params.get('q') ?? '',
      lifecycleStage: isOneOf(LIFECYCLE_STAGES, stage) ? stage : null,
      source: isOneOf(ACQUISITION_SOURCES, source) ? source : null,
      tag: params.get('tag'),
      ownerMemberId: params.get('ownerMemberId'),
      companyId: params.get('companyId'),
      vip: vip === 'true' ? true : null,
      segmentId: params.get('segmentId'),
      filter: parseFilter(params.get('filter')),
    };
  }, [params]);
  const sort = useMemo<ContactSortState>(() => {
    const value = params.get('sort');
    return { sort: isOneOf(CONTACT_SORTS, value) ? value : 'createdAt', order: params.get('order') === 'asc' ? 'asc' : 'desc' };
  }, [params]);

  const update = useCallback(
    (patch: Partial<ContactFilters & ContactSortState>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            const text = value === null || value === undefined || value === '' || value === false ? null : typeof value === 'object' ? (value.conditions.length > 0 ? JSON.stringify(value) : null) : String(value);
            if (text === null) next.delete(key);
            else next.set(key, text);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const active = Boolean(filters.q || filters.lifecycleStage || filters.source || filters.tag || filters.ownerMemberId || filters.companyId || filters.vip || filters.segmentId || (filters.filter?.conditions.length ?? 0) > 0);
  return { filters, sort, update, active };
}
