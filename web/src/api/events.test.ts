import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseChange, subscribeChanges, type EventSourceLike, type FeedState } from './events';
import type { ChangeEvent } from './types';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  listeners = new Map<string, (ev: MessageEvent) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (ev: MessageEvent) => void) {
    this.listeners.set(type, l);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(data: string) {
    this.listeners.get('change')?.({ data } as MessageEvent);
  }
  fail() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

describe('subscribeChanges', () => {
  let sources: FakeSource[];
  let changes: Array<ChangeEvent | null>;
  let states: FeedState[];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    sources = [];
    changes = [];
    states = [];
    stop = subscribeChanges({
      url: '/nacos/v1/console/events?tenant=dev',
      onChange: (c) => changes.push(c),
      onState: (s) => states.push(s),
      createEventSource: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
      pollMs: 1000,
      retryMs: 5000,
    });
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('delivers change events once open', () => {
    sources[0].open();
    sources[0].emit('{"dataId":"a","group":"G","tenant":"dev","md5":"m","revision":4}');
    expect(states).toEqual(['connecting', 'live']);
    expect(changes).toEqual([{ dataId: 'a', group: 'G', tenant: 'dev', md5: 'm', revision: 4 }]);
    expect(sources[0].url).toBe('/nacos/v1/console/events?tenant=dev');
  });

  it('polls while the stream is down, retries it, and resyncs after reconnect', () => {
    sources[0].fail();
    expect(states.at(-1)).toBe('polling');
    expect(sources[0].closed).toBe(true);
    vi.advanceTimersByTime(3000);
    expect(changes).toEqual([null, null, null]);
    vi.advanceTimersByTime(2000);
    expect(sources).toHaveLength(2);
    changes = [];
    sources[1].open();
    expect(states.at(-1)).toBe('live');
    expect(changes).toEqual([null]);
    vi.advanceTimersByTime(5000);
    expect(changes).toEqual([null]);
  });

  it('stops everything', () => {
    sources[0].fail();
    stop();
    vi.advanceTimersByTime(60000);
    expect(changes).toEqual([]);
    expect(sources).toHaveLength(1);
  });
});

describe('parseChange', () => {
  it('parses and defaults fields', () => {
    expect(parseChange('{"dataId":"a","group":"G"}')).toEqual({ dataId: 'a', group: 'G', tenant: '', md5: '', revision: undefined });
    expect(parseChange('nope')).toBeNull();
    expect(parseChange('{"group":"G"}')).toBeNull();
    expect(parseChange(undefined)).toBeNull();
  });
});
