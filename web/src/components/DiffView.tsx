// Side-by-side diff (unified on narrow windows) of two versions, on @codemirror/merge.
// With `editable`, the right side can be edited and the arrows copy chunks from the left:
// that is how a conflict is merged by hand.

import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState } from 'preact/hooks';
import { languageFor } from './codemirror/languages';
import { baseExtensions, replaceDoc } from './codemirror/setup';

export interface DiffViewProps {
  original: string;
  modified: string;
  type: string;
  originalLabel: string;
  modifiedLabel: string;
  editable?: boolean;
  onChange?: (modified: string) => void;
  /** For an editable view: change it to replace the right side with `modified`. */
  modifiedVersion?: number;
}

const NARROW = 640;

export function DiffView(props: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const modifiedView = useRef<EditorView | null>(null);
  const [unified, setUnified] = useState(false);

  useEffect(() => {
    const parent = host.current!;
    const common = [...baseExtensions(), languageFor(props.type)];
    const listen = EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange.current?.(u.state.doc.toString());
    });
    const ro = [EditorState.readOnly.of(true), EditorView.editable.of(false)];
    const modExt = props.editable ? [listen] : ro;
    const narrow = parent.clientWidth < NARROW;
    setUnified(narrow);
    if (narrow) {
      const v = new EditorView({
        parent,
        doc: props.modified,
        extensions: [...common, ...modExt, unifiedMergeView({ original: props.original, mergeControls: !!props.editable })],
      });
      modifiedView.current = v;
      return () => v.destroy();
    }
    const mv = new MergeView({
      parent,
      a: { doc: props.original, extensions: [...common, ...ro] },
      b: { doc: props.modified, extensions: [...common, ...modExt] },
      revertControls: props.editable ? 'a-to-b' : undefined,
      highlightChanges: true,
      gutter: true,
      collapseUnchanged: { margin: 3, minSize: 8 },
    });
    modifiedView.current = mv.b;
    return () => mv.destroy();
    // The view is rebuilt when the compared texts are replaced from outside.
  }, [props.original, props.type, props.editable]);

  // Like Editor: an editable side is replaced only on a new version, never echoed back.
  const syncKey = props.editable ? props.modifiedVersion : props.modified;
  useEffect(() => replaceDoc(modifiedView.current, props.modified), [syncKey]);

  return (
    <div class="diff" data-testid="diff">
      <div class={`diff-labels${unified ? ' unified' : ''}`}>
        <span class="del">{unified ? `− ${props.originalLabel}` : props.originalLabel}</span>
        <span class="ins">{unified ? `+ ${props.modifiedLabel}` : props.modifiedLabel}</span>
      </div>
      <div class="diff-body" ref={host} />
    </div>
  );
}
