import { describe, expect, it } from 'vitest';
import { describeStats, diffLines, diffStats, splitLines, type DiffOp } from './diff';

function apply(ops: DiffOp[]): string {
  const out: string[] = [];
  for (const op of ops) if (op.op !== 'delete') out.push(...op.lines);
  return out.join('\n');
}

function original(ops: DiffOp[]): string {
  const out: string[] = [];
  for (const op of ops) if (op.op !== 'insert') out.push(...op.lines);
  return out.join('\n');
}

describe('diffLines', () => {
  it('finds no changes in equal text', () => {
    expect(diffLines('a\nb', 'a\nb')).toEqual([{ op: 'equal', a: 0, b: 0, lines: ['a', 'b'] }]);
  });

  it('handles empty sides', () => {
    expect(diffLines('', 'x\ny')).toEqual([{ op: 'insert', b: 0, lines: ['x', 'y'] }]);
    expect(diffLines('x', '')).toEqual([{ op: 'delete', a: 0, lines: ['x'] }]);
    expect(diffLines('', '')).toEqual([]);
  });

  it('describes a one-line change minimally', () => {
    const ops = diffLines('a=1\nb=2\nc=3', 'a=1\nb=20\nc=3');
    expect(ops.map((o) => o.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(diffStats('a=1\nb=2\nc=3', 'a=1\nb=20\nc=3')).toEqual({ added: 1, removed: 1 });
  });

  it('round-trips on random edits', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 200; i++) {
      const a = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('\n');
      const b = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('\n');
      const ops = diffLines(a, b);
      expect(apply(ops)).toBe(splitLines(b).join('\n'));
      expect(original(ops)).toBe(splitLines(a).join('\n'));
    }
  });

  it('ignores CRLF versus LF', () => {
    expect(diffStats('a\r\nb', 'a\nb')).toEqual({ added: 0, removed: 0 });
  });
});

describe('describeStats', () => {
  it('formats', () => {
    expect(describeStats({ added: 0, removed: 0 })).toBe('no changes');
    expect(describeStats({ added: 3, removed: 1 })).toBe('+3 −1');
  });
});
