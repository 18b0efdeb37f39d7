// Three-way merge of line-based text, used when a publish hits a CAS conflict: `base` is the
// version the editor started from, `mine` the user's edit, `theirs` the server's new version.
// Changes that touch different lines of `base` merge cleanly; overlapping ones are a conflict
// the user resolves in the diff view.

import { diffArrays, splitLines } from './diff';

/** A replaced range of base lines [start, end) and the lines that replace it. */
interface Change {
  start: number;
  end: number;
  lines: string[];
}

export type MergeResult = { ok: true; text: string } | { ok: false; conflicts: number };

function changesFrom(base: string[], other: string[]): Change[] {
  const changes: Change[] = [];
  let pos = 0;
  let current: Change | null = null;
  for (const op of diffArrays(base, other)) {
    if (op.op === 'equal') {
      if (current) changes.push(current);
      current = null;
      pos = op.a + op.lines.length;
      continue;
    }
    current ??= { start: pos, end: pos, lines: [] };
    if (op.op === 'delete') {
      current.end = op.a + op.lines.length;
      pos = current.end;
    } else {
      current.lines.push(...op.lines);
    }
  }
  if (current) changes.push(current);
  return changes;
}

// Changes conflict when their base ranges overlap or touch (like diff3, adjacent edits are not
// merged silently: the order of the combined lines is a guess).
function overlaps(x: Change, y: Change): boolean {
  return x.start <= y.end && y.start <= x.end;
}

function sameChange(x: Change, y: Change): boolean {
  return x.start === y.start && x.end === y.end && x.lines.join('\n') === y.lines.join('\n');
}

export function merge3(base: string, mine: string, theirs: string): MergeResult {
  if (mine === theirs) return { ok: true, text: mine };
  if (mine === base) return { ok: true, text: theirs };
  if (theirs === base) return { ok: true, text: mine };
  const baseLines = splitLines(base);
  const a = changesFrom(baseLines, splitLines(mine));
  const b = changesFrom(baseLines, splitLines(theirs));
  const all: Change[] = [];
  let conflicts = 0;
  for (const x of a) {
    const clash = b.filter((y) => overlaps(x, y));
    if (clash.some((y) => !sameChange(x, y))) conflicts++;
  }
  if (conflicts > 0) return { ok: false, conflicts };
  all.push(...a);
  for (const y of b) if (!a.some((x) => sameChange(x, y))) all.push(y);
  all.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: string[] = [];
  let pos = 0;
  for (const c of all) {
    out.push(...baseLines.slice(pos, c.start), ...c.lines);
    pos = c.end;
  }
  out.push(...baseLines.slice(pos));
  return { ok: true, text: out.join('\n') };
}
