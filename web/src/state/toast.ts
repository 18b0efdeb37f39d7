// Short confirmations ("Published") shown at the bottom of the screen.

import { createStore } from './store';

export interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

export const toasts = createStore<Toast[]>([]);
let nextId = 1;

export function toast(text: string, kind: Toast['kind'] = 'ok'): void {
  const t = { id: nextId++, text, kind };
  toasts.set([...toasts.get(), t]);
  setTimeout(() => toasts.set(toasts.get().filter((x) => x.id !== t.id)), kind === 'error' ? 8000 : 3500);
}
