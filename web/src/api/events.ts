// Live updates from the console event stream (docs/console.md, "Live updates"):
// `GET /nacos/v1/console/events?tenant=<ns>` as Server-Sent Events, one `change` event per
// committed change. When the stream cannot be opened or breaks, the feed falls back to a
// periodic "refresh everything" tick and retries the stream later.

import type { ChangeEvent } from './types';

/** The part of EventSource the feed uses (lets unit tests inject a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export type FeedState = 'connecting' | 'live' | 'polling';

export interface ChangeFeedOptions {
  url: string;
  /** A change, or null for "something may have changed: refresh" (poll tick, resync). */
  onChange: (change: ChangeEvent | null) => void;
  onState?: (state: FeedState) => void;
  createEventSource?: (url: string) => EventSourceLike;
  /** Refresh period while the stream is down. */
  pollMs?: number;
  /** Delay before trying the stream again after it failed. */
  retryMs?: number;
}

/** Starts the feed; the returned function stops it. */
export function subscribeChanges(opts: ChangeFeedOptions): () => void {
  const pollMs = opts.pollMs ?? 10_000;
  const retryMs = opts.retryMs ?? 30_000;
  const create = opts.createEventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
  let source: EventSourceLike | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let wasDown = false;

  const setState = (s: FeedState) => opts.onState?.(s);

  const stopPolling = () => {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  };

  const open = () => {
    retryTimer = null;
    if (stopped) return;
    setState('connecting');
    let es: EventSourceLike;
    try {
      es = create(opts.url);
    } catch {
      fail();
      return;
    }
    source = es;
    es.onopen = () => {
      if (source !== es) return;
      stopPolling();
      setState('live');
      // Changes made while the stream was down were missed: resync once.
      if (wasDown) opts.onChange(null);
      wasDown = false;
    };
    es.addEventListener('change', (ev: MessageEvent) => {
      if (source !== es) return;
      const change = parseChange(ev.data);
      opts.onChange(change);
    });
    es.onerror = () => {
      if (source !== es) return;
      fail();
    };
  };

  const fail = () => {
    source?.close();
    source = null;
    wasDown = true;
    if (stopped) return;
    setState('polling');
    if (pollTimer === null) pollTimer = setInterval(() => opts.onChange(null), pollMs);
    if (retryTimer === null) retryTimer = setTimeout(open, retryMs);
  };

  open();
  return () => {
    stopped = true;
    source?.close();
    source = null;
    stopPolling();
    if (retryTimer !== null) clearTimeout(retryTimer);
  };
}

/** Parses a `change` event body; a malformed one still means "refresh". */
export function parseChange(data: unknown): ChangeEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as Partial<ChangeEvent>;
    if (typeof v.dataId !== 'string' || typeof v.group !== 'string') return null;
    return {
      dataId: v.dataId,
      group: v.group,
      tenant: typeof v.tenant === 'string' ? v.tenant : '',
      md5: typeof v.md5 === 'string' ? v.md5 : '',
      revision: typeof v.revision === 'number' ? v.revision : undefined,
    };
  } catch {
    return null;
  }
}
