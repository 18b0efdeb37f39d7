import { describe, expect, it } from 'vitest';
import { formatTime, namespaceLabel, shortMd5 } from './format';
import { isPlainKey, isSaveKey, isTyping, moveSelection } from './keys';
import { listenerRows } from './listeners';
import { hasErrors, normalizeTags, validateConfigForm, validateNamespaceForm } from './validation';

describe('listenerRows', () => {
  it('marks clients holding the current md5 as up to date and sorts by IP', () => {
    const rows = listenerRows({ '10.0.0.10': 'new', '10.0.0.9': 'old' }, 'new');
    expect(rows).toEqual([
      { ip: '10.0.0.9', md5: 'old', upToDate: false },
      { ip: '10.0.0.10', md5: 'new', upToDate: true },
    ]);
  });
  it('marks nobody up to date when the config is gone', () => {
    expect(listenerRows({ a: '' }, null)[0].upToDate).toBe(false);
  });
});

describe('validation', () => {
  it('requires dataId, group and content', () => {
    const e = validateConfigForm({ dataId: ' ', group: '', content: '\n' });
    expect(Object.keys(e).sort()).toEqual(['content', 'dataId', 'group']);
    expect(hasErrors(validateConfigForm({ dataId: 'a b', group: 'G', content: 'x' }))).toBe(false);
  });
  it('requires a namespace name', () => {
    expect(validateNamespaceForm({ name: '' }).namespaceName).toBeTruthy();
    expect(hasErrors(validateNamespaceForm({ name: 'dev' }))).toBe(false);
  });
  it('normalizes tags', () => {
    expect(normalizeTags(' a, ,b ,')).toBe('a,b');
  });
});

describe('keys', () => {
  const ev = (key: string, target: unknown = null, mods: Partial<{ ctrlKey: boolean; metaKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: target as EventTarget | null,
    ...mods,
  });
  it('ignores letters typed into fields', () => {
    expect(isTyping({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isPlainKey(ev('j', { tagName: 'INPUT' }), 'j')).toBe(false);
    expect(isPlainKey(ev('j', { tagName: 'DIV', closest: () => null }), 'j')).toBe(true);
    expect(isPlainKey(ev('j', { tagName: 'DIV', closest: () => ({}) }), 'j')).toBe(false);
  });
  it('recognises Ctrl/Cmd+S', () => {
    expect(isSaveKey(ev('s', null, { ctrlKey: true }))).toBe(true);
    expect(isSaveKey(ev('S', null, { metaKey: true }))).toBe(true);
    expect(isSaveKey(ev('s'))).toBe(false);
  });
  it('moves and clamps the selection', () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe('format', () => {
  it('formats times and labels', () => {
    expect(formatTime(undefined)).toBe('');
    expect(formatTime('nonsense')).toBe('nonsense');
    expect(formatTime(0)).toMatch(/^19(69|70)-/);
    expect(namespaceLabel('')).toBe('public');
    expect(namespaceLabel('dev', 'Development')).toBe('Development');
    expect(shortMd5('270f9e65a80226eccd82c99cdd0dd2fb')).toBe('270f9e65');
    expect(shortMd5(null)).toBe('—');
  });
});
