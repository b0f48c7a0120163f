import { ActionIcon, Box, Button, Group, Menu, Text, TextInput, Tooltip } from '@mantine/core';
import { IconChevronDown, IconInbox, IconKeyboard, IconMessageChatbot, IconSearch } from '@tabler/icons-react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Link, useLocation, useMatch, useNavigate } from 'react-router';
import { AvailabilityMenu } from '../modules/inbox/availability';
import { BulkBar } from '../modules/inbox/bulk-bar';
import { ConversationList } from '../modules/inbox/conversation-list';
import { ConversationView, type ConversationHandle } from '../modules/inbox/conversation-view';
import { useQueueFilters, type QueueView } from '../modules/inbox/filters';
import { useConversationList, useLiveInbox, useMyMember, useViewCounts } from '../modules/inbox/hooks';
import { QueueViews, VIEW_NAMES } from '../modules/inbox/queue-views';
import { ShortcutsHelp, useInboxKeys } from '../modules/inbox/shortcuts';
import classes from '../modules/inbox/inbox.module.css';
import { useMemberOptions } from '../modules/members/hooks';
import { useTeams } from '../modules/teams/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

const openConversationId = (): string | null => window.location.pathname.match(/^\/inbox\/([^/]+)$/)?.[1] ?? null;

/** The inbox: the queue of conversations from every channel, and the one being answered beside it. */
export function InboxPage() {
  const { can } = useCurrentWorkspace();
  if (!can('inbox.read')) return <NoAccess what="see the inbox of this workspace" />;
  return <Inbox />;
}

function Inbox() {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch('/inbox/:conversationId');
  const openId = match?.params.conversationId ?? null;
  const { filters, update, showView, active } = useQueueFilters();
  const list = useConversationList(filters);
  const counts = useViewCounts();
  const members = useMemberOptions();
  const teams = useTeams();
  const me = useMyMember();
  const [atTop, setAtTop] = useState(true);
  const live = useLiveInbox(filters, atTop);
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeRef = useRef<string | null>(null);
  const setActive = useCallback((id: string | null) => {
    activeRef.current = id;
    setActiveId(id);
  }, []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const lastSelected = useRef<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const view = useRef<ConversationHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const layoutRef = useRef<HTMLDivElement>(null);
  const height = useFillHeight(layoutRef);
  const canBulk = can('inbox.reply');

  const conversations = useMemo(() => list.data?.pages.flatMap((page) => page.data) ?? [], [list.data]);
  const memberList = useMemo(() => members.data ?? [], [members.data]);
  const teamList = useMemo(() => (teams.data ?? []).map((team) => ({ id: team.id, name: team.name })), [teams.data]);
  const myTeams = me?.teams ?? [];

  const search = location.search;
  const open = useCallback((id: string) => void navigate({ pathname: `/inbox/${id}`, search }), [navigate, search]);
  const back = useCallback(() => {
    if (!openConversationId()) return;
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    void navigate({ pathname: '/inbox', search });
  }, [navigate, search]);
  const onOpenRow = useCallback(
    (id: string) => {
      setActive(id);
      open(id);
    },
    [open, setActive],
  );
  const conversationsRef = useRef(conversations);
  conversationsRef.current = conversations;
  const onSelect = useCallback((id: string, on: boolean, range: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      const rows = conversationsRef.current;
      const from = range && lastSelected.current ? rows.findIndex((row) => row.id === lastSelected.current) : -1;
      const to = rows.findIndex((row) => row.id === id);
      if (from >= 0 && to >= 0) for (const row of rows.slice(Math.min(from, to), Math.max(from, to) + 1)) {
          if (on) next.add(row.id);
          else next.delete(row.id);
        }
      else if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    lastSelected.current = id;
  }, []);
  const activeIndex = conversations.findIndex((conversation) => conversation.id === (openId ?? activeId));

  const keyTarget = () => openConversationId() ?? activeRef.current;
  const move = (step: number) => {
    if (conversations.length === 0) return;
    const current = keyTarget();
    const index = current ? conversations.findIndex((conversation) => conversation.id === current) : -1;
    const next = conversations[Math.max(0, Math.min(conversations.length - 1, index + step))]!;
    setActive(next.id);
    if (openConversationId()) open(next.id);
  };
  useInboxKeys((key) => {
    switch (key) {
      case 'next':
        return move(1);
      case 'previous':
        return move(-1);
      case 'open':
        if (activeRef.current) open(activeRef.current);
        return;
      case 'back':
        if (selected.size > 0 && !openConversationId()) setSelected(new Set());
        else back();
        return;
      case 'select': {
        const target = keyTarget();
        if (target && canBulk) onSelect(target, !selected.has(target), false);
        return;
      }
      case 'help':
        setHelpOpen(true);
        return;
      default:
        // The rest acts on the open conversation; with none open, "/" searches the queue.
        if (!view.current?.act(key) && key === 'canned') searchRef.current?.focus();
    }
  });

  const onView = (next: QueueView, teamId?: string) => {
    setSelected(new Set());
    showView(next, teamId);
  };
  const viewTitle = filters.view === 'team' && filters.teamId ? (teamList.find((team) => team.id === filters.teamId)?.name ?? 'Team') : VIEW_NAMES[filters.view];

  const queue = (
    <div className={classes.queue}>
      <Group gap={6} p={8} wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        {openId && (
          <Menu position="bottom-start">
            <Menu.Target>
              <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} />} aria-label="Queue view">
                {viewTitle}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(Object.keys(VIEW_NAMES) as QueueView[]).map((key) => (
                <Menu.Item key={key} onClick={() => onView(key)} rightSection={<Text size="xs" c="dimmed">{counts.data?.[key] ?? ''}</Text>}>
                  {VIEW_NAMES[key]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
        <TextInput
          ref={searchRef}
          size="xs"
          placeholder="Search name or words"
          leftSection={<IconSearch size={14} />}
          defaultValue={filters.q ?? ''}
          key={filters.view}
          onKeyDown={(event) => {
            if (event.key === 'Enter') update({ q: event.currentTarget.value.trim() || null });
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
          style={{ flex: 1 }}
          aria-label="Search conversations"
        />
        {canBulk && conversations.length > 0 && (
          <Button variant="subtle" size="compact-xs" onClick={() => setSelected(selected.size > 0 ? new Set() : new Set(conversations.slice(0, 500).map((conversation) => conversation.id)))}>
            {selected.size > 0 ? 'None' : 'All'}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" px={10} py={4} aria-live="polite" data-testid="conversation-count">
        {list.isPending ? 'Loading…' : `${conversations.length.toLocaleString()}${list.hasNextPage ? '+' : ''} conversation${conversations.length === 1 ? '' : 's'} · ${viewTitle}`}
      </Text>
      {list.isPending ? (
        <Box p="sm">
          <TableSkeleton rows={6} />
        </Box>
      ) : list.isError ? (
        <Box p="sm">
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        </Box>
      ) : conversations.length === 0 ? (
        <Box p="sm">
          {counts.data?.all !== 0 && (active || filters.view !== 'all') ? (
            <EmptyState
              icon={<IconInbox size={24} />}
              title={active ? 'No conversation matches' : `Nothing in ${viewTitle}`}
              description={active ? 'Loosen or clear the filters.' : 'New conversations that belong here appear as they arrive. Look at All to see every open conversation.'}
              action={
                <Button variant="default" size="xs" onClick={() => onView('all')}>
                  Show all
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<IconMessageChatbot size={24} />}
              title="No conversations yet"
              description="Customers' messages land here from every channel. Connect a web chat widget to your site in Settings → Channels, or escalate a mention from Listening."
              action={
                can('channels.manage') && (
                  <Button component={Link} to="/settings/channels" size="xs">
                    Connect a channel
                  </Button>
                )
              }
            />
          )}
        </Box>
      ) : (
        <ConversationList
          conversations={conversations}
          activeIndex={activeIndex}
          selected={selected}
          selectable={canBulk}
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
    </div>
  );

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Every conversation from every channel, routed and answered within your SLAs."
        actions={
          <>
            {can('inbox.reply') && <AvailabilityMenu />}
            <Tooltip label="Keyboard shortcuts (?)" withArrow>
              <ActionIcon variant="default" size="lg" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)}>
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
          </>
        }
      />
      <div ref={layoutRef} className={classes.layout} style={{ height, gridTemplateColumns: openId ? 'minmax(280px, 340px) minmax(0, 1fr)' : '210px minmax(0, 1fr)' }}>
        {!openId && <QueueViews filters={filters} counts={counts.data} myTeams={myTeams} members={memberList} onView={onView} update={update} filtersActive={active} />}
        {queue}
        {openId && <ConversationView key={openId} conversationId={openId} members={memberList} teams={teamList} myMemberId={me?.id ?? null} onBack={back} handle={view} />}
      </div>
      <BulkBar ids={[...selected]} members={memberList} teams={teamList} onClear={() => setSelected(new Set())} />
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}

// The page's own bottom padding (shell/app-layout.module.css), which stays below the inbox.
const PAGE_BOTTOM_PADDING = 48;

/** The height that fills the window below the inbox's top, so the page itself does not scroll. */
function useFillHeight(ref: RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(640);
  useLayoutEffect(() => {
    const measure = () => {
      const element = ref.current;
      if (!element) return;
      const top = element.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(480, Math.floor(window.innerHeight - top - PAGE_BOTTOM_PADDING)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref]);
  return height;
}
