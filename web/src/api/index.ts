// The console's API client: one HttpClient shared by the endpoint groups.

import { AuthApi } from './auth';
import { ConfigsApi } from './configs';
import { subscribeChanges, type ChangeFeedOptions } from './events';
import { HistoryApi } from './history';
import { HttpClient, type HttpClientOptions } from './http';
import { ListenersApi } from './listeners';
import { NamespacesApi } from './namespaces';

export interface Api {
  http: HttpClient;
  configs: ConfigsApi;
  history: HistoryApi;
  listeners: ListenersApi;
  namespaces: NamespacesApi;
  auth: AuthApi;
  /** Subscribes to live changes of one namespace. */
  changes(tenant: string, opts: Omit<ChangeFeedOptions, 'url'>): () => void;
}

export function createApi(opts: HttpClientOptions): Api {
  const http = new HttpClient(opts);
  return {
    http,
    configs: new ConfigsApi(http),
    history: new HistoryApi(http),
    listeners: new ListenersApi(http),
    namespaces: new NamespacesApi(http),
    auth: new AuthApi(http),
    changes: (tenant, feed) => subscribeChanges({ ...feed, url: http.url('/v1/console/events', { tenant }) }),
  };
}

export { ApiError } from './http';
export { ResultError } from './configs';
export type * from './types';
