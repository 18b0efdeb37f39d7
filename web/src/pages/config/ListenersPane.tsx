// Which clients listen to the config, the md5 each holds, and whether it is the current one.

import { useEffect } from 'preact/hooks';
import type { ConfigDetail, ConfigKey } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { EmptyState, Spinner } from '../../components/Status';
import { concerns } from '../../lib/configKey';
import { listenerRows } from '../../lib/listeners';
import { onLiveChange } from '../../state/live';
import { api } from '../../state/session';
import { useLoader } from '../../state/useLoader';

const REFRESH_MS = 5000;

export function ListenersPane({ configKey, current }: { configKey: ConfigKey; current: ConfigDetail | null }) {
  const status = useLoader((signal) => api.listeners.ofConfig(configKey, signal), []);

  useEffect(() => {
    const timer = setInterval(() => status.reload(true), REFRESH_MS);
    const off = onLiveChange((c) => concerns(c, configKey) && status.reload(true));
    return () => {
      clearInterval(timer);
      off();
    };
  }, []);

  if (status.loading && !status.data) return <Spinner />;
  const rows = listenerRows(status.data ?? {}, current?.md5 ?? null);
  const upToDate = rows.filter((r) => r.upToDate).length;
  return (
    <div class="listeners" data-testid="listeners-pane">
      <ErrorBanner error={status.error} onRetry={() => status.reload()} />
      <div class="toolbar">
        <span class="muted">
          {rows.length} client{rows.length === 1 ? '' : 's'} listening, {upToDate} up to date. Current md5{' '}
          <span class="mono">{current?.md5 ?? '(config absent)'}</span>. Refreshes every {REFRESH_MS / 1000} s.
        </span>
        <button onClick={() => status.reload()}>Refresh</button>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No client listens to this config right now.">
          <p>Clients appear here while they watch it (gRPC or HTTP long-poll).</p>
        </EmptyState>
      ) : (
        <table class="grid" data-testid="listeners-table">
          <thead>
            <tr>
              <th>Client IP</th>
              <th>MD5 held</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.ip} data-testid="listener-row">
                <td class="mono">{r.ip}</td>
                <td class="mono">{r.md5 || '(none)'}</td>
                <td>
                  <span class={`badge ${r.upToDate ? 'ok' : 'stale'}`}>{r.upToDate ? 'up to date' : 'stale'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
