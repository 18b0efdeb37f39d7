// Live change feed of the current namespace, shared by every view that shows configs.

import type { ChangeEvent } from '../api/types';
import type { FeedState } from '../api/events';
import { api, session } from './session';
import { createStore } from './store';

export const feedState = createStore<FeedState>('connecting');

const handlers = new Set<(c: ChangeEvent | null) => void>();
let current: { key: string; stop: () => void } | null = null;

/**
 * (Re)connects the feed to a namespace; idempotent for the same namespace and login (the
 * stream URL carries the access token).
 */
export function connectLive(tenant: string): void {
  const key = `${tenant}\u0000${session.get().token ?? ''}`;
  if (current?.key === key) return;
  current?.stop();
  const stop = api.changes(tenant, {
    onChange: (c) => {
      for (const h of [...handlers]) h(c);
    },
    onState: (s) => feedState.set(s),
  });
  current = { key, stop };
}

export function disconnectLive(): void {
  current?.stop();
  current = null;
}

/** Registers a handler; a null change means "refresh whatever you show". */
export function onLiveChange(fn: (c: ChangeEvent | null) => void): () => void {
  handlers.add(fn);
  return () => handlers.delete(fn);
}
