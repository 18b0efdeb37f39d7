import { describe, expect, it, vi } from 'vitest';
import { createApi } from './index';
import { ApiError } from './http';
import { ResultError } from './configs';

interface Call {
  url: URL;
  init: RequestInit;
}

function mockFetch(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: new URL(String(input), 'http://console.test'), init: init ?? {} });
    return new Response(body, { status, headers });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function api(status: number, body: string, token: string | null = null, headers: Record<string, string> = {}) {
  const m = mockFetch(status, body, headers);
  const onAuthError = vi.fn();
  return { ...m, onAuthError, api: createApi({ baseUrl: '/nacos', fetch: m.fetch, getToken: () => token, onAuthError }) };
}

const key = { dataId: 'app.yaml', group: 'DEFAULT_GROUP', tenant: 'dev' };

describe('configs', () => {
  it('searches with every parameter, empty ones included', async () => {
    const page = { totalCount: 1, pageNumber: 1, pagesAvailable: 1, pageItems: [{ id: '1', ...key }] };
    const t = api(200, JSON.stringify(page));
    const res = await t.api.configs.search({ mode: 'blur', tenant: 'dev', dataId: '*app*', group: '', configTags: '', pageNo: 2, pageSize: 10 });
    expect(res).toEqual(page);
    const u = t.calls[0].url;
    expect(u.pathname).toBe('/nacos/v1/cs/configs');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      search: 'blur',
      dataId: '*app*',
      group: '',
      tenant: 'dev',
      appName: '',
      config_tags: '',
      pageNo: '2',
      pageSize: '10',
    });
    expect(t.calls[0].init.method).toBe('GET');
  });

  it('returns null detail for an empty body', async () => {
    const t = api(200, '');
    expect(await t.api.configs.detail(key)).toBeNull();
    expect(t.calls[0].url.searchParams.get('show')).toBe('all');
  });

  it('publishes a form with casMd5 and the access token', async () => {
    const t = api(200, 'true', 'tok');
    await t.api.configs.publish({ ...key, content: 'a: 1\n# ü', type: 'yaml', desc: 'd', configTags: 'x,y', casMd5: 'abc' });
    const { url, init } = t.calls[0];
    expect(init.method).toBe('POST');
    expect(url.searchParams.get('accessToken')).toBe('tok');
    expect((init.headers as Record<string, string>).casMd5).toBe('abc');
    expect((init.headers as Record<string, string>)['Content-Type']).toMatch(/x-www-form-urlencoded/);
    const form = new URLSearchParams(String(init.body));
    expect(Object.fromEntries(form)).toEqual({
      dataId: 'app.yaml',
      group: 'DEFAULT_GROUP',
      tenant: 'dev',
      content: 'a: 1\n# ü',
      type: 'yaml',
      desc: 'd',
      config_tags: 'x,y',
      appName: '',
    });
  });

  it('sends no casMd5 header for a new config', async () => {
    const t = api(200, 'true');
    await t.api.configs.publish({ ...key, content: 'x', type: 'text' });
    expect((t.calls[0].init.headers as Record<string, string>).casMd5).toBeUndefined();
  });

  it('maps a CAS failure to a conflict', async () => {
    const t = api(500, 'caused: Cas publish fail, server md5 may have changed.;');
    const err = await t.api.configs.publish({ ...key, content: 'x', type: 'text', casMd5: 'old' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('conflict');
  });

  it('maps a 400 to the field it names', async () => {
    const t = api(400, "Param 'dataId' is illegal, illegal characters should not appear in the param.\r\n");
    const err = await t.api.configs.publish({ ...key, dataId: 'a b', content: 'x', type: 'text' }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'validation', field: 'dataId', status: 400 });
  });

  it('deletes by key', async () => {
    const t = api(200, 'true');
    await t.api.configs.remove(key);
    expect(t.calls[0].init.method).toBe('DELETE');
    expect(t.calls[0].url.searchParams.get('dataId')).toBe('app.yaml');
  });

  it('exports with ids and reads the filename', async () => {
    const t = api(200, 'PK', null, { 'Content-Disposition': 'attachment;filename=nacos_config_export_1.zip' });
    const res = await t.api.configs.exportZip({ tenant: 'dev', ids: ['1', '2'] });
    expect(res.filename).toBe('nacos_config_export_1.zip');
    expect(t.calls[0].url.searchParams.get('export')).toBe('true');
    expect(t.calls[0].url.searchParams.get('ids')).toBe('1,2');
  });

  it('imports a zip as multipart and unwraps the result', async () => {
    const t = api(200, JSON.stringify({ code: 200, message: 'import success', data: { succCount: 2, skipCount: 0 } }));
    const res = await t.api.configs.importZip('dev', 'SKIP', new Blob(['PK']), 'x.zip');
    expect(res.succCount).toBe(2);
    const { url, init } = t.calls[0];
    expect(url.searchParams.get('import')).toBe('true');
    expect(url.searchParams.get('namespace')).toBe('dev');
    expect(url.searchParams.get('policy')).toBe('SKIP');
    expect(init.body).toBeInstanceOf(FormData);
  });

  it('reports an import failure carried in a 200 envelope', async () => {
    const t = api(200, JSON.stringify({ code: 100005, message: 'imported file is empty', data: { succCount: 0 } }));
    const err = await t.api.configs.importZip('dev', 'ABORT', new Blob([]), 'x.zip').catch((e) => e);
    expect(err).toBeInstanceOf(ResultError);
    expect(err.message).toBe('imported file is empty');
  });

  it('clones with a JSON body of numeric cfgIds', async () => {
    const t = api(200, JSON.stringify({ code: 200, message: 'Clone Completed Successfully', data: { succCount: 1 } }));
    await t.api.configs.clone('prod', 'OVERWRITE', [{ cfgId: '12', dataId: 'a', group: 'G' }]);
    const { url, init } = t.calls[0];
    expect(url.searchParams.get('clone')).toBe('true');
    expect(url.searchParams.get('tenant')).toBe('prod');
    expect(JSON.parse(String(init.body))).toEqual([{ cfgId: 12, dataId: 'a', group: 'G' }]);
  });

  it('makes an unimplemented endpoint a visible error', async () => {
    const t = api(404, '');
    const err = await t.api.configs.exportZip({ tenant: '' }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'notFound' });
  });
});

describe('history, listeners, namespaces, auth', () => {
  it('lists history accurately', async () => {
    const t = api(200, JSON.stringify({ totalCount: 0, pageNumber: 1, pagesAvailable: 0, pageItems: [] }));
    await t.api.history.list(key, 1, 20);
    expect(Object.fromEntries(t.calls[0].url.searchParams)).toMatchObject({ search: 'accurate', pageNo: '1', pageSize: '20' });
  });

  it('reads one history row by nid', async () => {
    const t = api(200, JSON.stringify({ id: '7', opType: 'U', dataId: 'a', group: 'g', tenant: '' }));
    const row = await t.api.history.get(key, '7');
    expect(row?.id).toBe('7');
    expect(t.calls[0].url.searchParams.get('nid')).toBe('7');
  });

  it('reads listener status with the wire typo', async () => {
    const t = api(200, JSON.stringify({ collectStatus: 200, lisentersGroupkeyStatus: { '127.0.0.1': 'abc' } }));
    expect(await t.api.listeners.ofConfig(key)).toEqual({ '127.0.0.1': 'abc' });
    expect(t.calls[0].url.pathname).toBe('/nacos/v1/cs/configs/listener');
  });

  it('lists namespaces from the envelope', async () => {
    const t = api(200, JSON.stringify({ code: 200, message: null, data: [{ namespace: '', namespaceShowName: 'public' }] }));
    expect(await t.api.namespaces.list()).toEqual([{ namespace: '', namespaceShowName: 'public' }]);
  });

  it('turns a `false` namespace create into an error on the id field', async () => {
    const t = api(200, 'false');
    const err = await t.api.namespaces.create({ id: 'dev', name: 'Dev', desc: '' }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'validation', field: 'namespaceId' });
    expect(Object.fromEntries(new URLSearchParams(String(t.calls[0].init.body)))).toEqual({
      customNamespaceId: 'dev',
      namespaceName: 'Dev',
      namespaceDesc: '',
    });
  });

  it('updates and deletes namespaces with the v1 parameter names', async () => {
    const t = api(200, 'true');
    await t.api.namespaces.update({ id: 'dev', name: 'Dev2', desc: 'x' });
    await t.api.namespaces.remove('dev');
    expect(t.calls[0].init.method).toBe('PUT');
    expect(new URLSearchParams(String(t.calls[0].init.body)).get('namespaceShowName')).toBe('Dev2');
    expect(t.calls[1].url.searchParams.get('namespaceId')).toBe('dev');
  });

  it('logs in with a form and reports auth failures', async () => {
    const ok = api(200, JSON.stringify({ accessToken: 't', tokenTtl: 18000, globalAdmin: true }));
    expect((await ok.api.auth.login('nacos', 'pw')).accessToken).toBe('t');
    const bad = api(403, 'user not found!');
    const err = await bad.api.auth.login('x', 'y').catch((e) => e);
    expect(err).toMatchObject({ kind: 'auth', message: 'user not found!' });
    expect(bad.onAuthError).toHaveBeenCalledOnce();
  });

  it('reports a network failure', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const a = createApi({ baseUrl: '/nacos', fetch });
    const err = await a.auth.serverState().catch((e) => e);
    expect(err).toMatchObject({ kind: 'network', status: 0 });
  });

  it('rejects a non-JSON body where JSON is expected', async () => {
    const t = api(200, '<html>');
    await expect(t.api.namespaces.list()).rejects.toThrow(/not JSON/);
  });

  it('builds the event stream URL with tenant and token', () => {
    const t = api(200, '', 'tok');
    expect(t.api.http.url('/v1/console/events', { tenant: '' })).toBe('/nacos/v1/console/events?tenant=&accessToken=tok');
  });
});

describe('authRequired', () => {
  it('reads the stringified auth_enabled flag of server/state', async () => {
    const { authRequired } = await import('./auth');
    expect(authRequired({ auth_enabled: 'true' })).toBe(true);
    expect(authRequired({ auth_enabled: 'TRUE' })).toBe(true);
    expect(authRequired({ auth_enabled: 'false' })).toBe(false);
    expect(authRequired({})).toBe(false);
  });
});
