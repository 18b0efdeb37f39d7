// Export downloads through fetch (not a plain link) so a failure shows as an error, not as a
// broken file.

import { api } from '../../state/session';

export async function downloadExport(tenant: string, ids: string[]): Promise<void> {
  const { blob, filename } = await api.configs.exportZip({ tenant, ids });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename ?? `lever_config_export_${tenant || 'public'}.zip`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
