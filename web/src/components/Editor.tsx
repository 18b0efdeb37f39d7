// CodeMirror 6 editor for config content. The editor owns its document while the user types
// and reports every change; the parent replaces the document only by changing `version` (a
// read-only editor follows `value` directly). Syncing on every `value` instead would race: an
// effect that runs after the user typed again would push a stale value back.

import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useRef } from 'preact/hooks';
import { languageFor } from './codemirror/languages';
import { baseExtensions, replaceDoc, syntaxLinter } from './codemirror/setup';

export interface EditorProps {
  value: string;
  type: string;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+S inside the editor. */
  onSave?: () => void;
  label: string;
  autoFocus?: boolean;
  invalid?: boolean;
  /** Change it to replace the document with `value` (reload, merge). */
  version?: string | number;
}

export function Editor(props: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const editable = useRef(new Compartment());
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    const state = EditorState.create({
      doc: props.value,
      extensions: [
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              callbacks.current.onSave?.();
              return true;
            },
          },
        ]),
        ...baseExtensions(),
        language.current.of(langExt(props.type, !!props.readOnly)),
        editable.current.of(editableExt(!!props.readOnly)),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) callbacks.current.onChange?.(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
      ],
    });
    const v = new EditorView({ state, parent: host.current! });
    view.current = v;
    if (props.autoFocus) v.focus();
    return () => v.destroy();
  }, []);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        language.current.reconfigure(langExt(props.type, !!props.readOnly)),
        editable.current.reconfigure(editableExt(!!props.readOnly)),
      ],
    });
  }, [props.type, props.readOnly]);

  const syncKey = props.readOnly ? props.value : props.version;
  useEffect(() => replaceDoc(view.current, props.value), [syncKey]);

  return <div class={`editor${props.invalid ? ' invalid' : ''}`} ref={host} data-testid="editor" />;
}

function langExt(type: string, readOnly: boolean) {
  return readOnly ? languageFor(type) : [languageFor(type), syntaxLinter(type)];
}

function editableExt(readOnly: boolean) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}
