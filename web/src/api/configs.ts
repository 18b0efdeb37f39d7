// Config endpoints: search, detail, publish, delete, export, import, clone
// (nacos-protocol.md §4.2–§4.5, §10.3).

import type { HttpClient } from './http';
import type {
  ConfigDetail,
  ConfigKey,
  ConfigRow,
  ConflictPolicy,
  ImportResult,
  Page,
  RestResult,
} from './types';

const PATH = '/v1/cs/configs';

export interface SearchQuery {
  mode: 'accurate' | 'blur';
  tenant: string;
  dataId: string;
  group: string;
  configTags: string;
  pageNo: number;
  pageSize: number;
}

export interface PublishRequest extends ConfigKey {
  content: string;
  type: string;
  desc?: string;
  configTags?: string;
  appName?: string;
  /** md5 the editor started from; the server refuses the write if the config moved on. */
  casMd5?: string;
}

export interface ExportRequest {
  tenant: string;
  group?: string;
  dataId?: string;
  /** Config ids (the `id` of search rows); empty exports what the other filters match. */
  ids?: string[];
}

export interface CloneItem {
  cfgId: string;
  dataId: string;
  group: string;
}

export class ConfigsApi {
  constructor(private readonly http: HttpClient) {}

  async search(q: SearchQuery, signal?: AbortSignal): Promise<Page<ConfigRow>> {
    const page = await this.http.json<Page<ConfigRow>>(PATH, {
      query: {
        search: q.mode,
        dataId: q.dataId,
        group: q.group,
        tenant: q.tenant,
        appName: '',
        config_tags: q.configTags,
        pageNo: q.pageNo,
        pageSize: q.pageSize,
      },
      signal,
    });
    return page ?? { totalCount: 0, pageNumber: q.pageNo, pagesAvailable: 0, pageItems: [] };
  }

  /** The full record, or null when the config does not exist (empty body). */
  detail(key: ConfigKey, signal?: AbortSignal): Promise<ConfigDetail | null> {
    return this.http.json<ConfigDetail>(PATH, { query: { show: 'all', ...keyParams(key) }, signal });
  }

  /** Publishes; throws ApiError kind 'conflict' when `casMd5` no longer matches. */
  async publish(req: PublishRequest): Promise<void> {
    const headers: Record<string, string> = {};
    if (req.casMd5) headers.casMd5 = req.casMd5;
    await this.http.text(PATH, {
      method: 'POST',
      headers,
      form: {
        ...keyParams(req),
        content: req.content,
        type: req.type,
        desc: req.desc ?? '',
        config_tags: req.configTags ?? '',
        appName: req.appName ?? '',
      },
    });
  }

  async remove(key: ConfigKey): Promise<void> {
    await this.http.text(PATH, { method: 'DELETE', query: keyParams(key) });
  }

  exportZip(req: ExportRequest): Promise<{ blob: Blob; filename: string | null }> {
    return this.http.blob(PATH, {
      query: {
        export: 'true',
        tenant: req.tenant,
        group: req.group ?? '',
        appName: '',
        dataId: req.dataId ?? '',
        ids: (req.ids ?? []).join(','),
      },
    });
  }

  async importZip(tenant: string, policy: ConflictPolicy, file: Blob, filename: string): Promise<ImportResult> {
    const form = new FormData();
    form.append('file', file, filename);
    const res = await this.http.json<RestResult<ImportResult>>(PATH, {
      method: 'POST',
      query: { import: 'true', namespace: tenant, policy },
      multipart: form,
    });
    return unwrapResult(res);
  }

  async clone(target: string, policy: ConflictPolicy, items: CloneItem[]): Promise<ImportResult> {
    const res = await this.http.json<RestResult<ImportResult>>(PATH, {
      method: 'POST',
      query: { clone: 'true', tenant: target, policy },
      json: items.map((i) => ({ cfgId: Number(i.cfgId), dataId: i.dataId, group: i.group })),
    });
    return unwrapResult(res);
  }
}

export function keyParams(key: ConfigKey): { dataId: string; group: string; tenant: string } {
  return { dataId: key.dataId, group: key.group, tenant: key.tenant };
}

/** Import and clone answer HTTP 200 with a failure code inside the body (§10.3). */
function unwrapResult(res: RestResult<ImportResult> | null): ImportResult {
  if (!res) throw new ResultError('The server sent an empty answer.', 0);
  if (res.code !== 200) throw new ResultError(res.message || `The server refused the request (code ${res.code}).`, res.code);
  return res.data;
}

/** A failure reported inside a 200 envelope. */
export class ResultError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
    this.name = 'ResultError';
  }
}
