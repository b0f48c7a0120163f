import { useEffect } from 'react';
import { useNavigate } from 'react-router';

const SEQUENCE_TIMEOUT_MS = 1200;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox';
}

/** "g" then a letter jumps to a page, as in many web apps; ignored while typing in a field. */
export function useGoShortcuts(routes: Record<string, string>) {
  const navigate = useNavigate();
  useEffect(() => {
    let armedAt = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (armedAt && Date.now() - armedAt < SEQUENCE_TIMEOUT_MS) {
        armedAt = 0;
        const path = routes[key];
        if (path) {
          event.preventDefault();
          void navigate(path);
        }
        return;
      }
      armedAt = key === 'g' ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, routes]);
}
