// A labelled form control with its error right under it.

import type { ComponentChildren } from 'preact';

export interface FieldProps {
  label: string;
  id: string;
  error?: string;
  hint?: string;
  children: ComponentChildren;
}

export function Field({ label, id, error, hint, children }: FieldProps) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {error ? (
        <div class="field-error" role="alert" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </div>
      ) : (
        hint && <div class="field-hint">{hint}</div>
      )}
    </div>
  );
}
