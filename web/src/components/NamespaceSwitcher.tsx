// Namespace picker in the header; switching keeps the current page where that makes sense.

import { namespaceLabel } from '../lib/format';
import { configsRoute, type Route } from '../lib/route';
import { namespaces, reloadNamespaces } from '../state/namespaces';
import { navigate } from '../state/router';
import { useStore } from '../state/store';

function switchTo(r: Route, ns: string): Route {
  switch (r.page) {
    case 'namespaces':
    case 'new':
      return { ...r, ns };
    default:
      // A config of one namespace does not exist in another: go to the list.
      return configsRoute(ns);
  }
}

export function NamespaceSwitcher({ route }: { route: Route }) {
  const list = useStore(namespaces);
  const known = list.items.some((n) => n.namespace === route.ns);
  return (
    <label class="ns-switcher">
      <span class="muted">Namespace</span>
      <select
        aria-label="Namespace"
        data-testid="namespace-switcher"
        value={route.ns}
        onFocus={() => void reloadNamespaces()}
        onChange={(e) => navigate(switchTo(route, (e.target as HTMLSelectElement).value))}
      >
        {!known && <option value={route.ns}>{namespaceLabel(route.ns)}</option>}
        {list.items.map((n) => (
          <option key={n.namespace} value={n.namespace}>
            {namespaceLabel(n.namespace, n.namespaceShowName)}
            {n.namespace ? ` (${n.namespace})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
