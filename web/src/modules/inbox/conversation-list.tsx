// The queue's virtualized list: only the rows on screen are in the DOM, so a queue of thousands
// scrolls smoothly; the next page is fetched as the end comes near.
import { Button, Center, Loader, Text } from '@mantine/core';
import { IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Conversation } from './api';
import { ConversationRow } from './conversation-row';
import { useNow } from './labels';
import classes from './inbox.module.css';

type Props = {
  conversations: Conversation[];
  activeIndex: number;
  selected: Set<string>;
  selectable: boolean;
  onOpen: (id: string) => void;
  onSelect: (id: string, on: boolean, range: boolean) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  pendingCount: number;
  onShowPending: () => void;
  atTop: boolean;
  onAtTopChange: (atTop: boolean) => void;
};

const FETCH_AHEAD_ROWS = 15;

export function ConversationList(props: Props) {
  const { conversations, activeIndex, hasNextPage, isFetchingNextPage, fetchNextPage, onAtTopChange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const virtualizer = useVirtualizer({
    count: conversations.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 104,
    overscan: 6,
    getItemKey: (index) => conversations[index]?.id ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= conversations.length - FETCH_AHEAD_ROWS) fetchNextPage();
  }, [lastIndex, conversations.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const onScroll = () => onAtTopChange(element.scrollTop < 40);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, [onAtTopChange]);

  const showPending = () => {
    props.onShowPending();
    requestAnimationFrame(() => virtualizer.scrollToOffset(0));
  };

  return (
    <div ref={scrollRef} className={classes.list} role="list" aria-label="Conversations" data-at-top={props.atTop}>
      {props.pendingCount > 0 && (
        <div className={classes.newBanner}>
          <Button size="xs" radius="xl" leftSection={<IconArrowUp size={14} />} onClick={showPending} style={{ boxShadow: 'var(--mantine-shadow-md)' }}>
            {props.pendingCount >= 50 ? '50+' : props.pendingCount} new conversation{props.pendingCount === 1 ? '' : 's'}
          </Button>
        </div>
      )}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const conversation = conversations[item.index];
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
              {conversation ? (
                <ConversationRow
                  conversation={conversation}
                  now={now}
                  active={item.index === activeIndex}
                  selected={props.selected.has(conversation.id)}
                  selectable={props.selectable}
                  onOpen={props.onOpen}
                  onSelect={props.onSelect}
                />
              ) : (
                <Center py="md">{isFetchingNextPage ? <Loader size="sm" /> : <Text size="sm" c="dimmed">Loading more…</Text>}</Center>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
