import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Places the caret of a controlled textarea once the text set with it is on screen: in a layout
 * effect, before the browser takes the next key. From a requestAnimationFrame, keys typed in between
 * (a quick hand after picking an @mention) went in after the caret, which then jumped back before them.
 */
export function usePendingCaret(ref: RefObject<HTMLTextAreaElement | null>): (position: number) => void {
  const pending = useRef<number | null>(null);
  useLayoutEffect(() => {
    const position = pending.current;
    const element = ref.current;
    if (position === null || !element) return;
    pending.current = null;
    element.focus();
    element.setSelectionRange(position, position);
  });
  return (position: number) => {
    pending.current = position;
  };
}
