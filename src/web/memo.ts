/**
 * Remembers async answers per key for `ttlMs`: for figures that are costly on a large
 * archive and fine to show a little old (front-page counts, a listing's total and tag
 * counts). Concurrent callers of a missing key share one computation; a failure is not kept.
 */
export class Memo<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 1000,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    this.entries.delete(key);
    // Oldest out first: a Map keeps insertion order.
    if (this.entries.size >= this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
