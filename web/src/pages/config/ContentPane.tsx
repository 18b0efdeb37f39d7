// Content tab: the read-only view, or the editor when editing or creating.

import type { ConfigDetail, ConfigKey } from '../../api/types';
import { ConfigEditor } from './ConfigEditor';
import { ConfigView } from './ConfigView';

export interface ContentPaneProps {
  ns: string;
  configKey: ConfigKey | null;
  detail: ConfigDetail | null;
  editing: boolean;
  onReload: () => void;
}

export function ContentPane({ ns, configKey, detail, editing, onReload }: ContentPaneProps) {
  if (editing) return <ConfigEditor ns={ns} configKey={configKey} detail={detail} onReload={onReload} />;
  if (!configKey) return null;
  return <ConfigView ns={ns} configKey={configKey} detail={detail} />;
}
