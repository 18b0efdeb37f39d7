// History of a config: the versions, the diff of any of them against the current content,
// and rollback.

import { useEffect, useState } from 'preact/hooks';
import type { ConfigDetail, ConfigKey, HistoryRow } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DiffView } from '../../components/DiffView';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Pagination } from '../../components/Pagination';
import { EmptyState, Spinner } from '../../components/Status';
import { useKeys } from '../../components/useKeys';
import { concerns } from '../../lib/configKey';
import { formatTime } from '../../lib/format';
import { describeRollback, opTypeLabel, opTypeOf, rollbackPlan } from '../../lib/history';
import { moveSelection } from '../../lib/keys';
import { onLiveChange } from '../../state/live';
import { api } from '../../state/session';
import { toast } from '../../state/toast';
import { useLoader } from '../../state/useLoader';

const PAGE_SIZE = 20;

export interface HistoryPaneProps {
  configKey: ConfigKey;
  current: ConfigDetail | null;
  onChanged: () => void;
}

function versionLabel(row: HistoryRow): string {
  const at = formatTime(row.lastModifiedTime ?? row.createdTime);
  switch (opTypeOf(row)) {
    case 'I':
      return `#${row.id}: as created ${at}`;
    case 'U':
      return `#${row.id}: before the update of ${at}`;
    case 'D':
      return `#${row.id}: before the delete of ${at}`;
    default:
      return `#${row.id}`;
  }
}

export function HistoryPane({ configKey, current, onChanged }: HistoryPaneProps) {
  const [pageNo, setPageNo] = useState(1);
  const list = useLoader((signal) => api.history.list(configKey, pageNo, PAGE_SIZE, signal), [pageNo]);
  const rows = list.data?.pageItems ?? [];
  const [selected, setSelected] = useState(0);
  const [confirm, setConfirm] = useState(false);
  const row = rows[selected] ?? null;
  const version = useLoader((signal) => (row ? api.history.get(configKey, row.id, signal) : Promise.resolve(null)), [row?.id]);

  useEffect(() => onLiveChange((c) => concerns(c, configKey) && list.reload(true)), []);

  useKeys({
    j: () => setSelected((s) => moveSelection(s, 1, rows.length)),
    k: () => setSelected((s) => moveSelection(s, -1, rows.length)),
    ArrowDown: () => setSelected((s) => moveSelection(s, 1, rows.length)),
    ArrowUp: () => setSelected((s) => moveSelection(s, -1, rows.length)),
  });

  if (list.loading && !list.data) return <Spinner />;
  if (list.error) return <ErrorBanner error={list.error} onRetry={() => list.reload()} />;
  if (rows.length === 0) return <EmptyState title="No history yet." />;

  const v = version.data ?? null;
  const plan = v ? rollbackPlan(v, current?.type ?? null) : null;
  return (
    <div class="history" data-testid="history-pane">
      <div class="history-list">
        <table class="grid">
          <thead>
            <tr>
              <th>#</th>
              <th>Change</th>
              <th>When</th>
              <th class="opt">By</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id} class={i === selected ? 'selected' : ''} aria-selected={i === selected} onClick={() => setSelected(i)} data-testid="history-row">
                <td class="mono">{r.id}</td>
                <td>
                  <span class={`badge op-${opTypeOf(r) ?? 'x'}`}>{opTypeLabel(r)}</span>
                </td>
                <td>{formatTime(r.lastModifiedTime ?? r.createdTime)}</td>
                <td class="opt">{[r.srcUser, r.srcIp].filter(Boolean).join(' @ ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.pagesAvailable > 1 && (
          <Pagination pageNo={pageNo} pagesAvailable={list.data.pagesAvailable} totalCount={list.data.totalCount} pageSize={PAGE_SIZE} onPage={setPageNo} />
        )}
      </div>
      <div class="history-detail">
        <ErrorBanner error={version.error} onRetry={() => version.reload()} />
        {version.loading && <Spinner />}
        {v && !version.loading && (
          <>
            <div class="toolbar">
              <span class="muted">{opTypeOf(v) === 'I' ? 'Content when created' : 'Content before this change'}, compared with the current content</span>
              <button class="primary" disabled={plan?.action === 'none'} onClick={() => setConfirm(true)} data-testid="rollback">
                Roll back to this version
              </button>
            </div>
            <DiffView
              original={v.content ?? ''}
              modified={current?.content ?? ''}
              type={current?.type || 'text'}
              originalLabel={versionLabel(v)}
              modifiedLabel={current ? 'Current' : 'Current (deleted)'}
            />
          </>
        )}
      </div>
      {confirm && v && plan && (
        <ConfirmDialog
          title={`Roll back ${configKey.dataId}`}
          confirmLabel={plan.action === 'delete' ? 'Delete config' : 'Publish this version'}
          danger={plan.action === 'delete'}
          onClose={() => setConfirm(false)}
          onConfirm={async () => {
            if (plan.action === 'delete') await api.configs.remove(configKey);
            else if (plan.action === 'publish') {
              await api.configs.publish({
                ...configKey,
                content: plan.content,
                type: plan.type,
                desc: current?.desc ?? '',
                configTags: current?.configTags ?? '',
                appName: current?.appName ?? v.appName ?? '',
                casMd5: current?.md5,
              });
            }
            toast(`Rolled back ${configKey.dataId} to #${v.id}`);
            onChanged();
            list.reload(true);
            setSelected(0);
          }}
        >
          <p>{describeRollback(plan, configKey.dataId)}</p>
          <p class="muted">If someone changed the config since you opened this page, the rollback is refused; reload and try again.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
