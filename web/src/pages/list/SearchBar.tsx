// Search form of the config list: dataId, group and tags, exact or fuzzy.

import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ListState } from '../../lib/route';

export interface SearchBarProps {
  list: ListState;
  onSearch: (list: ListState) => void;
  /** The Data ID field, so the page can focus it synchronously (the `/` shortcut). */
  inputRef: RefObject<HTMLInputElement>;
  /** ArrowDown in a search field hands the keyboard to the list. */
  onLeave: () => void;
}

export function SearchBar({ list, onSearch, inputRef, onLeave }: SearchBarProps) {
  const [form, setForm] = useState(list);
  useEffect(() => setForm(list), [list.dataId, list.group, list.tags, list.mode]);

  const set = (patch: Partial<ListState>) => setForm({ ...form, ...patch });
  const submit = (e: Event) => {
    e.preventDefault();
    onSearch({ ...form, pageNo: 1 });
  };
  const input = (name: 'dataId' | 'group' | 'tags') => (e: Event) => set({ [name]: (e.target as HTMLInputElement).value });

  return (
    <form
      class="searchbar"
      onSubmit={submit}
      role="search"
      data-testid="search-form"
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'Escape') return;
        if (!(e.target instanceof HTMLInputElement) || e.target.type === 'radio') return;
        e.preventDefault();
        e.target.blur();
        if (e.key === 'ArrowDown') onLeave();
      }}
    >
      <input ref={inputRef} aria-label="Data ID" placeholder="Data ID  ( / )" value={form.dataId} onInput={input('dataId')} name="dataId" />
      <input aria-label="Group" placeholder="Group" value={form.group} onInput={input('group')} name="group" />
      <input aria-label="Tags" placeholder="Tags (a,b)" value={form.tags} onInput={input('tags')} name="tags" />
      <div class="segmented" role="radiogroup" aria-label="Match">
        {(['blur', 'accurate'] as const).map((m) => (
          <label key={m} class={form.mode === m ? 'on' : ''}>
            <input type="radio" name="mode" value={m} checked={form.mode === m} onChange={() => onSearch({ ...form, mode: m, pageNo: 1 })} />
            {m === 'blur' ? 'Fuzzy' : 'Exact'}
          </label>
        ))}
      </div>
      <button type="submit" class="primary">
        Search
      </button>
    </form>
  );
}
