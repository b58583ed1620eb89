/**
 * Remembers an async answer per key for `ttlMs`: for figures that are costly on a large
 * archive and fine to show a minute old (the front page's fandom counts). Concurrent
 * callers of a missing key share one computation.
 */
export function memoize<T>(ttlMs: number, compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    const value = compute(key);
    entries.set(key, { at: now, value });
    value.catch(() => entries.delete(key));
    return value;
  };
}
