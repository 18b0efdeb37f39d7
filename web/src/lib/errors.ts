// Maps an HTTP error answer of the Nacos API to what the console shows: a kind, a readable
// message and, when the server named one, the form field that caused it. The server's error
// bodies follow nacos-protocol.md §3.1: `caused: <message>;` from the v1 controllers,
// `Param '<name>' is illegal, ...` from the parameter checker, Spring's JSON error object for
// auth failures, and the v2 `{"code","message","data"}` envelope.

export type ErrorKind =
  | 'conflict' // CAS publish failed: someone else changed the config
  | 'validation' // 400: a parameter is wrong
  | 'auth' // 401/403: login needed or not allowed
  | 'notFound' // 404
  | 'network' // no answer at all
  | 'server'; // anything else

/** Form fields an error can be attached to. */
export type ErrorField =
  | 'dataId'
  | 'group'
  | 'tenant'
  | 'content'
  | 'desc'
  | 'configTags'
  | 'appName'
  | 'type'
  | 'namespaceId'
  | 'namespaceName'
  | 'namespaceDesc'
  | 'username'
  | 'password'
  | 'file'
  | 'pageNo';

export interface ClassifiedError {
  kind: ErrorKind;
  status: number;
  message: string;
  field?: ErrorField;
}

const CAS_FAIL = /cas publish fail/i;

/** Extracts the human text of an error body in any of the server's error styles. */
export function errorText(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const obj = JSON.parse(trimmed) as Record<string, unknown>;
      if (typeof obj.data === 'string' && obj.data) return obj.data;
      if (typeof obj.message === 'string' && obj.message) return obj.message;
      if (typeof obj.error === 'string' && obj.error) return obj.error;
    } catch {
      // Not JSON after all: fall through to the plain-text rules.
    }
  }
  let text = trimmed;
  const caused = /^caused:\s*/i;
  if (caused.test(text)) text = text.replace(caused, '').replace(/;\s*$/, '');
  return unescapeHtml(text);
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// Order matters: the first pattern that matches names the field.
const FIELD_PATTERNS: Array<[RegExp, ErrorField]> = [
  [/param 'namespaceShowName'|namespaceName|namespace name/i, 'namespaceName'],
  [/param 'namespaceDesc'|namespaceDesc/i, 'namespaceDesc'],
  [/customNamespaceId|param 'namespaceId\/tenant'|namespaceId|'tenant'|invalid tenant|namespace/i, 'tenant'],
  [/dataId/i, 'dataId'],
  [/\bgroup\b/i, 'group'],
  [/config_tags|configTags|\btag\b/i, 'configTags'],
  [/\bdesc\b/i, 'desc'],
  [/appName/i, 'appName'],
  [/\btype\b/i, 'type'],
  [/content/i, 'content'],
  [/username|user not found/i, 'username'],
  [/password/i, 'password'],
  [/\bfile\b|zip/i, 'file'],
  [/pageNo|pageSize/i, 'pageNo'],
];

/** Which form field an error message is about, if it names one. */
export function fieldOf(message: string): ErrorField | undefined {
  for (const [re, field] of FIELD_PATTERNS) if (re.test(message)) return field;
  return undefined;
}

/** Classifies a non-2xx answer. `status` 0 means the request never got an answer. */
export function classifyError(status: number, body: string): ClassifiedError {
  const message = errorText(body) || defaultMessage(status);
  if (status === 0) return { kind: 'network', status, message };
  if (CAS_FAIL.test(body)) return { kind: 'conflict', status, message };
  if (status === 401 || status === 403) return { kind: 'auth', status, message };
  if (status === 404) return { kind: 'notFound', status, message };
  // A missing required parameter answers 500 (§3.1) but is still the caller's mistake.
  const missingParam = /required (request )?parameter/i.test(message);
  if (status === 400 || missingParam) return { kind: 'validation', status, message, field: fieldOf(message) };
  return { kind: 'server', status, message };
}

function defaultMessage(status: number): string {
  if (status === 0) return 'The server did not answer. Is lever-server running?';
  if (status === 404) return 'Not found (404).';
  if (status === 501 || status === 405) return `This server does not support the request yet (HTTP ${status}).`;
  return `The server answered HTTP ${status}.`;
}
