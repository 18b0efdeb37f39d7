// Hash routes of the console (`#/configs?ns=dev&dataId=...`). Hash routing keeps the server
// side a plain static directory.

export type ConfigTab = 'content' | 'history' | 'listeners';

export interface ListState {
  mode: 'accurate' | 'blur';
  dataId: string;
  group: string;
  tags: string;
  pageNo: number;
  pageSize: number;
}

export type Route =
  | { page: 'configs'; ns: string; list: ListState }
  | { page: 'config'; ns: string; dataId: string; group: string; tab: ConfigTab; edit: boolean }
  | { page: 'new'; ns: string }
  | { page: 'namespaces'; ns: string }
  | { page: 'login'; ns: string; next: string };

export const PAGE_SIZES = [10, 20, 50, 100];

export const DEFAULT_LIST: ListState = { mode: 'blur', dataId: '', group: '', tags: '', pageNo: 1, pageSize: 20 };

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const qAt = raw.indexOf('?');
  const path = (qAt >= 0 ? raw.slice(0, qAt) : raw) || '/';
  const q = new URLSearchParams(qAt >= 0 ? raw.slice(qAt + 1) : '');
  const ns = q.get('ns') ?? '';
  switch (path) {
    case '/config': {
      const tab = q.get('tab');
      return {
        page: 'config',
        ns,
        dataId: q.get('dataId') ?? '',
        group: q.get('group') ?? '',
        tab: tab === 'history' || tab === 'listeners' ? tab : 'content',
        edit: q.get('edit') === '1',
      };
    }
    case '/new':
      return { page: 'new', ns };
    case '/namespaces':
      return { page: 'namespaces', ns };
    case '/login':
      return { page: 'login', ns, next: q.get('next') ?? '' };
    default:
      return {
        page: 'configs',
        ns,
        list: {
          mode: q.get('mode') === 'accurate' ? 'accurate' : 'blur',
          dataId: q.get('dataId') ?? '',
          group: q.get('group') ?? '',
          tags: q.get('tags') ?? '',
          pageNo: positiveInt(q.get('page'), DEFAULT_LIST.pageNo),
          pageSize: positiveInt(q.get('size'), DEFAULT_LIST.pageSize),
        },
      };
  }
}

export function formatRoute(r: Route): string {
  const q = new URLSearchParams();
  if (r.ns) q.set('ns', r.ns);
  let path: string;
  switch (r.page) {
    case 'config':
      path = '/config';
      q.set('dataId', r.dataId);
      q.set('group', r.group);
      if (r.tab !== 'content') q.set('tab', r.tab);
      if (r.edit) q.set('edit', '1');
      break;
    case 'new':
      path = '/new';
      break;
    case 'namespaces':
      path = '/namespaces';
      break;
    case 'login':
      path = '/login';
      if (r.next) q.set('next', r.next);
      break;
    default: {
      path = '/configs';
      const l = r.list;
      if (l.mode !== DEFAULT_LIST.mode) q.set('mode', l.mode);
      if (l.dataId) q.set('dataId', l.dataId);
      if (l.group) q.set('group', l.group);
      if (l.tags) q.set('tags', l.tags);
      if (l.pageNo !== DEFAULT_LIST.pageNo) q.set('page', String(l.pageNo));
      if (l.pageSize !== DEFAULT_LIST.pageSize) q.set('size', String(l.pageSize));
    }
  }
  const qs = q.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function configsRoute(ns: string, list: Partial<ListState> = {}): Route {
  return { page: 'configs', ns, list: { ...DEFAULT_LIST, ...list } };
}

export function configRoute(ns: string, dataId: string, group: string, tab: ConfigTab = 'content', edit = false): Route {
  return { page: 'config', ns, dataId, group, tab, edit };
}
