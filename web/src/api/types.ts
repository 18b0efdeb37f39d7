// Wire types of the Nacos-compatible HTTP API (shared/nacos-protocol.md §4, §7, §10, §11).
// Field names and shapes are exactly what the server sends; nothing here is console-specific.

/** The types a config may carry (§2.1); anything else is stored as `text`. */
export const CONFIG_TYPES = ['text', 'properties', 'yaml', 'json', 'xml', 'html', 'toml'] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

/** `Page` object of search and history (§4.5, §4.7); not wrapped in an envelope. */
export interface Page<T> {
  totalCount: number;
  pageNumber: number;
  pagesAvailable: number;
  pageItems: T[];
}

/** One row of a config search (§4.5); `md5` is null in list rows. */
export interface ConfigRow {
  id: string;
  dataId: string;
  group: string;
  content?: string;
  md5?: string | null;
  tenant: string;
  appName?: string | null;
  type?: string | null;
  /** Sent by some servers in list rows too. */
  configTags?: string | null;
  modifyTime?: number;
}

/** Full record of `GET /v1/cs/configs?show=all` (§4.4). */
export interface ConfigDetail extends ConfigRow {
  content: string;
  md5: string;
  desc?: string | null;
  createTime?: number;
  createUser?: string | null;
  createIp?: string | null;
}

/** `ConfigHistoryInfo` (§4.7). `id` is the nid; U/D rows hold the content before the change. */
export interface HistoryRow {
  id: string;
  lastId?: number;
  dataId: string;
  group: string;
  tenant: string;
  appName?: string | null;
  md5?: string | null;
  content?: string;
  srcIp?: string | null;
  srcUser?: string | null;
  opType: string;
  publishType?: string | null;
  extInfo?: string | null;
  createdTime?: string;
  lastModifiedTime?: string;
}

/** Listener query answer (§4.6); the field name typo is the real wire name. */
export interface ListenerStatus {
  collectStatus: number;
  lisentersGroupkeyStatus: Record<string, string>;
}

/** Namespace JSON (§7). The public namespace has id "". */
export interface Namespace {
  namespace: string;
  namespaceShowName: string;
  namespaceDesc?: string | null;
  quota?: number;
  configCount?: number;
  type?: number;
}

/** `GET /v1/console/server/state` (§11): a flat map of stringified values. */
export type ServerState = Record<string, string | null>;

/** Login answer (§9.2). */
export interface LoginResult {
  accessToken: string;
  tokenTtl: number;
  globalAdmin: boolean;
  username?: string;
}

/** Result of import and clone (§10.3). */
export interface ImportResult {
  succCount: number;
  skipCount?: number;
  failData?: Array<{ dataId: string; group: string }>;
  skipData?: Array<{ dataId: string; group: string }>;
  unrecognizedCount?: number;
  unrecognizedData?: Array<{ itemName: string }>;
}

/** `{"code":200,"message":...,"data":...}` envelope used by the console endpoints. */
export interface RestResult<T> {
  code: number;
  message: string | null;
  data: T;
}

export type ConflictPolicy = 'ABORT' | 'SKIP' | 'OVERWRITE';

/** Identity of one config. `tenant` "" is the public namespace. */
export interface ConfigKey {
  dataId: string;
  group: string;
  tenant: string;
}

/** Body of the console event stream's `change` event (docs/console.md). */
export interface ChangeEvent extends ConfigKey {
  md5: string;
  revision?: number;
}
