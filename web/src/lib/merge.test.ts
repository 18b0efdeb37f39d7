import { describe, expect, it } from 'vitest';
import { merge3 } from './merge';

const base = 'a=1\nb=2\nc=3\nd=4\ne=5';

describe('merge3', () => {
  it('takes the only side that changed', () => {
    expect(merge3(base, base, 'x')).toEqual({ ok: true, text: 'x' });
    expect(merge3(base, 'y', base)).toEqual({ ok: true, text: 'y' });
    expect(merge3(base, 'z', 'z')).toEqual({ ok: true, text: 'z' });
  });

  it('merges edits of distant lines', () => {
    const mine = 'a=10\nb=2\nc=3\nd=4\ne=5';
    const theirs = 'a=1\nb=2\nc=3\nd=4\ne=50';
    expect(merge3(base, mine, theirs)).toEqual({ ok: true, text: 'a=10\nb=2\nc=3\nd=4\ne=50' });
  });

  it('merges an insertion with a distant edit', () => {
    const mine = 'a=1\nb=2\nc=3\nd=4\ne=5\nf=6';
    const theirs = 'a=0\nb=2\nc=3\nd=4\ne=5';
    expect(merge3(base, mine, theirs)).toEqual({ ok: true, text: 'a=0\nb=2\nc=3\nd=4\ne=5\nf=6' });
  });

  it('reports overlapping edits as a conflict', () => {
    const mine = 'a=1\nb=2\nc=30\nd=4\ne=5';
    const theirs = 'a=1\nb=2\nc=300\nd=4\ne=5';
    expect(merge3(base, mine, theirs)).toEqual({ ok: false, conflicts: 1 });
  });

  it('reports adjacent edits as a conflict', () => {
    const mine = 'a=1\nb=20\nc=3\nd=4\ne=5';
    const theirs = 'a=1\nb=2\nc=30\nd=4\ne=5';
    expect(merge3(base, mine, theirs).ok).toBe(false);
  });

  it('accepts the same edit made on both sides', () => {
    const both = 'a=1\nb=2\nc=33\nd=4\ne=5';
    const mine = 'a=11\nb=2\nc=33\nd=4\ne=5';
    expect(merge3(base, mine, both)).toEqual({ ok: true, text: mine });
  });
});
