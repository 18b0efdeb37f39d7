// Import (zip upload) and clone (copy selected configs to another namespace), §10.3.

import { useEffect, useState } from 'preact/hooks';
import type { ConfigRow, ConflictPolicy, ImportResult } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { namespaceLabel } from '../../lib/format';
import { namespaces, reloadNamespaces } from '../../state/namespaces';
import { api } from '../../state/session';
import { useStore } from '../../state/store';

const POLICIES: Array<[ConflictPolicy, string]> = [
  ['ABORT', 'Abort at the first existing config'],
  ['SKIP', 'Skip existing configs'],
  ['OVERWRITE', 'Overwrite existing configs'],
];

function PolicySelect({ value, onChange }: { value: ConflictPolicy; onChange: (p: ConflictPolicy) => void }) {
  return (
    <Field label="When a config already exists" id="policy">
      <select id="policy" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as ConflictPolicy)}>
        {POLICIES.map(([p, label]) => (
          <option key={p} value={p}>
            {label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function ResultSummary({ result }: { result: ImportResult }) {
  const failed = result.failData ?? [];
  const skipped = result.skipData ?? [];
  return (
    <div class="result" data-testid="transfer-result">
      <p>
        {result.succCount} done, {result.skipCount ?? skipped.length} skipped, {failed.length} failed
        {result.unrecognizedCount ? `, ${result.unrecognizedCount} files not recognised` : ''}.
      </p>
      {failed.length > 0 && <p class="field-error">Failed: {failed.map((f) => `${f.group}/${f.dataId}`).join(', ')}</p>}
    </div>
  );
}

export function ImportDialog({ ns, onClose, onDone }: { ns: string; onClose: () => void; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [policy, setPolicy] = useState<ConflictPolicy>('ABORT');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.configs.importZip(ns, policy, file, file.name));
      onDone();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  return (
    <Modal
      title={`Import into ${namespaceLabel(ns)}`}
      onClose={onClose}
      testId="import-dialog"
      footer={
        <>
          <button onClick={onClose}>{result ? 'Close' : 'Cancel'}</button>
          <button class="primary" disabled={!file || busy} onClick={run}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </>
      }
    >
      <Field label="Zip file (as exported by Nacos or Lever)" id="import-file">
        <input id="import-file" type="file" accept=".zip,application/zip" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
      </Field>
      <PolicySelect value={policy} onChange={setPolicy} />
      <ErrorBanner error={error} />
      {result && <ResultSummary result={result} />}
    </Modal>
  );
}

export function CloneDialog({ ns, rows, onClose }: { ns: string; rows: ConfigRow[]; onClose: () => void }) {
  const list = useStore(namespaces);
  const targets = list.items.filter((n) => n.namespace !== ns);
  const [target, setTarget] = useState(targets[0]?.namespace ?? '');
  // Another console or a script may have added namespaces since the list was loaded.
  useEffect(() => void reloadNamespaces(), []);
  useEffect(() => {
    if (!targets.some((n) => n.namespace === target) && targets.length) setTarget(targets[0].namespace);
  }, [list.items]);
  const [policy, setPolicy] = useState<ConflictPolicy>('ABORT');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.configs.clone(target, policy, rows.map((r) => ({ cfgId: r.id, dataId: r.dataId, group: r.group }))));
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  return (
    <Modal
      title={`Clone ${rows.length} config${rows.length === 1 ? '' : 's'}`}
      onClose={onClose}
      testId="clone-dialog"
      footer={
        <>
          <button onClick={onClose}>{result ? 'Close' : 'Cancel'}</button>
          <button class="primary" disabled={busy || targets.length === 0} onClick={run}>
            {busy ? 'Cloning…' : 'Clone'}
          </button>
        </>
      }
    >
      {targets.length === 0 ? (
        <p>There is no other namespace to clone into. Create one on the Namespaces page.</p>
      ) : (
        <Field label="Target namespace" id="clone-target">
          <select id="clone-target" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
            {targets.map((n) => (
              <option key={n.namespace} value={n.namespace}>
                {namespaceLabel(n.namespace, n.namespaceShowName)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <PolicySelect value={policy} onChange={setPolicy} />
      <ul class="clone-list">
        {rows.map((r) => (
          <li key={r.id} class="mono">
            {r.group} / {r.dataId}
          </li>
        ))}
      </ul>
      <ErrorBanner error={error} />
      {result && <ResultSummary result={result} />}
    </Modal>
  );
}
