// Login state and the shared API client. The token is kept in localStorage so a reload keeps
// the session; it is sent as the `accessToken` parameter on every request (§9.3).

import { createApi, type ApiError } from '../api';
import type { ServerState } from '../api/types';
import { createStore } from './store';

const TOKEN_KEY = 'lever.accessToken';
const USER_KEY = 'lever.username';

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private mode); the session then lasts until reload.
  }
}

export interface Session {
  token: string | null;
  username: string | null;
}

export const session = createStore<Session>({ token: readStorage(TOKEN_KEY), username: readStorage(USER_KEY) });

/** Server state once loaded; `authRequired` decides whether the login page is shown. */
export const serverState = createStore<{ state: ServerState; authRequired: boolean } | null>(null);

/** Set when the server refused a request for lack of login. */
export const authLost = createStore<ApiError | null>(null);

export function setSession(token: string | null, username: string | null): void {
  writeStorage(TOKEN_KEY, token);
  writeStorage(USER_KEY, username);
  session.set({ token, username });
}

export const api = createApi({
  baseUrl: '/nacos',
  getToken: () => session.get().token,
  onAuthError: (err) => {
    if (serverState.get()?.authRequired) authLost.set(err);
  },
});
