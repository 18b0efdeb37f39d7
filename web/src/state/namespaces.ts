// The namespace list, loaded once and reloaded after namespace changes.

import type { Namespace } from '../api/types';
import { api } from './session';
import { createStore } from './store';

export interface NamespaceList {
  items: Namespace[];
  loading: boolean;
  error: string | null;
}

export const namespaces = createStore<NamespaceList>({ items: [], loading: false, error: null });

export async function reloadNamespaces(): Promise<void> {
  namespaces.set({ ...namespaces.get(), loading: true });
  try {
    const items = await api.namespaces.list();
    namespaces.set({ items, loading: false, error: null });
  } catch (e) {
    namespaces.set({ ...namespaces.get(), loading: false, error: (e as Error).message });
  }
}
