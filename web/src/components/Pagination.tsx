// Page links and page size.

import { pageWindow } from '../lib/search';
import { PAGE_SIZES } from '../lib/route';

export interface PaginationProps {
  pageNo: number;
  pagesAvailable: number;
  totalCount: number;
  pageSize: number;
  onPage: (pageNo: number) => void;
  onPageSize?: (pageSize: number) => void;
}

export function Pagination(p: PaginationProps) {
  const pages = pageWindow(p.pageNo, p.pagesAvailable);
  return (
    <nav class="pagination" aria-label="Pages">
      <span class="muted">{p.totalCount} in all</span>
      <button disabled={p.pageNo <= 1} onClick={() => p.onPage(p.pageNo - 1)} aria-label="Previous page">
        ‹
      </button>
      {pages.map((n, i) =>
        n === 0 ? (
          <span key={`gap${i}`} class="muted">
            …
          </span>
        ) : (
          <button key={n} class={n === p.pageNo ? 'current' : ''} aria-current={n === p.pageNo ? 'page' : undefined} onClick={() => p.onPage(n)}>
            {n}
          </button>
        ),
      )}
      <button disabled={p.pageNo >= p.pagesAvailable} onClick={() => p.onPage(p.pageNo + 1)} aria-label="Next page">
        ›
      </button>
      {p.onPageSize && (
        <select aria-label="Page size" value={p.pageSize} onChange={(e) => p.onPageSize!(Number((e.target as HTMLSelectElement).value))}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s} / page
            </option>
          ))}
        </select>
      )}
    </nav>
  );
}
