// Confirmation and execution of a config delete, shared by the list and the detail view.

import type { ConfigKey } from '../api/types';
import { namespaceLabel } from '../lib/format';
import { api } from '../state/session';
import { toast } from '../state/toast';
import { ConfirmDialog } from './ConfirmDialog';

export interface DeleteConfigDialogProps {
  configKey: ConfigKey;
  onDeleted: () => void;
  onClose: () => void;
}

export function DeleteConfigDialog({ configKey, onDeleted, onClose }: DeleteConfigDialogProps) {
  return (
    <ConfirmDialog
      title="Delete config"
      confirmLabel="Delete"
      danger
      onClose={onClose}
      onConfirm={async () => {
        await api.configs.remove(configKey);
        toast(`Deleted ${configKey.dataId}`);
        onDeleted();
      }}
    >
      <p>
        Delete <b class="mono">{configKey.dataId}</b> ({configKey.group}) from {namespaceLabel(configKey.tenant)}? Clients that listen
        to it are told it is gone. History keeps its content, so it can be restored from there.
      </p>
    </ConfirmDialog>
  );
}
