// The editor's base extensions: a trimmed basicSetup (no autocompletion, Tab left to focus
// navigation so the page stays keyboard-usable).

import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, linter, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import type { Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { checkSyntax } from '../../lib/syntax';

export const baseTheme = EditorView.theme({
  '&': { fontSize: '13px', height: '100%' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
});

export function baseExtensions(): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    history(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap]),
    EditorView.lineWrapping,
    baseTheme,
  ];
}

/** Marks the syntax problem of the content (same check as before publish) in the editor. */
export function syntaxLinter(type: string): Extension {
  return [
    lintGutter(),
    linter(
      (view) => {
        const doc = view.state.doc;
        const r = checkSyntax(type, doc.toString());
        if (r.ok) return [];
        const lineNo = Math.min(Math.max(r.line ?? doc.lines, 1), doc.lines);
        const line = doc.line(lineNo);
        const from = Math.min(line.from + Math.max((r.column ?? 1) - 1, 0), line.to);
        const d: Diagnostic = { from, to: Math.max(from, line.to), severity: 'error', message: r.message };
        return [d];
      },
      { delay: 400 },
    ),
  ];
}

/** Replaces the whole document when it differs from `text` (an external reload or merge). */
export function replaceDoc(view: EditorView | null, text: string): void {
  if (!view) return;
  const doc = view.state.doc.toString();
  if (doc !== text) view.dispatch({ changes: { from: 0, to: doc.length, insert: text } });
}
