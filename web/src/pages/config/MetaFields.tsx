// The editable fields of a config besides its content.

import { CONFIG_TYPES } from '../../api/types';
import { Field } from '../../components/Field';
import type { FieldErrors } from '../../lib/validation';

export interface Draft {
  dataId: string;
  group: string;
  type: string;
  desc: string;
  tags: string;
  appName: string;
  content: string;
}

export interface MetaFieldsProps {
  draft: Draft;
  isNew: boolean;
  errors: FieldErrors;
  onChange: (patch: Partial<Draft>) => void;
}

export function MetaFields({ draft, isNew, errors, onChange }: MetaFieldsProps) {
  const text = (name: keyof Draft) => (e: Event) => onChange({ [name]: (e.target as HTMLInputElement).value });
  return (
    <div class="meta-fields">
      <Field label="Data ID" id="f-dataId" error={errors.dataId} hint={isNew ? 'Letters, digits and - _ . :' : undefined}>
        <input id="f-dataId" name="dataId" value={draft.dataId} readOnly={!isNew} autoFocus={isNew} onInput={text('dataId')} aria-invalid={!!errors.dataId} />
      </Field>
      <Field label="Group" id="f-group" error={errors.group}>
        <input id="f-group" name="group" value={draft.group} readOnly={!isNew} onInput={text('group')} aria-invalid={!!errors.group} />
      </Field>
      <Field label="Type" id="f-type" error={errors.type}>
        <select id="f-type" name="type" value={draft.type} onChange={text('type')}>
          {CONFIG_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tags" id="f-tags" error={errors.configTags} hint="Comma-separated, at most 5">
        <input id="f-tags" name="config_tags" value={draft.tags} onInput={text('tags')} aria-invalid={!!errors.configTags} />
      </Field>
      <Field label="App" id="f-appName" error={errors.appName}>
        <input id="f-appName" name="appName" value={draft.appName} onInput={text('appName')} />
      </Field>
      <Field label="Description" id="f-desc" error={errors.desc}>
        <input id="f-desc" name="desc" value={draft.desc} onInput={text('desc')} aria-invalid={!!errors.desc} />
      </Field>
      {errors.tenant && <div class="field-error" role="alert">{errors.tenant}</div>}
    </div>
  );
}
