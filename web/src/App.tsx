// The app shell: loads the server state, gates on login when auth is on, keeps the live feed
// connected to the current namespace, and routes.

import { useEffect, useState } from 'preact/hooks';
import { authRequired } from './api/auth';
import { ErrorBanner } from './components/ErrorBanner';
import { Header } from './components/Header';
import { ShortcutHelp } from './components/ShortcutHelp';
import { Spinner } from './components/Status';
import { Toasts } from './components/Toasts';
import { useKeys } from './components/useKeys';
import { configsRoute, formatRoute, type Route } from './lib/route';
import { ConfigListPage } from './pages/list/ConfigListPage';
import { ConfigPage } from './pages/config/ConfigPage';
import { LoginPage } from './pages/LoginPage';
import { NamespacesPage } from './pages/NamespacesPage';
import { connectLive, disconnectLive } from './state/live';
import { reloadNamespaces } from './state/namespaces';
import { navigate, useRoute } from './state/router';
import { api, authLost, serverState, session, setSession } from './state/session';
import { useStore } from './state/store';

export function App() {
  const route = useRoute();
  const state = useStore(serverState);
  const user = useStore(session);
  const lost = useStore(authLost);
  const [bootError, setBootError] = useState<unknown>(null);
  const [help, setHelp] = useState(false);

  const boot = async () => {
    setBootError(null);
    try {
      const s = await api.auth.serverState();
      serverState.set({ state: s, authRequired: authRequired(s) });
    } catch (e) {
      setBootError(e);
    }
  };
  useEffect(() => {
    void boot();
  }, []);

  const needLogin = !!state?.authRequired && !user.token;
  const ready = !!state && !needLogin;

  // A refused token: forget it and go to the login page, coming back here afterwards.
  useEffect(() => {
    if (!lost) return;
    authLost.set(null);
    setSession(null, null);
  }, [lost]);

  useEffect(() => {
    if (needLogin && route.page !== 'login') navigate({ page: 'login', ns: route.ns, next: formatRoute(route) }, true);
    if (state && !state.authRequired && route.page === 'login') navigate(configsRoute(route.ns), true);
  }, [needLogin, state, route]);

  useEffect(() => {
    if (!ready) return;
    void reloadNamespaces();
  }, [ready, user.token]);

  useEffect(() => {
    if (!ready) return undefined;
    connectLive(route.ns);
    return undefined;
  }, [ready, route.ns, user.token]);
  useEffect(() => () => disconnectLive(), []);

  useKeys({ '?': () => setHelp(true) });

  if (bootError) {
    return (
      <main class="boot">
        <h1>Lever</h1>
        <ErrorBanner error={bootError} onRetry={boot} />
      </main>
    );
  }
  if (!state) return <Spinner label="Connecting to the server…" />;

  return (
    <>
      <Header route={route} onHelp={() => setHelp(true)} />
      <main class="content">{renderPage(route, ready)}</main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      <Toasts />
    </>
  );
}

function renderPage(route: Route, ready: boolean) {
  if (route.page === 'login') return <LoginPage route={route} />;
  if (!ready) return <Spinner />;
  switch (route.page) {
    case 'config':
      return <ConfigPage key={`${route.ns}\u0000${route.group}\u0000${route.dataId}`} route={route} />;
    case 'new':
      return <ConfigPage key={`new\u0000${route.ns}`} route={route} />;
    case 'namespaces':
      return <NamespacesPage route={route} />;
    default:
      return <ConfigListPage route={route} />;
  }
}
