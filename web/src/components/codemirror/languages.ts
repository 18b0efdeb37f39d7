// Syntax highlighting per config type.

import { html } from '@codemirror/lang-html';
import { json } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { yaml } from '@codemirror/lang-yaml';
import { StreamLanguage } from '@codemirror/language';
import { properties } from '@codemirror/legacy-modes/mode/properties';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import type { Extension } from '@codemirror/state';

const propertiesLang = StreamLanguage.define(properties);
const tomlLang = StreamLanguage.define(toml);

export function languageFor(type: string): Extension {
  switch (type) {
    case 'json':
      return json();
    case 'yaml':
      return yaml();
    case 'xml':
      return xml();
    case 'html':
      return html();
    case 'properties':
      return propertiesLang;
    case 'toml':
      return tomlLang;
    default:
      return [];
  }
}
