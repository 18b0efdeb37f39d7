// History endpoints (nacos-protocol.md §4.7).

import type { HttpClient } from './http';
import type { ConfigKey, HistoryRow, Page } from './types';

const PATH = '/v1/cs/history';

export class HistoryApi {
  constructor(private readonly http: HttpClient) {}

  async list(key: ConfigKey, pageNo: number, pageSize: number, signal?: AbortSignal): Promise<Page<HistoryRow>> {
    const page = await this.http.json<Page<HistoryRow>>(PATH, {
      query: { search: 'accurate', dataId: key.dataId, group: key.group, tenant: key.tenant, pageNo, pageSize },
      signal,
    });
    return page ?? { totalCount: 0, pageNumber: pageNo, pagesAvailable: 0, pageItems: [] };
  }

  /** One history row with its content, or null when there is no such nid. */
  get(key: ConfigKey, nid: string, signal?: AbortSignal): Promise<HistoryRow | null> {
    return this.http.json<HistoryRow>(PATH, {
      query: { nid, dataId: key.dataId, group: key.group, tenant: key.tenant },
      signal,
    });
  }
}
