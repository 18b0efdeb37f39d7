// The current hash route as a store, and navigation.

import { formatRoute, parseRoute, type Route } from '../lib/route';
import { createStore, useStore } from './store';

export const route = createStore<Route>(parseRoute(location.hash));

window.addEventListener('hashchange', () => route.set(parseRoute(location.hash)));

export function navigate(r: Route, replace = false): void {
  const hash = formatRoute(r);
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    route.set(parseRoute(hash));
  } else {
    location.hash = hash;
  }
}

export function href(r: Route): string {
  return formatRoute(r);
}

export function useRoute(): Route {
  return useStore(route);
}
