// One config: its content (view, edit, create), history and listeners, kept current by the
// live feed.

import { useEffect } from 'preact/hooks';
import type { ConfigKey } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Spinner } from '../../components/Status';
import { useKeys } from '../../components/useKeys';
import { concerns } from '../../lib/configKey';
import { namespaceLabel } from '../../lib/format';
import { configRoute, configsRoute, type ConfigTab, type Route } from '../../lib/route';
import { onLiveChange } from '../../state/live';
import { href, navigate } from '../../state/router';
import { api } from '../../state/session';
import { useLoader } from '../../state/useLoader';
import { ContentPane } from './ContentPane';
import { HistoryPane } from './HistoryPane';
import { ListenersPane } from './ListenersPane';

type PageRoute = Extract<Route, { page: 'config' }> | Extract<Route, { page: 'new' }>;

const TABS: Array<[ConfigTab, string, string]> = [
  ['content', 'Content', 'c'],
  ['history', 'History', 'h'],
  ['listeners', 'Listeners', 'l'],
];

export function ConfigPage({ route }: { route: PageRoute }) {
  const isNew = route.page === 'new';
  const key: ConfigKey | null = isNew ? null : { dataId: route.dataId, group: route.group, tenant: route.ns };
  const detail = useLoader((signal) => (key ? api.configs.detail(key, signal) : Promise.resolve(null)), [isNew]);
  const tab: ConfigTab = route.page === 'config' ? route.tab : 'content';
  const editing = route.page === 'new' || route.edit;

  useEffect(() => {
    if (!key) return undefined;
    return onLiveChange((c) => {
      if (concerns(c, key)) detail.reload(true);
    });
  }, [isNew]);

  const goTab = (t: ConfigTab) => key && !editing && navigate(configRoute(route.ns, key.dataId, key.group, t));
  useKeys({ c: () => goTab('content'), h: () => goTab('history'), l: () => goTab('listeners') }, !!key && !editing);

  const title = key ? key.dataId : 'New config';
  return (
    <section class="page" data-testid={isNew ? 'new-config-page' : 'config-page'}>
      <div class="page-head">
        <nav class="crumbs" aria-label="Breadcrumb">
          <a href={href(configsRoute(route.ns))}>Configs</a>
          <span aria-hidden="true">/</span>
          <span class="muted">{namespaceLabel(route.ns)}</span>
          {key && (
            <>
              <span aria-hidden="true">/</span>
              <span class="muted mono">{key.group}</span>
            </>
          )}
        </nav>
        <h1 class={key ? "mono" : ""}>{title}</h1>
      </div>
      {key && (
        <nav class="tabs" role="tablist">
          {TABS.map(([t, label, shortcut]) => (
            <a
              key={t}
              role="tab"
              aria-selected={tab === t}
              class={tab === t ? 'active' : ''}
              href={href(configRoute(route.ns, key.dataId, key.group, t))}
              title={`${label} (${shortcut})`}
            >
              {label}
            </a>
          ))}
        </nav>
      )}
      <ErrorBanner error={detail.error} onRetry={() => detail.reload()} />
      {detail.loading && detail.data === undefined ? (
        <Spinner />
      ) : tab === 'history' && key ? (
        <HistoryPane configKey={key} current={detail.data ?? null} onChanged={() => detail.reload(true)} />
      ) : tab === 'listeners' && key ? (
        <ListenersPane configKey={key} current={detail.data ?? null} />
      ) : (
        <ContentPane ns={route.ns} configKey={key} detail={detail.data ?? null} editing={editing} onReload={() => detail.reload(true)} />
      )}
    </section>
  );
}
