// The explorer's keyboard: move, open, close, label, select, search; "?" shows the list.
import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';

export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['j', 'k'], does: 'Next / previous mention' },
  { keys: ['Enter'], does: 'Open the mention' },
  { keys: ['Esc'], does: 'Close the mention' },
  { keys: ['p'], does: 'Positive' },
  { keys: ['n'], does: 'Negative' },
  { keys: ['u'], does: 'Neutral' },
  { keys: ['i'], does: 'Irrelevant' },
  { keys: ['s'], does: 'Spam' },
  { keys: ['x'], does: 'Select / unselect' },
  { keys: ['c'], does: 'Open the mention as a conversation' },
  { keys: ['/'], does: 'Search' },
  { keys: ['?'], does: 'This help' },
];

export type ExplorerKey = 'next' | 'previous' | 'open' | 'close' | 'positive' | 'negative' | 'neutral' | 'irrelevant' | 'spam' | 'select' | 'search' | 'help';

const ACTIONS: Record<string, ExplorerKey> = { j: 'next', k: 'previous', Enter: 'open', Escape: 'close', p: 'positive', n: 'negative', u: 'neutral', i: 'irrelevant', s: 'spam', x: 'select', '/': 'search', '?': 'help' };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Radio buttons and checkboxes (the sentiment control, a row's checkbox) take no letters.
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

/** Calls `onKey` for the explorer's keys, except while typing or with a modifier. */
export function useExplorerKeys(onKey: (key: ExplorerKey) => void) {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      // A dialog (save a view, this help) has its own keys; the mention's drawer does not count.
      if (document.querySelector('.mantine-Modal-content')) return;
      const action = ACTIONS[event.key];
      if (!action) return;
      // Enter on a focused button or link is that control's.
      if (action === 'open' && event.target instanceof HTMLElement && ['BUTTON', 'A'].includes(event.target.tagName)) return;
      // Esc also belongs to whatever else is open (a popover, a menu): leave it to them too.
      if (action !== 'close') event.preventDefault();
      handler.current(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** One more key for whatever is open (the mention's panel), with the explorer's guards: not while typing, with a modifier or under a dialog. */
export function useExplorerKey(key: string, onKey: () => void, enabled = true) {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== key || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('.mantine-Modal-content')) return;
      event.preventDefault();
      handler.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [key, enabled]);
}

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="sm">
      <Stack gap={8}>
        {SHORTCUTS.map((shortcut) => (
          <Group key={shortcut.does} justify="space-between">
            <Text size="sm">{shortcut.does}</Text>
            <Group gap={4}>
              {shortcut.keys.map((key) => (
                <Kbd key={key}>{key}</Kbd>
              ))}
            </Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
