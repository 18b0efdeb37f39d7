import { describe, expect, it } from 'vitest';
import { checkSyntax, describeProblem, lineColumnAt } from './syntax';

describe('checkSyntax', () => {
  it('accepts valid content of every checked type', () => {
    expect(checkSyntax('json', '{"a": [1, 2]}').ok).toBe(true);
    expect(checkSyntax('yaml', 'a: 1\nb:\n  - x\n---\nc: 2\n').ok).toBe(true);
    expect(checkSyntax('xml', '<a x="1"><b/></a>').ok).toBe(true);
    expect(checkSyntax('properties', 'a=1\nb = caf\\u00e9\n# \\uZZ comment\n').ok).toBe(true);
    expect(checkSyntax('toml', 'a = 1\n[t]\nb = "x"\n').ok).toBe(true);
  });

  it('passes text, html and unknown types unchecked', () => {
    expect(checkSyntax('text', '{{{').ok).toBe(true);
    expect(checkSyntax('html', '<div>').ok).toBe(true);
    expect(checkSyntax('whatever', '<<<').ok).toBe(true);
  });

  it('locates a JSON error', () => {
    const r = checkSyntax('json', '{\n  "a": 1,\n  "b" 2\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(3);
  });

  it('reports empty JSON', () => {
    expect(checkSyntax('json', '').ok).toBe(false);
  });

  it('locates a YAML error', () => {
    const r = checkSyntax('yaml', 'a: 1\nb: [1, 2\nc: 3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate YAML keys', () => {
    expect(checkSyntax('yaml', 'a: 1\na: 2\n').ok).toBe(false);
  });

  it('locates an XML error', () => {
    const r = checkSyntax('xml', '<a>\n  <b></c>\n</a>');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(2);
  });

  it('locates a TOML error', () => {
    const r = checkSyntax('toml', 'a = 1\nb = \n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(2);
  });

  it('finds a malformed \\u escape in properties', () => {
    const r = checkSyntax('properties', 'a=1\nb=\\u12G4\n');
    expect(r).toMatchObject({ ok: false, line: 2, column: 3 });
  });

  it('accepts an escaped backslash followed by u', () => {
    expect(checkSyntax('properties', 'path=C:\\\\users').ok).toBe(true);
  });
});

describe('helpers', () => {
  it('lineColumnAt counts 1-based', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
  it('describeProblem', () => {
    expect(describeProblem({ message: 'bad', line: 2, column: 5 })).toBe('Line 2, column 5: bad');
    expect(describeProblem({ message: 'bad' })).toBe('bad');
  });
});
