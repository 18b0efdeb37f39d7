// Config list: search, pagination, keyboard selection, delete, export, import and clone.
// Refreshes itself on live changes of the namespace.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConfigRow } from '../../api/types';
import { DeleteConfigDialog } from '../../components/DeleteConfigDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Pagination } from '../../components/Pagination';
import { EmptyState, Spinner } from '../../components/Status';
import { useKeys } from '../../components/useKeys';
import { namespaceLabel } from '../../lib/format';
import { moveSelection } from '../../lib/keys';
import { configRoute, type ListState, type Route } from '../../lib/route';
import { toSearchParams } from '../../lib/search';
import { onLiveChange } from '../../state/live';
import { href, navigate } from '../../state/router';
import { api } from '../../state/session';
import { useLoader } from '../../state/useLoader';
import { ConfigTable } from './ConfigTable';
import { SearchBar } from './SearchBar';
import { CloneDialog, ImportDialog } from './TransferDialogs';
import { downloadExport } from './exportZip';

type ListRoute = Extract<Route, { page: 'configs' }>;

export function ConfigListPage({ route }: { route: ListRoute }) {
  const { ns, list } = route;
  const query = toSearchParams(list);
  const page = useLoader((signal) => api.configs.search({ ...query, tenant: ns }, signal), [ns, JSON.stringify(query)]);
  const rows = page.data?.pageItems ?? [];
  const [selected, setSelected] = useState(-1);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const searchInput = useRef<HTMLInputElement>(null);
  const [dialog, setDialog] = useState<'import' | 'clone' | { delete: ConfigRow } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  useEffect(() => {
    setSelected(-1);
    setChecked(new Set());
  }, [ns]);

  // Live refresh, coalescing bursts of changes.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = onLiveChange((c) => {
      if (c && c.tenant !== ns) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => page.reload(true), 250);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [ns]);

  const go = (l: ListState) => navigate({ page: 'configs', ns, list: l });
  const current = selected >= 0 && selected < rows.length ? rows[selected] : null;
  const checkedRows = useMemo(() => rows.filter((r) => checked.has(r.id)), [rows, checked]);

  useKeys({
    // Focus now, not in an effect: the keys typed right after '/' must land in the field.
    '/': () => {
      searchInput.current?.focus();
      searchInput.current?.select();
    },
    j: () => setSelected((s) => moveSelection(s, 1, rows.length)),
    k: () => setSelected((s) => moveSelection(s, -1, rows.length)),
    ArrowDown: () => setSelected((s) => moveSelection(s, 1, rows.length)),
    ArrowUp: () => setSelected((s) => moveSelection(s, -1, rows.length)),
    Enter: () => current && navigate(configRoute(ns, current.dataId, current.group)),
    e: () => current && navigate(configRoute(ns, current.dataId, current.group, 'content', true)),
    h: () => current && navigate(configRoute(ns, current.dataId, current.group, 'history')),
    l: () => current && navigate(configRoute(ns, current.dataId, current.group, 'listeners')),
    n: () => navigate({ page: 'new', ns }),
    Delete: () => current && setDialog({ delete: current }),
  });

  useEffect(() => {
    document.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const doExport = async () => {
    setExportError(null);
    try {
      await downloadExport(ns, checkedRows.map((r) => r.id));
    } catch (e) {
      setExportError(e);
    }
  };

  const filtered = !!(list.dataId || list.group || list.tags);
  return (
    <section class="page" data-testid="config-list-page">
      <div class="page-head">
        <h1>Configs</h1>
        <span class="muted">in {namespaceLabel(ns)}</span>
        <div class="toolbar">
          <a class="button primary" href={href({ page: 'new', ns })} title="New config (n)">
            New config
          </a>
          <button onClick={doExport} title="Download the selected configs (or all of this namespace) as a zip">
            Export{checkedRows.length ? ` (${checkedRows.length})` : ''}
          </button>
          <button onClick={() => setDialog('import')}>Import</button>
          <button disabled={checkedRows.length === 0} onClick={() => setDialog('clone')} title="Select configs to clone">
            Clone{checkedRows.length ? ` (${checkedRows.length})` : ''}
          </button>
        </div>
      </div>
      <SearchBar list={list} onSearch={go} inputRef={searchInput} onLeave={() => setSelected(rows.length ? 0 : -1)} />
      <ErrorBanner error={exportError} />
      <ErrorBanner error={page.error} onRetry={() => page.reload()} />
      <div class="table-wrap">
        {page.loading && <Spinner />}
        {!page.loading && !page.error && rows.length === 0 && (
          <EmptyState title={filtered ? 'No config matches this search.' : `No configs in ${namespaceLabel(ns)} yet.`}>
            {filtered ? (
              <p>Fuzzy search matches parts of names; Exact needs the whole Data ID or group.</p>
            ) : (
              <a class="button primary" href={href({ page: 'new', ns })}>
                Create the first config
              </a>
            )}
          </EmptyState>
        )}
        {rows.length > 0 && (
          <ConfigTable
            ns={ns}
            rows={rows}
            selected={selected}
            checked={checked}
            onSelect={setSelected}
            onCheck={(id, on) => {
              const next = new Set(checked);
              if (on) next.add(id);
              else next.delete(id);
              setChecked(next);
            }}
            onCheckAll={(on) => setChecked(on ? new Set(rows.map((r) => r.id)) : new Set())}
            onDelete={(r) => setDialog({ delete: r })}
          />
        )}
      </div>
      {page.data && page.data.totalCount > 0 && (
        <Pagination
          pageNo={list.pageNo}
          pagesAvailable={page.data.pagesAvailable}
          totalCount={page.data.totalCount}
          pageSize={list.pageSize}
          onPage={(pageNo) => go({ ...list, pageNo })}
          onPageSize={(pageSize) => go({ ...list, pageSize, pageNo: 1 })}
        />
      )}
      {dialog === 'import' && <ImportDialog ns={ns} onClose={() => setDialog(null)} onDone={() => page.reload(true)} />}
      {dialog === 'clone' && <CloneDialog ns={ns} rows={checkedRows} onClose={() => setDialog(null)} />}
      {dialog && typeof dialog === 'object' && (
        <DeleteConfigDialog
          configKey={{ dataId: dialog.delete.dataId, group: dialog.delete.group, tenant: ns }}
          onClose={() => setDialog(null)}
          onDeleted={() => page.reload(true)}
        />
      )}
    </section>
  );
}
