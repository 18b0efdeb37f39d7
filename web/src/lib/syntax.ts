// Client-side syntax check of config content by type, run before publish. The server stores
// any text; this only catches mistakes before a pipeline reads a broken config.

import { XMLValidator } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { parseAllDocuments } from 'yaml';

export interface SyntaxProblem {
  message: string;
  /** 1-based line and column, when the parser reports them. */
  line?: number;
  column?: number;
}

export type SyntaxResult = { ok: true } | ({ ok: false } & SyntaxProblem);

/** Types that get a check; others (text, html, unknown) always pass. */
export const CHECKED_TYPES = ['json', 'yaml', 'xml', 'properties', 'toml'] as const;

export function checkSyntax(type: string, content: string): SyntaxResult {
  switch (type) {
    case 'json':
      return checkJson(content);
    case 'yaml':
      return checkYaml(content);
    case 'xml':
      return checkXml(content);
    case 'properties':
      return checkProperties(content);
    case 'toml':
      return checkToml(content);
    default:
      return { ok: true };
  }
}

export function checkJson(content: string): SyntaxResult {
  try {
    JSON.parse(content);
    return { ok: true };
  } catch (e) {
    const message = (e as Error).message;
    const lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return { ok: false, message, line: Number(lc[1]), column: Number(lc[2]) };
    const pos = /position (\d+)/.exec(message);
    if (pos) return { ok: false, message, ...lineColumnAt(content, Number(pos[1])) };
    // Empty or truncated input: point at the end.
    return { ok: false, message, ...lineColumnAt(content, content.length) };
  }
}

export function checkYaml(content: string): SyntaxResult {
  const docs = parseAllDocuments(content, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const at = err.linePos?.[0] ?? lineColumnAt(content, err.pos[0]);
      const first = err.message.split('\n')[0];
      return { ok: false, message: first, line: at.line, column: 'col' in at ? at.col : at.column };
    }
  }
  return { ok: true };
}

export function checkXml(content: string): SyntaxResult {
  const res = XMLValidator.validate(content, { allowBooleanAttributes: true });
  if (res === true) return { ok: true };
  return { ok: false, message: res.err.msg, line: res.err.line, column: res.err.col };
}

export function checkToml(content: string): SyntaxResult {
  try {
    parseToml(content);
    return { ok: true };
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    const message = err.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    return { ok: false, message, line: err.line, column: err.column };
  }
}

/**
 * Java .properties accept almost any line; what breaks java.util.Properties#load is a
 * malformed `\uXXXX` escape, so that is what is checked (continuation lines included).
 */
export function checkProperties(content: string): SyntaxResult {
  const lines = content.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*[#!]/.test(line)) continue;
    const re = /\\(\\|u(.{0,4}))/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) {
      if (m[1] === '\\') continue;
      if (!/^[0-9a-fA-F]{4}$/.test(m[2])) {
        return { ok: false, message: 'Malformed \\uXXXX escape', line: i + 1, column: m.index + 1 };
      }
    }
  }
  return { ok: true };
}

/** 1-based line and column of a 0-based character offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** "line 3, column 7: message" for display. */
export function describeProblem(p: SyntaxProblem): string {
  if (p.line === undefined) return p.message;
  return `Line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}: ${p.message}`;
}
