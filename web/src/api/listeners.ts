// Who listens to a config (nacos-protocol.md §4.6).

import type { HttpClient } from './http';
import type { ConfigKey, ListenerStatus } from './types';

export class ListenersApi {
  constructor(private readonly http: HttpClient) {}

  /** Client IP → the md5 that client holds. */
  async ofConfig(key: ConfigKey, signal?: AbortSignal): Promise<Record<string, string>> {
    const res = await this.http.json<ListenerStatus>('/v1/cs/configs/listener', {
      query: { dataId: key.dataId, group: key.group, tenant: key.tenant, sampleTime: 1 },
      signal,
    });
    return res?.lisentersGroupkeyStatus ?? {};
  }
}
