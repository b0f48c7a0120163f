// The inbox's keyboard: move through the queue, open, reply, note, resolve, snooze, assign, label,
// canned responses, select; "?" lists them.
import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';

export type InboxKey = 'next' | 'previous' | 'open' | 'back' | 'reply' | 'note' | 'resolve' | 'snooze' | 'assignToMe' | 'label' | 'canned' | 'select' | 'help';

export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['j', 'k'], does: 'Next / previous conversation' },
  { keys: ['Enter'], does: 'Open the conversation' },
  { keys: ['Esc'], does: 'Back to the queue' },
  { keys: ['r'], does: 'Reply' },
  { keys: ['n'], does: 'Internal note' },
  { keys: ['/'], does: 'Canned responses' },
  { keys: ['Ctrl', 'Enter'], does: 'Send' },
  { keys: ['e'], does: 'Resolve' },
  { keys: ['s'], does: 'Snooze' },
  { keys: ['a'], does: 'Assign to me' },
  { keys: ['l'], does: 'Labels' },
  { keys: ['x'], does: 'Select / unselect' },
  { keys: ['?'], does: 'This help' },
];

const ACTIONS: Record<string, InboxKey> = { j: 'next', k: 'previous', Enter: 'open', Escape: 'back', r: 'reply', n: 'note', e: 'resolve', s: 'snooze', a: 'assignToMe', l: 'label', '/': 'canned', x: 'select', '?': 'help' };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

/** A dialog, menu or dropdown on screen has the keys (Select keeps its hidden dropdown mounted). */
function overlayOpen(): boolean {
  return [...document.querySelectorAll('.mantine-Modal-content, .mantine-Popover-dropdown, .mantine-Menu-dropdown')].some((element) => element.getClientRects().length > 0);
}

/** Calls `onKey` for the inbox's keys, except while typing, with a modifier, or over a dialog. */
export function useInboxKeys(onKey: (key: InboxKey) => void) {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (overlayOpen()) return;
      const action = ACTIONS[event.key];
      if (!action) return;
      // Enter on a focused button or link is that control's.
      if (action === 'open' && event.target instanceof HTMLElement && ['BUTTON', 'A'].includes(event.target.tagName)) return;
      event.preventDefault();
      handler.current(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
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
