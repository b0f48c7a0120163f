// The virtualized list: only the rows on screen are in the DOM, so tens of thousands of mentions
// scroll smoothly; the next page is fetched as the end comes near.
import { Button, Center, Loader, Text } from '@mantine/core';
import { IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { Mention, TopicRef } from './api';
import { MentionRow } from './mention-row';
import classes from './mentions.module.css';

type Props = {
  mentions: Mention[];
  termsOf: (mention: Mention) => string[];
  topics: Map<string, TopicRef>;
  activeIndex: number;
  selected: Set<string>;
  selectable: boolean;
  onOpen: (id: string) => void;
  onSelect: (id: string, on: boolean) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  pendingCount: number;
  onShowPending: () => void;
  atTop: boolean;
  onAtTopChange: (atTop: boolean) => void;
  /** Room to leave under the list (for the bulk actions bar). */
  reserveBottom: number;
};

const FETCH_AHEAD_ROWS = 15;

export function MentionList(props: Props) {
  const { mentions, activeIndex, hasNextPage, isFetchingNextPage, fetchNextPage, onAtTopChange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: mentions.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 118,
    overscan: 6,
    getItemKey: (index) => mentions[index]?.id ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const height = useFillHeight(scrollRef) - props.reserveBottom;
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= mentions.length - FETCH_AHEAD_ROWS) fetchNextPage();
  }, [lastIndex, mentions.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

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
    // Once the new rows are rendered, go to them.
    requestAnimationFrame(() => virtualizer.scrollToOffset(0));
  };

  return (
    <div ref={scrollRef} className={classes.list} style={{ height }} role="list" aria-label="Mentions" data-at-top={props.atTop}>
      {props.pendingCount > 0 && (
        <div className={classes.newBanner}>
          <Button size="xs" radius="xl" leftSection={<IconArrowUp size={14} />} onClick={showPending} style={{ boxShadow: 'var(--mantine-shadow-md)' }}>
            {props.pendingCount >= 50 ? '50+' : props.pendingCount} new mention{props.pendingCount === 1 ? '' : 's'}
          </Button>
        </div>
      )}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const mention = mentions[item.index];
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
              {mention ? (
                <MentionRow
                  mention={mention}
                  terms={props.termsOf(mention)}
                  topics={props.topics}
                  active={item.index === activeIndex}
                  selected={props.selected.has(mention.id)}
                  selectable={props.selectable}
                  onOpen={props.onOpen}
                  onSelect={props.onSelect}
                />
              ) : (
                <Center py="md">
                  {isFetchingNextPage ? <Loader size="sm" /> : <Text size="sm" c="dimmed">Loading more…</Text>}
                </Center>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

// The page's own bottom padding (shell/app-layout.module.css), which stays below the list.
const PAGE_BOTTOM_PADDING = 64;

/** The height that fills the window below the list's top (the page itself then does not scroll). */
function useFillHeight(ref: RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(600);
  useLayoutEffect(() => {
    const measure = () => {
      const element = ref.current;
      if (!element) return;
      const top = element.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(360, Math.floor(window.innerHeight - top - PAGE_BOTTOM_PADDING)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  });
  return height;
}
