// Display formatting.

/** Epoch milliseconds or an ISO string as local "YYYY-MM-DD HH:mm:ss"; "" when absent. */
export function formatTime(t: number | string | null | undefined): string {
  if (t === null || t === undefined || t === '') return '';
  const d = typeof t === 'number' ? new Date(t) : new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The public namespace has id ""; show it by name. */
export function namespaceLabel(id: string, name?: string | null): string {
  if (name) return name;
  return id === '' ? 'public' : id;
}

export function shortMd5(md5: string | null | undefined): string {
  return md5 ? md5.slice(0, 8) : '—';
}
