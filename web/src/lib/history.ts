// History rows and rollback (nacos-protocol.md §2.3, §4.7). An `I` row holds the content the
// config was created with; `U` and `D` rows hold the content as it was before that change.

import type { HistoryRow } from '../api/types';

export type OpType = 'I' | 'U' | 'D';

export function opTypeOf(row: Pick<HistoryRow, 'opType'>): OpType | null {
  const t = (row.opType ?? '').trim().toUpperCase();
  return t === 'I' || t === 'U' || t === 'D' ? t : null;
}

export function opTypeLabel(row: Pick<HistoryRow, 'opType'>): string {
  switch (opTypeOf(row)) {
    case 'I':
      return 'Create';
    case 'U':
      return 'Update';
    case 'D':
      return 'Delete';
    default:
      return row.opType?.trim() || '?';
  }
}

/** The type recorded with a history row (`extInfo` `{"type":"yaml"}`), if any. */
export function historyType(row: Pick<HistoryRow, 'extInfo'>): string | null {
  if (!row.extInfo) return null;
  try {
    const info = JSON.parse(row.extInfo) as { type?: unknown };
    return typeof info.type === 'string' && info.type ? info.type : null;
  } catch {
    return null;
  }
}

export type RollbackPlan =
  | { action: 'publish'; content: string; type: string }
  | { action: 'delete' }
  | { action: 'none'; reason: string };

/**
 * What rolling back to a row does, as the Nacos console does it: re-publish the row's content,
 * or delete the config when the row records its creation (`I`) — undoing the insert.
 */
export function rollbackPlan(row: HistoryRow, currentType: string | null): RollbackPlan {
  const op = opTypeOf(row);
  if (op === 'I') return { action: 'delete' };
  if (op === null) return { action: 'none', reason: `Unknown operation '${row.opType}'.` };
  const content = row.content ?? '';
  if (!content.trim()) return { action: 'none', reason: 'This version has no content to restore.' };
  return { action: 'publish', content, type: historyType(row) ?? currentType ?? 'text' };
}

export function describeRollback(plan: RollbackPlan, dataId: string): string {
  switch (plan.action) {
    case 'publish':
      return `Publish this version's content as the current content of ${dataId}.`;
    case 'delete':
      return `This version records the creation of ${dataId}; rolling it back deletes the config.`;
    default:
      return plan.reason;
  }
}
