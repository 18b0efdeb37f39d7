// The last look before publishing: the diff against the server's current version.

import { ErrorBanner } from '../../components/ErrorBanner';
import { DiffView } from '../../components/DiffView';
import { Modal } from '../../components/Modal';
import { describeStats, diffStats } from '../../lib/diff';
import type { Draft } from './MetaFields';

export interface PublishDialogProps {
  base: { content: string; type: string; desc: string; tags: string; appName: string } | null;
  draft: Draft;
  busy: boolean;
  error: unknown;
  onPublish: () => void;
  onClose: () => void;
}

export function PublishDialog({ base, draft, busy, error, onPublish, onClose }: PublishDialogProps) {
  const original = base?.content ?? '';
  const stats = describeStats(diffStats(original, draft.content));
  const metaChanges: string[] = [];
  if (base) {
    if (base.type !== draft.type) metaChanges.push(`type ${base.type} → ${draft.type}`);
    if (base.desc !== draft.desc) metaChanges.push('description');
    if (base.tags !== draft.tags) metaChanges.push('tags');
    if (base.appName !== draft.appName) metaChanges.push('app');
  }
  return (
    <Modal
      title={base ? `Publish ${draft.dataId}` : `Create ${draft.dataId}`}
      wide
      onClose={onClose}
      testId="publish-dialog"
      footer={
        <>
          <span class="muted" data-testid="diff-stats">
            {stats}
            {metaChanges.length ? `; also changes ${metaChanges.join(', ')}` : ''}
          </span>
          <button onClick={onClose}>Back to editing</button>
          <button class="primary" disabled={busy} onClick={onPublish} data-autofocus data-testid="confirm-publish">
            {busy ? 'Publishing…' : 'Publish'}
          </button>
        </>
      }
    >
      <DiffView
        original={original}
        modified={draft.content}
        type={draft.type}
        originalLabel={base ? 'On the server now' : '(new config)'}
        modifiedLabel="Your version"
      />
      <ErrorBanner error={error} />
    </Modal>
  );
}
