// Namespace management (§7): list, create, rename, delete, and switch to one.

import { useState } from 'preact/hooks';
import type { Namespace } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { EmptyState, Spinner } from '../components/Status';
import { namespaceLabel } from '../lib/format';
import { configsRoute, type Route } from '../lib/route';
import { namespaces, reloadNamespaces } from '../state/namespaces';
import { href, navigate } from '../state/router';
import { api } from '../state/session';
import { useStore } from '../state/store';
import { toast } from '../state/toast';
import { NamespaceForm } from './NamespaceForm';

export function NamespacesPage({ route }: { route: Extract<Route, { page: 'namespaces' }> }) {
  const list = useStore(namespaces);
  const [editing, setEditing] = useState<Namespace | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Namespace | null>(null);

  return (
    <section class="page" data-testid="namespaces-page">
      <div class="page-head">
        <h1>Namespaces</h1>
        <div class="toolbar">
          <button class="primary" onClick={() => setEditing('new')} data-testid="new-namespace">
            New namespace
          </button>
        </div>
      </div>
      {editing === 'new' && (
        <NamespaceForm
          onCancel={() => setEditing(null)}
          onSave={async (ns) => {
            await api.namespaces.create(ns);
            toast(`Created namespace ${ns.name}`);
            setEditing(null);
            await reloadNamespaces();
          }}
        />
      )}
      <ErrorBanner error={list.error} onRetry={reloadNamespaces} />
      {list.loading && list.items.length === 0 && <Spinner />}
      {!list.loading && !list.error && list.items.length === 0 && <EmptyState title="The server lists no namespaces." />}
      {list.items.length > 0 && (
        <table class="grid" data-testid="namespace-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>ID</th>
              <th class="opt">Description</th>
              <th>Configs</th>
              <th class="actions">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((n) =>
              editing !== 'new' && editing?.namespace === n.namespace ? (
                <tr key={n.namespace}>
                  <td colSpan={5}>
                    <NamespaceForm
                      existing={n}
                      onCancel={() => setEditing(null)}
                      onSave={async (ns) => {
                        await api.namespaces.update(ns);
                        toast(`Saved namespace ${ns.name}`);
                        setEditing(null);
                        await reloadNamespaces();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={n.namespace} class={n.namespace === route.ns ? 'selected' : ''} data-testid="namespace-row">
                  <td>{namespaceLabel(n.namespace, n.namespaceShowName)}</td>
                  <td class="mono">{n.namespace || '(public)'}</td>
                  <td class="opt">{n.namespaceDesc}</td>
                  <td>
                    {n.configCount ?? '—'}
                    {n.quota ? <span class="muted"> / {n.quota}</span> : null}
                  </td>
                  <td class="actions">
                    <a href={href(configsRoute(n.namespace))}>Open</a>
                    {n.namespace !== '' && (
                      <>
                        <button class="link" onClick={() => setEditing(n)}>
                          Edit
                        </button>
                        <button class="link danger" onClick={() => setDeleting(n)}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete namespace"
          confirmLabel="Delete"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.namespaces.remove(deleting.namespace);
            toast(`Deleted namespace ${deleting.namespaceShowName}`);
            await reloadNamespaces();
            if (route.ns === deleting.namespace) navigate({ page: 'namespaces', ns: '' });
          }}
        >
          <p>
            Delete namespace <b>{namespaceLabel(deleting.namespace, deleting.namespaceShowName)}</b> (<span class="mono">{deleting.namespace}</span>)? Its{' '}
            {deleting.configCount ?? ''} configs are not deleted, but they are no longer listed under a namespace.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
