// Read-only view of a config with its metadata; `e` starts editing.

import { useState } from 'preact/hooks';
import type { ConfigDetail, ConfigKey } from '../../api/types';
import { DeleteConfigDialog } from '../../components/DeleteConfigDialog';
import { Editor } from '../../components/Editor';
import { EmptyState } from '../../components/Status';
import { useKeys } from '../../components/useKeys';
import { formatTime } from '../../lib/format';
import { configRoute, configsRoute } from '../../lib/route';
import { href, navigate } from '../../state/router';

export function ConfigView({ ns, configKey, detail }: { ns: string; configKey: ConfigKey; detail: ConfigDetail | null }) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editHref = href(configRoute(ns, configKey.dataId, configKey.group, 'content', true));
  useKeys({ e: () => navigate(configRoute(ns, configKey.dataId, configKey.group, 'content', true)) });

  if (!detail) {
    return (
      <EmptyState title="This config does not exist (or was just deleted).">
        <p>Its history may still hold earlier versions.</p>
        <a class="button" href={href(configRoute(ns, configKey.dataId, configKey.group, 'history'))}>
          Open history
        </a>
      </EmptyState>
    );
  }
  const type = detail.type || 'text';
  return (
    <div class="config-view">
      <div class="toolbar">
        <a class="button primary" href={editHref} title="Edit (e)" data-testid="edit-button">
          Edit
        </a>
        <button class="danger" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
      </div>
      <dl class="meta" data-testid="config-meta">
        <dt>Type</dt>
        <dd>
          <span class="badge">{type}</span>
        </dd>
        <dt>MD5</dt>
        <dd class="mono" data-testid="config-md5">
          {detail.md5}
        </dd>
        <dt>Modified</dt>
        <dd>{formatTime(detail.modifyTime)}</dd>
        {detail.desc && (
          <>
            <dt>Description</dt>
            <dd>{detail.desc}</dd>
          </>
        )}
        {detail.configTags && (
          <>
            <dt>Tags</dt>
            <dd>
              {detail.configTags.split(',').map((t) => (
                <span key={t} class="badge tag">
                  {t}
                </span>
              ))}
            </dd>
          </>
        )}
        {detail.appName && (
          <>
            <dt>App</dt>
            <dd>{detail.appName}</dd>
          </>
        )}
      </dl>
      <Editor value={detail.content} type={type} readOnly label={`Content of ${detail.dataId}`} />
      {confirmDelete && (
        <DeleteConfigDialog configKey={configKey} onClose={() => setConfirmDelete(false)} onDeleted={() => navigate(configsRoute(ns))} />
      )}
    </div>
  );
}
