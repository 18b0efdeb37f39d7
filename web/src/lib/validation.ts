// Client-side form checks. The server is the authority on ids, lengths and tags (its 400
// answers are shown next to the field, see errors.ts); the console only catches what it can
// know for sure before a round trip: required fields left blank.

import type { ErrorField } from './errors';

export type FieldErrors = Partial<Record<ErrorField, string>>;

export interface ConfigForm {
  dataId: string;
  group: string;
  content: string;
}

export function validateConfigForm(f: ConfigForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!f.dataId.trim()) errors.dataId = 'Data ID is required.';
  if (!f.group.trim()) errors.group = 'Group is required.';
  if (!f.content.trim()) errors.content = 'Content must not be blank.';
  return errors;
}

export interface NamespaceForm {
  name: string;
}

export function validateNamespaceForm(f: NamespaceForm): FieldErrors {
  return f.name.trim() ? {} : { namespaceName: 'Name is required.' };
}

/** Comma-separated tags, trimmed, empty ones dropped: the form the server stores. */
export function normalizeTags(tags: string): string {
  return tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .join(',');
}

export function hasErrors(e: FieldErrors): boolean {
  return Object.values(e).some(Boolean);
}
