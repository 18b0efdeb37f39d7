// Login (nacos-protocol.md §9.2). Shown only when the server has auth on; with auth off the
// app skips it.

import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { configsRoute, parseRoute, type Route } from '../lib/route';
import { navigate } from '../state/router';
import { api, serverState, setSession } from '../state/session';
import { useStore } from '../state/store';

export function LoginPage({ route }: { route: Extract<Route, { page: 'login' }> }) {
  const state = useStore(serverState);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (state && !state.authRequired) {
    return (
      <section class="login">
        <h1>Log in</h1>
        <p>Authentication is off on this server: no login is needed.</p>
        <a href="#/configs">Go to the configs</a>
      </section>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.auth.login(username, password);
      setSession(res.accessToken, res.username ?? username);
      navigate(route.next ? parseRoute(route.next) : configsRoute(route.ns), true);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const authFailed = error instanceof ApiError && error.kind === 'auth';
  return (
    <section class="login">
      <h1>Log in to Lever</h1>
      <form onSubmit={submit} data-testid="login-form">
        <Field label="Username" id="login-username">
          <input id="login-username" name="username" autoComplete="username" value={username} autoFocus onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
        </Field>
        <Field label="Password" id="login-password" error={authFailed ? 'Wrong username or password.' : undefined}>
          <input id="login-password" name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </Field>
        {!authFailed && <ErrorBanner error={error} />}
        <button class="primary" type="submit" disabled={busy || !username}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </section>
  );
}
