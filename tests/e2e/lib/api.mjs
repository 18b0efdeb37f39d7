// Direct calls to the server's Nacos API, for test setup and for checking what the console did.

export function nacos(baseUrl) {
  const form = (params) => new URLSearchParams(params).toString();
  return {
    async publish({ dataId, group = 'DEFAULT_GROUP', content, tenant = '', type = 'text' }) {
      const res = await fetch(`${baseUrl}/nacos/v1/cs/configs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form({ dataId, group, content, tenant, type }),
      });
      const text = await res.text();
      if (res.status !== 200 || text.trim() !== 'true') throw new Error(`publish ${dataId}: ${res.status} ${text}`);
    },
    /** The `show=all` record, or null. */
    async detail({ dataId, group = 'DEFAULT_GROUP', tenant = '' }) {
      const res = await fetch(`${baseUrl}/nacos/v1/cs/configs?${form({ show: 'all', dataId, group, tenant })}`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`detail ${dataId}: ${res.status} ${text}`);
      return text.trim() ? JSON.parse(text) : null;
    },
    /**
     * Holds a long-poll listener (nacos-protocol.md §5) until `stop()` or the 30 s timeout.
     * Returns the response promise and a stop function.
     */
    listen({ dataId, group = 'DEFAULT_GROUP', md5, tenant = '' }) {
      const ctl = new AbortController();
      const line = [dataId, group, md5, tenant].filter((p, i) => i < 3 || p).join('\u0002') + '\u0001';
      const done = fetch(`${baseUrl}/nacos/v1/cs/configs/listener`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Long-Pulling-Timeout': '30000' },
        body: form({ 'Listening-Configs': line }),
        signal: ctl.signal,
      })
        .then((r) => r.text())
        .catch((e) => (e.name === 'AbortError' ? '' : Promise.reject(e)));
      return { done, stop: () => ctl.abort() };
    },
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes. */
export async function waitFor(fn, { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}
