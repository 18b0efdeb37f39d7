// Keyboard shortcut helpers. Single-letter shortcuts must not fire while the user types.

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** True when the event comes from a text field, a select or an editor. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; closest?: (s: string) => unknown } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (el.isContentEditable) return true;
  return Boolean(el.closest?.('.cm-editor'));
}

/** A plain letter shortcut (no modifiers) that is not typing. */
export function isPlainKey(e: KeyLike, key: string): boolean {
  return e.key === key && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
}

/** Ctrl+S on Linux/Windows, Cmd+S on macOS. */
export function isSaveKey(e: KeyLike): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's';
}

/** Moves a list selection; returns the new index (clamped). */
export function moveSelection(current: number, delta: number, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return Math.max(0, Math.min(count - 1, current + delta));
}
