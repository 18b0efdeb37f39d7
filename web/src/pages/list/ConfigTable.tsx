// The config rows, with a keyboard selection and checkboxes for export/clone.

import type { ConfigRow } from '../../api/types';
import { formatTime } from '../../lib/format';
import { configRoute } from '../../lib/route';
import { href } from '../../state/router';

export interface ConfigTableProps {
  ns: string;
  rows: ConfigRow[];
  selected: number;
  checked: Set<string>;
  onSelect: (index: number) => void;
  onCheck: (id: string, on: boolean) => void;
  onCheckAll: (on: boolean) => void;
  onDelete: (row: ConfigRow) => void;
}

export function ConfigTable(p: ConfigTableProps) {
  const allChecked = p.rows.length > 0 && p.rows.every((r) => p.checked.has(r.id));
  return (
    <table class="grid configs" data-testid="config-table">
      <thead>
        <tr>
          <th class="check">
            <input type="checkbox" aria-label="Select all" checked={allChecked} onChange={(e) => p.onCheckAll((e.target as HTMLInputElement).checked)} />
          </th>
          <th>Data ID</th>
          <th>Group</th>
          <th class="opt">Type</th>
          <th class="opt">Tags</th>
          <th class="opt">Modified</th>
          <th class="actions">Actions</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r, i) => (
          <tr
            key={r.id || `${r.group}/${r.dataId}`}
            class={i === p.selected ? 'selected' : ''}
            aria-selected={i === p.selected}
            onClick={() => p.onSelect(i)}
            data-testid="config-row"
          >
            <td class="check">
              <input type="checkbox" aria-label={`Select ${r.dataId}`} checked={p.checked.has(r.id)} onClick={(e) => e.stopPropagation()} onChange={(e) => p.onCheck(r.id, (e.target as HTMLInputElement).checked)} />
            </td>
            <td class="mono">
              <a href={href(configRoute(p.ns, r.dataId, r.group))}>{r.dataId}</a>
            </td>
            <td class="mono">{r.group}</td>
            <td class="opt">{r.type ? <span class="badge">{r.type}</span> : null}</td>
            <td class="opt">
              {(r.configTags ?? '')
                .split(',')
                .filter(Boolean)
                .map((t) => (
                  <span key={t} class="badge tag">
                    {t}
                  </span>
                ))}
            </td>
            <td class="opt muted">{formatTime(r.modifyTime)}</td>
            <td class="actions">
              <a href={href(configRoute(p.ns, r.dataId, r.group, 'content', true))}>Edit</a>
              <a href={href(configRoute(p.ns, r.dataId, r.group, 'history'))}>History</a>
              <a href={href(configRoute(p.ns, r.dataId, r.group, 'listeners'))}>Listeners</a>
              <button class="link danger" onClick={() => p.onDelete(r)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
