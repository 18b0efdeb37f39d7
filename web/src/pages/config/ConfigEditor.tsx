// Editing and creating a config. Publishing always goes through the diff dialog and carries
// the md5 the editor started from (casMd5), so a concurrent edit surfaces as a conflict instead
// of being overwritten.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import type { ConfigDetail, ConfigKey } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Editor } from '../../components/Editor';
import { EmptyState } from '../../components/Status';
import { useKeys } from '../../components/useKeys';
import { configRoute, configsRoute } from '../../lib/route';
import { checkSyntax, describeProblem, type SyntaxProblem } from '../../lib/syntax';
import { hasErrors, normalizeTags, validateConfigForm, type FieldErrors } from '../../lib/validation';
import { blockedLeave, navigate, resolveBlockedLeave, setLeaveGuard } from '../../state/router';
import { useStore } from '../../state/store';
import { api } from '../../state/session';
import { toast } from '../../state/toast';
import { ConflictDialog } from './ConflictDialog';
import { MetaFields, type Draft } from './MetaFields';
import { PublishDialog } from './PublishDialog';

export interface ConfigEditorProps {
  ns: string;
  /** null when creating. */
  configKey: ConfigKey | null;
  /** The server's version now (kept current by the live feed). */
  detail: ConfigDetail | null;
  onReload: () => void;
}

function draftOf(d: ConfigDetail | null, key: ConfigKey | null): Draft {
  return {
    dataId: d?.dataId ?? key?.dataId ?? '',
    group: d?.group ?? key?.group ?? 'DEFAULT_GROUP',
    type: d?.type || (d ? 'text' : 'properties'),
    desc: d?.desc ?? '',
    tags: d?.configTags ?? '',
    appName: d?.appName ?? '',
    content: d?.content ?? '',
  };
}

type Dialog = 'publish' | 'conflict' | 'discard' | null;

export function ConfigEditor({ ns, configKey, detail, onReload }: ConfigEditorProps) {
  const isNew = configKey === null;
  // What the edit started from; it changes only on "load theirs".
  const [base, setBase] = useState<ConfigDetail | null>(detail);
  const [draft, setDraft] = useState<Draft>(() => draftOf(detail, configKey));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [syntax, setSyntax] = useState<SyntaxProblem | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [theirs, setTheirs] = useState<ConfigDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [publishError, setPublishError] = useState<unknown>(null);
  // Bumped when the document is replaced from outside the editor ("load theirs").
  const [docVersion, setDocVersion] = useState(0);

  const baseDraft = draftOf(base, configKey);
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseDraft);
  const movedOn = !isNew && detail !== null && base !== null && detail.md5 !== base.md5;
  const deletedMeanwhile = !isNew && base !== null && detail === null;

  // Unsaved work is never dropped silently: not by a link, the back button or closing the tab.
  const leaving = useRef(false);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => setLeaveGuard(() => leaving.current || !dirtyRef.current), []);
  const blocked = useStore(blockedLeave);

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const cleared = { ...errors };
    for (const k of Object.keys(patch)) delete cleared[(k === 'tags' ? 'configTags' : k) as keyof FieldErrors];
    setErrors(cleared);
    if ('content' in patch || 'type' in patch) setSyntax(null);
  };

  const review = (skipSyntax = false) => {
    const errs = validateConfigForm(draft);
    setErrors(errs);
    if (hasErrors(errs)) return;
    const check = checkSyntax(draft.type, draft.content);
    if (!check.ok && !skipSyntax) {
      setSyntax(check);
      return;
    }
    setPublishError(null);
    setDialog('publish');
  };

  const leave = () => {
    leaving.current = true;
    if (isNew) navigate(configsRoute(ns));
    else navigate(configRoute(ns, configKey.dataId, configKey.group));
  };

  const publish = async (content: string, casMd5: string | undefined) => {
    setBusy(true);
    setPublishError(null);
    const key = { dataId: draft.dataId.trim(), group: draft.group.trim(), tenant: ns };
    try {
      if (isNew && (await api.configs.detail(key))) {
        setErrors({ dataId: `A config ${key.dataId} already exists in group ${key.group}.` });
        setDialog(null);
        return;
      }
      await api.configs.publish({ ...key, content, type: draft.type, desc: draft.desc, configTags: normalizeTags(draft.tags), appName: draft.appName, casMd5 });
      toast(`Published ${key.dataId}`);
      leaving.current = true;
      setDialog(null);
      onReload();
      navigate(configRoute(ns, key.dataId, key.group), !isNew);
    } catch (e) {
      await handlePublishError(e, key, content);
    } finally {
      setBusy(false);
    }
  };

  const handlePublishError = async (e: unknown, key: ConfigKey, content: string) => {
    if (e instanceof ApiError && e.kind === 'conflict') {
      try {
        setTheirs(await api.configs.detail(key));
        if (content !== draft.content) {
          setDraft((d) => ({ ...d, content }));
          setDocVersion((n) => n + 1);
        }
        setDialog('conflict');
      } catch (e2) {
        setPublishError(e2);
      }
      return;
    }
    if (e instanceof ApiError && e.kind === 'validation' && e.field) {
      setErrors({ [e.field]: e.message });
      setDialog(null);
      return;
    }
    setPublishError(e);
  };

  useKeys({
    save: () => (dialog === null ? review() : undefined),
    Escape: () => (dirty ? setDialog('discard') : leave()),
  });

  if (!isNew && base === null) {
    return <EmptyState title="This config does not exist, so there is nothing to edit." />;
  }
  return (
    <div class="config-editor">
      {movedOn && (
        <div class="warn-banner" role="alert" data-testid="moved-on">
          Someone published a newer version while you were editing. Publishing will show both versions so you can merge.
        </div>
      )}
      {deletedMeanwhile && (
        <div class="warn-banner" role="alert">
          This config was deleted while you were editing. Publishing creates it again.
        </div>
      )}
      <MetaFields draft={draft} isNew={isNew} errors={errors} onChange={change} />
      <div class={`field${errors.content || syntax ? ' has-error' : ''}`}>
        <label>Content</label>
        <Editor
          value={draft.content}
          type={draft.type}
          onChange={(content) => change({ content })}
          onSave={() => review()}
          label="Config content"
          version={docVersion}
          autoFocus={!isNew}
          invalid={!!(errors.content || syntax)}
        />
        {errors.content && <div class="field-error" role="alert" data-testid="f-content-error">{errors.content}</div>}
        {syntax && (
          <div class="field-error" role="alert" data-testid="syntax-error">
            {draft.type.toUpperCase()} syntax: {describeProblem(syntax)}{' '}
            <button class="link" onClick={() => review(true)}>
              Publish anyway
            </button>
          </div>
        )}
      </div>
      <div class="toolbar sticky">
        <button class="primary" onClick={() => review()} title="Review the diff and publish (Ctrl/Cmd+S)" data-testid="review-publish">
          Review &amp; publish
        </button>
        <button onClick={() => (dirty ? setDialog('discard') : leave())} title="Esc">
          Cancel
        </button>
        <span class="muted">{dirty ? 'Unsaved changes' : 'No changes'}</span>
      </div>
      {dialog === 'publish' && (
        <PublishDialog
          base={base ? baseDraft : null}
          draft={draft}
          busy={busy}
          error={publishError}
          onClose={() => setDialog(null)}
          onPublish={() => publish(draft.content, base?.md5)}
        />
      )}
      {dialog === 'conflict' && (
        <ConflictDialog
          baseContent={base?.content ?? ''}
          mine={draft.content}
          theirs={theirs}
          type={draft.type}
          busy={busy}
          error={publishError}
          onClose={() => setDialog(null)}
          onPublish={(content) => publish(content, theirs?.md5)}
          onTakeTheirs={() => {
            setBase(theirs);
            setDraft(draftOf(theirs, configKey));
            setDocVersion((n) => n + 1);
            setDialog(null);
          }}
        />
      )}
      {(dialog === 'discard' || blocked !== null) && (
        <ConfirmDialog
          title="Discard your changes?"
          confirmLabel="Discard"
          danger
          onClose={() => (blocked !== null ? resolveBlockedLeave(false) : setDialog(null))}
          onConfirm={async () => (blocked !== null ? resolveBlockedLeave(true) : leave())}
        >
          <p>Your edit has not been published. Leaving the editor drops it.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
