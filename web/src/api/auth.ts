// Server state and login (nacos-protocol.md §9.2, §11).

import type { HttpClient } from './http';
import type { LoginResult, ServerState } from './types';

export class AuthApi {
  constructor(private readonly http: HttpClient) {}

  async serverState(signal?: AbortSignal): Promise<ServerState> {
    return (await this.http.json<ServerState>('/v1/console/server/state', { signal })) ?? {};
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const res = await this.http.json<LoginResult>('/v1/auth/users/login', {
      method: 'POST',
      form: { username, password },
    });
    if (!res?.accessToken) throw new Error('The server accepted the login but sent no accessToken.');
    return res;
  }
}

/** Whether the console must show the login page: auth on and the login page not disabled. */
export function authRequired(state: ServerState): boolean {
  return String(state.auth_enabled).toLowerCase() === 'true';
}
