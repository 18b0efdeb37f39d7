// Create or edit a namespace; server errors appear next to the field they name.

import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { Namespace } from '../api/types';
import type { NamespaceInput } from '../api/namespaces';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { hasErrors, validateNamespaceForm, type FieldErrors } from '../lib/validation';

export interface NamespaceFormProps {
  existing?: Namespace;
  onSave: (ns: NamespaceInput) => Promise<void>;
  onCancel: () => void;
}

export function NamespaceForm({ existing, onSave, onCancel }: NamespaceFormProps) {
  const [form, setForm] = useState<NamespaceInput>({
    id: existing?.namespace ?? '',
    name: existing?.namespaceShowName ?? '',
    desc: existing?.namespaceDesc ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const errs = validateNamespaceForm(form);
    setErrors(errs);
    setError(null);
    if (hasErrors(errs)) return;
    setBusy(true);
    try {
      await onSave({ id: form.id.trim(), name: form.name.trim(), desc: form.desc });
    } catch (err) {
      if (err instanceof ApiError && err.field) {
        // The server names the id `tenant`/`namespaceId`; both are the id field here.
        const field = err.field === 'tenant' ? 'namespaceId' : err.field;
        setErrors({ [field]: err.message });
      } else setError(err);
    }
    setBusy(false);
  };
  const input = (name: keyof NamespaceInput) => (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value });

  return (
    <form class="ns-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} data-testid="namespace-form">
      <Field label="ID" id="ns-id" error={errors.namespaceId} hint={existing ? undefined : 'Letters, digits, _ and -; empty generates one'}>
        <input id="ns-id" value={form.id} readOnly={!!existing} onInput={input('id')} autoFocus={!existing} />
      </Field>
      <Field label="Name" id="ns-name" error={errors.namespaceName}>
        <input id="ns-name" value={form.name} onInput={input('name')} autoFocus={!!existing} />
      </Field>
      <Field label="Description" id="ns-desc" error={errors.namespaceDesc}>
        <input id="ns-desc" value={form.desc} onInput={input('desc')} />
      </Field>
      <div class="toolbar">
        <button type="submit" class="primary" disabled={busy}>
          {existing ? 'Save' : 'Create'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
}
