import { describe, expect, it } from 'vitest';
import { concerns } from './configKey';

describe('concerns', () => {
  const key = { dataId: 'a', group: 'G', tenant: 'dev' };
  it('matches the same key and a refresh-everything tick', () => {
    expect(concerns({ ...key }, key)).toBe(true);
    expect(concerns(null, key)).toBe(true);
  });
  it('ignores other keys, groups and namespaces', () => {
    expect(concerns({ ...key, dataId: 'b' }, key)).toBe(false);
    expect(concerns({ ...key, group: 'H' }, key)).toBe(false);
    expect(concerns({ ...key, tenant: '' }, key)).toBe(false);
  });
});
