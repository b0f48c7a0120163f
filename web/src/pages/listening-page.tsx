import { ActionIcon, Box, Button, Group, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAntenna, IconKeyboard, IconSearch } from '@tabler/icons-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useMatch, useNavigate } from 'react-router';
import { errorMessage } from '../lib/api';
import { ListeningTabs } from '../modules/listening/listening-tabs';
import type { Mention, MentionReview, QueryRef } from '../modules/listening/mentions/api';
import { BulkBar } from '../modules/listening/mentions/bulk-bar';
import { FilterBar } from '../modules/listening/mentions/filter-bar';
import { apiFilters, useExplorerFilters } from '../modules/listening/mentions/filters';
import { useAllQueries, useLiveMentions, useMentionList, useReviewMention, useTopicRefs } from '../modules/listening/mentions/hooks';
import { termsOf } from '../modules/listening/mentions/match-terms';
import { DETAIL_WIDTH, MentionDetail } from '../modules/listening/mentions/mention-detail';
import { MentionList } from '../modules/listening/mentions/mention-list';
import { ModelPanel } from '../modules/listening/mentions/model-panel';
import { SavedViewsMenu } from '../modules/listening/mentions/saved-views-menu';
import { ShortcutsHelp, useExplorerKeys } from '../modules/listening/mentions/shortcuts';
import { useTeams } from '../modules/teams/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

const openMentionId = (): string | null => window.location.pathname.match(/^\/listening\/mentions\/([^/]+)$/)?.[1] ?? null;

/** The mention explorer: the live, filterable stream of what is said, reviewed and acted on all day. */
export function ListeningPage() {
  const { can } = useCurrentWorkspace();
  if (!can('listening.read')) return <NoAccess what="see the mentions of this workspace" />;
  return <Explorer />;
}

function Explorer() {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const detailMatch = useMatch('/listening/mentions/:id');
  const openId = detailMatch?.params.id ?? null;
  const { filters, update, replaceAll, active } = useExplorerFilters();
  const queryFilters = useMemo(() => apiFilters(filters), [filters]);
  const list = useMentionList(queryFilters);
  const topics = useTopicRefs();
  const queries = useAllQueries();
  const teams = useTeams();
  const review = useReviewMention();
  const [atTop, setAtTop] = useState(true);
  const live = useLiveMentions(queryFilters, atTop);
  // The highlighted row, by id: rows arriving live above it must not move the highlight. Keys read
  // the ref (and the open mention from the address bar), which are current even when a key comes
  // before React has re-rendered from the previous one.
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeRef = useRef<string | null>(null);
  const setActive = useCallback((id: string | null) => {
    activeRef.current = id;
    setActiveId(id);
  }, []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const canCorrect = can('listening.correct');
  // On a wide screen the open mention sits beside the list instead of over it.
  const besideList = useMediaQuery('(min-width: 1280px)') && openId !== null;

  const mentions = useMemo(() => list.data?.pages.flatMap((page) => page.data) ?? [], [list.data]);
  const topicMap = useMemo(() => new Map((topics.data ?? []).map((topic) => [topic.id, topic])), [topics.data]);
  const queryMap = useMemo(() => new Map((queries.data ?? []).map((query: QueryRef) => [query.id, query])), [queries.data]);
  // One array per set of queries, so rows re-render only when their highlighting changes.
  const termsFor = useMemo(() => {
    const cache = new Map<string, string[]>();
    return (mention: Mention) => {
      const key = mention.queryIds.join(',');
      let terms = cache.get(key);
      if (!terms) cache.set(key, (terms = termsOf(mention.queryIds, queryMap, filters.q)));
      return terms;
    };
  }, [queryMap, filters.q]);

  // The URL's filters as they are now: the router applies a filter change to `location` in a transition,
  // so a row clicked right after a filter was removed would otherwise open with the old filters, and
  // closing the mention would bring the removed filter back.
  const currentSearch = () => window.location.search;
  const open = useCallback((id: string) => void navigate({ pathname: `/listening/mentions/${id}`, search: currentSearch() }), [navigate]);
  const close = useCallback(() => {
    // Esc reaches both the drawer and the explorer's keys: close once, not two history entries.
    if (!openMentionId()) return;
    // Focus must not land back in a field (the search, say), where the list's keys would be typed.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    void navigate({ pathname: '/listening', search: currentSearch() });
  }, [navigate]);
  const onSelect = useCallback(
    (id: string, on: boolean) =>
      setSelected((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const onOpenRow = useCallback(
    (id: string) => {
      setActive(id);
      open(id);
    },
    [open, setActive],
  );
  const activeIndex = mentions.findIndex((mention) => mention.id === (openId ?? activeId));

  // The mention the keys act on: the open one, else the highlighted row.
  const keyTarget = () => openMentionId() ?? activeRef.current;
  const label = (body: MentionReview, what: string) => {
    const target = keyTarget();
    if (!target || !canCorrect) return;
    review.mutate({ mentionId: target, review: body }, { onSuccess: () => notifications.show({ message: what, autoClose: 1500 }), onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) });
  };
  const move = (step: number) => {
    if (mentions.length === 0) return;
    const current = keyTarget();
    const index = current ? mentions.findIndex((mention) => mention.id === current) : -1;
    const next = Math.max(0, Math.min(mentions.length - 1, index + step));
    setActive(mentions[next]!.id);
    if (openMentionId()) open(mentions[next]!.id);
  };
  useExplorerKeys((key) => {
    switch (key) {
      case 'next':
        return move(1);
      case 'previous':
        return move(-1);
      case 'open':
        if (activeRef.current) open(activeRef.current);
        return;
      case 'close':
        close();
        return;
      case 'positive':
        return label({ sentiment: 'positive' }, 'Marked positive');
      case 'negative':
        return label({ sentiment: 'negative' }, 'Marked negative');
      case 'neutral':
        return label({ sentiment: 'neutral' }, 'Marked neutral');
      case 'irrelevant':
        return label({ relevance: 'irrelevant' }, 'Marked irrelevant');
      case 'spam':
        return label({ spam: true }, 'Marked spam');
      case 'select': {
        const target = keyTarget();
        if (target && canCorrect) onSelect(target, !selected.has(target));
        return;
      }
      case 'search':
        searchRef.current?.focus();
        return;
      case 'help':
        setHelpOpen(true);
    }
  });

  const clearFilters = () => replaceAll({});

  return (
    <Box style={{ paddingRight: besideList ? DETAIL_WIDTH - 8 : 0 }}>
      <PageHeader
        title="Listening"
        description="What people say about your brands, products and competitors, live."
        actions={
          <>
            <SavedViewsMenu filters={filters} onApply={(view) => replaceAll(view.filters)} />
            <ModelPanel />
            <Tooltip label="Keyboard shortcuts (?)" withArrow>
              <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
          </>
        }
      />
      <ListeningTabs />
      <FilterBar filters={filters} update={update} topics={topics.data ?? []} queries={queries.data ?? []} teams={teams.data ?? []} searchRef={searchRef} />
      <Group justify="space-between" mb={6}>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="mention-count">
          {list.isPending ? 'Loading…' : `${mentions.length.toLocaleString()}${list.hasNextPage ? '+' : ''} mention${mentions.length === 1 ? '' : 's'}${active ? ' match' : ''}`}
          {list.isFetching && !list.isFetchingNextPage && !list.isPending ? ' · updating…' : ''}
        </Text>
        {canCorrect && mentions.length > 0 && (
          <Button variant="subtle" size="compact-xs" onClick={() => setSelected(selected.size > 0 ? new Set() : new Set(mentions.slice(0, 500).map((mention) => mention.id)))}>
            {selected.size > 0 ? 'Unselect all' : `Select ${Math.min(mentions.length, 500)} loaded`}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <TableSkeleton rows={8} />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : mentions.length === 0 ? (
        active ? (
          <EmptyState icon={<IconSearch size={24} />} title="No mention matches" description="Loosen the filters or the search, or clear them to see the whole stream. New mentions that match will appear here as they arrive." action={<Button variant="default" onClick={clearFilters}>Clear filters</Button>} />
        ) : (
          <EmptyState
            icon={<IconAntenna size={24} />}
            title="No mentions yet"
            description="Mentions appear here, live, as posts match your topics' queries. Set up a topic and its queries, then connect a source (or send posts to POST /api/v1/posts)."
            action={
              can('listening.manage') && (
                <Group gap="sm" justify="center">
                  <Button component={Link} to="/listening/topics">
                    Set up topics
                  </Button>
                  <Button component={Link} to="/listening/sources" variant="default">
                    Connect sources
                  </Button>
                </Group>
              )
            }
          />
        )
      ) : (
        <MentionList
          mentions={mentions}
          termsOf={termsFor}
          topics={topicMap}
          activeIndex={activeIndex}
          reserveBottom={selected.size > 0 ? 72 : 0}
          selected={selected}
          selectable={canCorrect}
          onOpen={onOpenRow}
          onSelect={onSelect}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={() => void list.fetchNextPage()}
          pendingCount={live.pending.length}
          onShowPending={live.showPending}
          atTop={atTop}
          onAtTopChange={setAtTop}
        />
      )}
      <MentionDetail mentionId={openId} terms={termsFor} topics={topicMap} onClose={close} onShowCluster={(clusterKey) => navigate({ pathname: '/listening', search: `?clusterKey=${encodeURIComponent(clusterKey)}&spam=all` })} />
      <BulkBar ids={[...selected]} onClear={() => setSelected(new Set())} />
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </Box>
  );
}
