// Namespace management (nacos-protocol.md §7).

import { ApiError, type HttpClient } from './http';
import type { Namespace, RestResult } from './types';

const PATH = '/v1/console/namespaces';

export interface NamespaceInput {
  id: string;
  name: string;
  desc: string;
}

export class NamespacesApi {
  constructor(private readonly http: HttpClient) {}

  async list(signal?: AbortSignal): Promise<Namespace[]> {
    const res = await this.http.json<RestResult<Namespace[]>>(PATH, { signal });
    return res?.data ?? [];
  }

  /** Creates a namespace; an empty id lets the server generate one. */
  async create(ns: NamespaceInput): Promise<void> {
    const ok = await this.http.text(PATH, {
      method: 'POST',
      form: { customNamespaceId: ns.id, namespaceName: ns.name, namespaceDesc: ns.desc },
    });
    // The server answers HTTP 200 `false` for an id that already exists (§7).
    if (ok.trim() !== 'true') {
      throw new ApiError('validation', 200, `Namespace id '${ns.id}' already exists or is not allowed.`, ok, 'namespaceId');
    }
  }

  async update(ns: NamespaceInput): Promise<void> {
    const ok = await this.http.text(PATH, {
      method: 'PUT',
      form: { namespace: ns.id, namespaceShowName: ns.name, namespaceDesc: ns.desc },
    });
    if (ok.trim() !== 'true') {
      throw new ApiError('validation', 200, 'The server refused the namespace name.', ok, 'namespaceName');
    }
  }

  async remove(id: string): Promise<void> {
    await this.http.text(PATH, { method: 'DELETE', query: { namespaceId: id } });
  }
}
