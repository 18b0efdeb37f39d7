// The current hash route as a store, and navigation. A page with unsaved work can install a
// leave guard: a hash change it refuses is undone and offered back through `blockedLeave`, so
// the page can ask the user before dropping the work.

import { formatRoute, parseRoute, type Route } from '../lib/route';
import { createStore, useStore } from './store';

export const route = createStore<Route>(parseRoute(location.hash));

/** The hash the user tried to go to while the guard refused, or null. */
export const blockedLeave = createStore<string | null>(null);

/** Returns true when the current page may be left. */
type LeaveGuard = () => boolean;

let guard: LeaveGuard | null = null;
let shownHash = location.hash;

function show(hash: string): void {
  shownHash = hash;
  route.set(parseRoute(hash));
}

window.addEventListener('hashchange', () => {
  if (location.hash === shownHash) return;
  if (guard && !guard()) {
    const target = location.hash;
    history.replaceState(null, '', shownHash || `${location.pathname}${location.search}`);
    blockedLeave.set(target);
    return;
  }
  show(location.hash);
});

/** Goes to a route; `replace` swaps the current history entry and skips the leave guard. */
export function navigate(r: Route, replace = false): void {
  const hash = formatRoute(r);
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    show(hash);
  } else {
    location.hash = hash;
  }
}

/** Installs a leave guard; the returned function removes it. */
export function setLeaveGuard(g: LeaveGuard): () => void {
  guard = g;
  return () => {
    if (guard === g) guard = null;
  };
}

/** Answers a blocked leave: go there after all, or stay. */
export function resolveBlockedLeave(go: boolean): void {
  const target = blockedLeave.get();
  blockedLeave.set(null);
  if (go && target !== null) {
    guard = null;
    location.hash = target;
  }
}

export function href(r: Route): string {
  return formatRoute(r);
}

export function useRoute(): Route {
  return useStore(route);
}
