// Identity of a config across the console.

import type { ConfigKey } from '../api/types';

/**
 * Whether a live change concerns `key`. A null change ("something may have changed", sent by
 * the polling fallback and after a reconnect) concerns every key.
 */
export function concerns(change: ConfigKey | null, key: ConfigKey): boolean {
  return change === null || (change.dataId === key.dataId && change.group === key.group && change.tenant === key.tenant);
}
