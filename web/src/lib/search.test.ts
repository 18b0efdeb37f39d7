import { describe, expect, it } from 'vitest';
import { DEFAULT_LIST } from './route';
import { fuzzyTerm, pageWindow, toSearchParams } from './search';

describe('fuzzyTerm', () => {
  it('wraps a plain term and keeps explicit wildcards', () => {
    expect(fuzzyTerm('app')).toBe('*app*');
    expect(fuzzyTerm('app*')).toBe('app*');
    expect(fuzzyTerm('  ')).toBe('');
  });
});

describe('toSearchParams', () => {
  it('wraps only in blur mode', () => {
    expect(toSearchParams({ ...DEFAULT_LIST, dataId: 'app', group: '' })).toMatchObject({
      mode: 'blur',
      dataId: '*app*',
      group: '',
    });
    expect(toSearchParams({ ...DEFAULT_LIST, mode: 'accurate', dataId: ' app ', group: 'G' })).toMatchObject({
      mode: 'accurate',
      dataId: 'app',
      group: 'G',
    });
  });
});

describe('pageWindow', () => {
  it('shows all pages when few', () => {
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(1, 0)).toEqual([]);
  });
  it('marks gaps with 0', () => {
    expect(pageWindow(10, 20)).toEqual([1, 0, 8, 9, 10, 11, 12, 0, 20]);
  });
});
