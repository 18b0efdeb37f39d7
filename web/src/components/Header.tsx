// Top bar: product name, navigation, namespace, live-update state, account.

import type { Route } from '../lib/route';
import { configsRoute } from '../lib/route';
import { feedState } from '../state/live';
import { href } from '../state/router';
import { serverState, session, setSession } from '../state/session';
import { useStore } from '../state/store';
import { NamespaceSwitcher } from './NamespaceSwitcher';

const FEED_TEXT = {
  live: ['Live', 'Changes appear as they happen'],
  connecting: ['Connecting', 'Opening the live change stream'],
  polling: ['Polling', 'The live stream is unavailable; refreshing every 10 s'],
} as const;

export function Header({ route, onHelp }: { route: Route; onHelp: () => void }) {
  const feed = useStore(feedState);
  const state = useStore(serverState);
  const user = useStore(session);
  const [text, title] = FEED_TEXT[feed];
  const onConfigs = route.page === 'configs' || route.page === 'config' || route.page === 'new';
  if (route.page === 'login') {
    return (
      <header class="topbar">
        <span class="brand">Lever</span>
      </header>
    );
  }
  return (
    <header class="topbar">
      <a class="brand" href={href(configsRoute(route.ns))}>
        Lever
      </a>
      <nav class="mainnav">
        <a href={href(configsRoute(route.ns))} class={onConfigs ? 'active' : ''}>
          Configs
        </a>
        <a href={href({ page: 'namespaces', ns: route.ns })} class={route.page === 'namespaces' ? 'active' : ''}>
          Namespaces
        </a>
      </nav>
      <NamespaceSwitcher route={route} />
      <span class={`feed ${feed}`} title={title} data-testid="feed-state">
        <span class="feed-dot" aria-hidden="true" />
        {text}
      </span>
      <button class="icon" onClick={onHelp} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        ?
      </button>
      {state?.authRequired && user.token && (
        <button class="link" onClick={() => setSession(null, null)} title="Log out">
          {user.username ?? 'Log out'}
        </button>
      )}
      {state?.state.version && <span class="muted version">v{state.state.version}</span>}
    </header>
  );
}
