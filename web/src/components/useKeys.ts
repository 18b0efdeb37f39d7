// Page-level keyboard shortcuts; single letters are ignored while the user types.

import { useLayoutEffect, useRef } from 'preact/hooks';
import { isPlainKey, isSaveKey } from '../lib/keys';

export type KeyMap = Record<string, (e: KeyboardEvent) => void>;

/**
 * Keys are `KeyboardEvent.key` values ("j", "ArrowDown", "Enter", "/") or "save" for
 * Ctrl/Cmd+S. Handlers are read fresh on every event. The listener is attached in a layout
 * effect, i.e. in the same commit that renders the page, so a key pressed right after the page
 * appears is not lost.
 */
export function useKeys(map: KeyMap, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useLayoutEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('.modal-backdrop')) return;
      const m = ref.current;
      if (m.save && isSaveKey(e)) {
        e.preventDefault();
        m.save(e);
        return;
      }
      const handler = m[e.key];
      // Escape works from inside fields and the editor too: it is how one leaves them.
      if (handler && (e.key === 'Escape' || isPlainKey(e, e.key))) {
        e.preventDefault();
        handler(e);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
