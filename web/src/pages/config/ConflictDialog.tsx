// Shown when a publish lost the compare-and-set race: someone published in between. The user
// sees the server's new version next to theirs, merges (by hand or automatically when the
// edits do not overlap) and publishes against the new version, or drops their edit.

import { useMemo, useState } from 'preact/hooks';
import type { ConfigDetail } from '../../api/types';
import { DiffView } from '../../components/DiffView';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Modal } from '../../components/Modal';
import { formatTime, shortMd5 } from '../../lib/format';
import { merge3 } from '../../lib/merge';

export interface ConflictDialogProps {
  /** The content the editor started from. */
  baseContent: string;
  mine: string;
  /** The server's version now; null when it was deleted meanwhile. */
  theirs: ConfigDetail | null;
  type: string;
  busy: boolean;
  error: unknown;
  onPublish: (content: string) => void;
  onTakeTheirs: () => void;
  onClose: () => void;
}

export function ConflictDialog(p: ConflictDialogProps) {
  const [merged, setMerged] = useState(p.mine);
  const [mergedVersion, setMergedVersion] = useState(0);
  const theirsContent = p.theirs?.content ?? '';
  const auto = useMemo(() => merge3(p.baseContent, p.mine, theirsContent), [p.baseContent, p.mine, theirsContent]);
  const canAutoMerge = auto.ok && auto.text !== merged;
  return (
    <Modal
      title="Someone else changed this config"
      wide
      onClose={p.onClose}
      testId="conflict-dialog"
      footer={
        <>
          {canAutoMerge && (
            <button onClick={() => {
                if (!auto.ok) return;
                setMerged(auto.text);
                setMergedVersion((n) => n + 1);
              }} data-testid="auto-merge">
              Merge both changes
            </button>
          )}
          <button onClick={p.onTakeTheirs} data-testid="take-theirs">
            Discard mine, load theirs
          </button>
          <button class="primary" disabled={p.busy} onClick={() => p.onPublish(merged)} data-testid="publish-merged">
            {p.busy ? 'Publishing…' : 'Publish my version'}
          </button>
        </>
      }
    >
      <p class="conflict-note" role="alert">
        {p.theirs
          ? `The server's version changed after you opened the editor (now md5 ${shortMd5(p.theirs.md5)}, modified ${formatTime(p.theirs.modifyTime)}). Nothing was published.`
          : 'The config was deleted after you opened the editor. Nothing was published.'}{' '}
        Edit your version on the right — the arrows copy a change from the server's version — then publish it over theirs.
        {!auto.ok && ` Both of you changed the same lines (${auto.conflicts} place${auto.conflicts === 1 ? '' : 's'}).`}
      </p>
      <DiffView
        original={theirsContent}
        modified={merged}
        type={p.type}
        originalLabel="On the server now"
        modifiedLabel="Your version (editable)"
        editable
        onChange={setMerged}
        modifiedVersion={mergedVersion}
      />
      <ErrorBanner error={p.error} />
    </Modal>
  );
}
