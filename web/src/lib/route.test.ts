import { describe, expect, it } from 'vitest';
import { configRoute, configsRoute, formatRoute, parseRoute, type Route } from './route';

describe('routes', () => {
  it('defaults to the config list of the public namespace', () => {
    expect(parseRoute('')).toEqual(configsRoute(''));
    expect(parseRoute('#/')).toEqual(configsRoute(''));
  });

  it.each<Route>([
    configsRoute('dev', { dataId: 'a b', mode: 'accurate', pageNo: 3, pageSize: 50, tags: 'x,y' }),
    configRoute('', 'app.yaml', 'DEFAULT_GROUP'),
    configRoute('dev', 'a+b&c', 'G', 'history', false),
    configRoute('dev', 'x', 'G', 'content', true),
    { page: 'new', ns: 'dev' },
    { page: 'namespaces', ns: '' },
    { page: 'login', ns: '', next: '#/configs?ns=dev' },
  ])('round-trips %j', (r) => {
    expect(parseRoute(formatRoute(r))).toEqual(r);
  });

  it('ignores bad page numbers', () => {
    const r = parseRoute('#/configs?page=-2&size=abc');
    expect(r.page === 'configs' && r.list.pageNo).toBe(1);
  });
});
