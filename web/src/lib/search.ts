// Turns the list page's search form into the v1 search parameters (nacos-protocol.md §4.5).
// Fuzzy ("blur") search has no implicit wildcards on the server, so the console wraps a term
// without `*` as `*term*`; a term that has `*` is sent as the user wrote it.

import type { ListState } from './route';

export interface SearchParams {
  mode: 'accurate' | 'blur';
  dataId: string;
  group: string;
  configTags: string;
  pageNo: number;
  pageSize: number;
}

export function fuzzyTerm(term: string): string {
  const t = term.trim();
  if (!t || t.includes('*')) return t;
  return `*${t}*`;
}

export function toSearchParams(l: ListState): SearchParams {
  const blur = l.mode === 'blur';
  return {
    mode: l.mode,
    dataId: blur ? fuzzyTerm(l.dataId) : l.dataId.trim(),
    group: blur ? fuzzyTerm(l.group) : l.group.trim(),
    configTags: l.tags.trim(),
    pageNo: l.pageNo,
    pageSize: l.pageSize,
  };
}

/** Page numbers to offer: first, last and a window around the current page; 0 marks a gap. */
export function pageWindow(current: number, total: number, radius = 2): number[] {
  if (total <= 1) return total === 1 ? [1] : [];
  const pages = new Set<number>([1, total]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= total) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] - sorted[i - 1] > 1) out.push(0);
    out.push(sorted[i]);
  }
  return out;
}
