// Listener rows: which clients hold which md5, and whether that is the current one.

export interface ListenerRow {
  ip: string;
  md5: string;
  upToDate: boolean;
}

/** Sorted by IP; `currentMd5` null means the config does not exist (nobody is up to date). */
export function listenerRows(status: Record<string, string>, currentMd5: string | null): ListenerRow[] {
  return Object.entries(status)
    .map(([ip, md5]) => ({ ip, md5, upToDate: currentMd5 !== null && md5 === currentMd5 }))
    .sort((a, b) => compareIp(a.ip, b.ip));
}

function compareIp(a: string, b: string): number {
  const pa = a.split(/[.:]/).map(Number);
  const pb = b.split(/[.:]/).map(Number);
  if (pa.every(Number.isFinite) && pb.every(Number.isFinite)) {
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return pa.length - pb.length;
  }
  return a.localeCompare(b);
}
