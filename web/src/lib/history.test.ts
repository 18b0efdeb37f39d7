import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../api/types';
import { historyType, opTypeLabel, opTypeOf, rollbackPlan } from './history';

const row = (opType: string, content = 'a=1', extInfo: string | null = null): HistoryRow => ({
  id: '1',
  dataId: 'd',
  group: 'g',
  tenant: '',
  opType,
  content,
  extInfo,
});

describe('history rows', () => {
  it('trims the padded opType', () => {
    expect(opTypeOf(row('I         '))).toBe('I');
    expect(opTypeLabel(row('U '))).toBe('Update');
    expect(opTypeOf(row('X'))).toBeNull();
  });

  it('reads the type from extInfo', () => {
    expect(historyType(row('U', '', '{"type":"yaml"}'))).toBe('yaml');
    expect(historyType(row('U', '', 'not json'))).toBeNull();
    expect(historyType(row('U'))).toBeNull();
  });
});

describe('rollbackPlan', () => {
  it('re-publishes the old content of U and D rows', () => {
    expect(rollbackPlan(row('U', 'old', '{"type":"json"}'), 'yaml')).toEqual({ action: 'publish', content: 'old', type: 'json' });
    expect(rollbackPlan(row('D', 'gone'), 'yaml')).toEqual({ action: 'publish', content: 'gone', type: 'yaml' });
    expect(rollbackPlan(row('D', 'gone'), null)).toEqual({ action: 'publish', content: 'gone', type: 'text' });
  });

  it('deletes for an I row', () => {
    expect(rollbackPlan(row('I         '), 'text')).toEqual({ action: 'delete' });
  });

  it('refuses blank content and unknown operations', () => {
    expect(rollbackPlan(row('U', '  '), 'text').action).toBe('none');
    expect(rollbackPlan(row('Z'), 'text').action).toBe('none');
  });
});
