// Line diff (Myers' O(ND) algorithm) used for change summaries and the three-way merge.
// The side-by-side view itself is @codemirror/merge; this is the model the console reasons on.

export type DiffOp =
  | { op: 'equal'; a: number; b: number; lines: string[] }
  | { op: 'delete'; a: number; lines: string[] }
  | { op: 'insert'; b: number; lines: string[] };

export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/\r?\n/);
}

/** Edit script turning `a` into `b`, as runs of equal, deleted and inserted lines. */
export function diffLines(a: string, b: string): DiffOp[] {
  return diffArrays(splitLines(a), splitLines(b));
}

export function diffArrays(a: string[], b: string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to (0, 0), collecting single-line steps.
  const steps: Array<['equal' | 'delete' | 'insert', number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push(['equal', --x, --y]);
    }
    if (d === 0) break;
    if (x === prevX) steps.push(['insert', x, --y]);
    else steps.push(['delete', --x, y]);
  }
  while (x > 0 && y > 0) steps.push(['equal', --x, --y]);
  steps.reverse();
  return groupSteps(steps, a, b);
}

function groupSteps(steps: Array<['equal' | 'delete' | 'insert', number, number]>, a: string[], b: string[]): DiffOp[] {
  const ops: DiffOp[] = [];
  for (const [kind, ai, bi] of steps) {
    const last = ops[ops.length - 1];
    if (last && last.op === kind) {
      last.lines.push(kind === 'insert' ? b[bi] : a[ai]);
      continue;
    }
    if (kind === 'equal') ops.push({ op: 'equal', a: ai, b: bi, lines: [a[ai]] });
    else if (kind === 'delete') ops.push({ op: 'delete', a: ai, lines: [a[ai]] });
    else ops.push({ op: 'insert', b: bi, lines: [b[bi]] });
  }
  return ops;
}

export interface DiffStats {
  added: number;
  removed: number;
}

export function diffStats(a: string, b: string): DiffStats {
  let added = 0;
  let removed = 0;
  for (const op of diffLines(a, b)) {
    if (op.op === 'insert') added += op.lines.length;
    else if (op.op === 'delete') removed += op.lines.length;
  }
  return { added, removed };
}

/** "+3 −1", or "no changes". */
export function describeStats(s: DiffStats): string {
  if (s.added === 0 && s.removed === 0) return 'no changes';
  return `+${s.added} −${s.removed}`;
}
