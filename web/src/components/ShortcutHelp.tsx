import { Modal } from './Modal';

const SHORTCUTS: Array<[string, string]> = [
  ['/', 'Search configs'],
  ['j / ↓, k / ↑', 'Move in a list'],
  ['Enter', 'Open the selected config or version'],
  ['e', 'Edit the selected or open config'],
  ['n', 'New config'],
  ['h / l / c', 'History, listeners, content of the open config'],
  ['Ctrl/Cmd + S', 'Review the diff and publish'],
  ['Del', 'Delete the selected config'],
  ['Esc', 'Close a dialog, leave the editor'],
  ['?', 'This help'],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, v]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
